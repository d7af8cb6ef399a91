/** Query keys dropped from every URL unless configured otherwise: they carry credentials or identities. */
export const DEFAULT_SCRUBBED_KEYS = ['token', 'access_token', 'auth', 'password', 'passwd', 'pwd', 'secret', 'session', 'sessionid', 'sid', 'key', 'api_key', 'apikey', 'email', 'e-mail', 'phone', 'mobile', 'tel'];

const EMAIL = /[A-Za-z0-9._%+-]+(?:@|%40)[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g;
/** The same pattern without the global flag, whose `test` keeps no state between calls. */
const HAS_EMAIL = new RegExp(EMAIL.source);
const REDACTED = '[email]';

/**
 * Removes personal data from a URL before it is stored: query keys listed in
 * `dropKeys` (case-insensitive) are removed, and anything that looks like an e-mail
 * address, in the path or in a query value (raw or percent-encoded), is replaced by
 * `[email]`. The tracker scrubs too; the collector does it again because not every
 * sender is our tracker.
 *
 * @returns the input itself when it is clean, else a scrubbed copy (the input is never modified)
 */
export function scrubUrl(url: URL, dropKeys: ReadonlySet<string>): URL {
  // Most URLs hold nothing to scrub: answer those without copying or rebuilding anything.
  if (!HAS_EMAIL.test(url.href) && !(url.search && [...url.searchParams.keys()].some((key) => dropKeys.has(key.toLowerCase())))) {
    return url;
  }
  const clean = new URL(url.href);
  if (HAS_EMAIL.test(clean.pathname)) clean.pathname = clean.pathname.replace(EMAIL, REDACTED);
  if (clean.search) {
    const params = new URLSearchParams();
    for (const [key, value] of clean.searchParams) {
      if (dropKeys.has(key.toLowerCase())) continue;
      params.append(key, value.replace(EMAIL, REDACTED));
    }
    clean.search = params.toString();
  }
  if (HAS_EMAIL.test(clean.hash)) clean.hash = clean.hash.replace(EMAIL, REDACTED);
  return clean;
}
