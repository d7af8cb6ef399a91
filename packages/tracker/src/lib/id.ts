/** The 64 characters an id may use (the wire format's `[A-Za-z0-9_-]`), one per 6 random bits. */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-';

/**
 * A random id for events, visitors and sessions, matching `[A-Za-z0-9_-]{1,64}`.
 *
 * A UUID where `crypto.randomUUID` exists. It does not on insecure origins (a shop
 * tested over `http://192.168.x.x`), so the fallback draws 21 characters (126 bits,
 * more than a v4 UUID's 122) from `getRandomValues`, which works everywhere.
 */
export function randomId(source: Crypto = crypto): string {
  if (source.randomUUID) return source.randomUUID();
  return Array.from(source.getRandomValues(new Uint8Array(21)), (byte) => ALPHABET[byte & 63]).join('');
}
