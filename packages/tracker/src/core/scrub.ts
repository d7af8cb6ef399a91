import { LIMITS } from '@vitrine/schema';

/**
 * Something that looks like an e-mail address, raw or percent-encoded (`%40`), inside
 * a path segment, a query value or a fragment. The local part stops at URL delimiters so
 * that only the address is replaced, never its neighbours.
 */
const EMAIL = /[^/?#&=:@\s]+(@|%40)[^/?#&=:@\s]+\.\w+/g;

/**
 * Scrubs a URL before it leaves the browser: drops the query keys in `dropKeys` (session
 * tokens, password-reset keys: whatever the store configures), drops the fragment unless
 * `keepHash` (hash routing; fragments otherwise carry anchors or OAuth tokens, never a
 * page), and replaces e-mail-like values anywhere after the origin with `redacted`.
 * UTM parameters stay: the collector reads them from the URL.
 *
 * The result is clipped to the wire format's URL length: a shortened URL is still useful.
 * The query is only re-serialized when a key is actually dropped, so a URL with nothing
 * to scrub comes back byte for byte. Returns `''` for what is not a URL (an empty referrer).
 */
export function scrubUrl(href: string, dropKeys: readonly string[], keepHash: boolean): string {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return '';
  }
  for (const key of dropKeys) if (url.searchParams.has(key)) url.searchParams.delete(key);
  if (!keepHash) url.hash = '';
  return (url.origin + (url.pathname + url.search + url.hash).replace(EMAIL, 'redacted')).slice(0, LIMITS.urlLength);
}
