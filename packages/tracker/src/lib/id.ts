/**
 * A random id for events, visitors and sessions: 32 hex digits (128 bits, more than a
 * v4 UUID's 122), which match the wire format's `[A-Za-z0-9_-]{1,64}`.
 *
 * `getRandomValues` rather than `randomUUID`, which is missing on insecure origins (a
 * shop tested over `http://192.168.x.x`): one code path that works everywhere.
 */
export const randomId = (source: Pick<Crypto, 'getRandomValues'> = crypto): string =>
  Array.from(source.getRandomValues(new Uint8Array(16)), (byte) => (byte | 256).toString(16).slice(1)).join('');
