/**
 * A random id for events, visitors and sessions: 128 random bits (more than a v4 UUID's
 * 122) as four 32-bit words in base 36, about 25 characters, which match the wire
 * format's `[A-Za-z0-9_-]{1,64}`. Shorter than hex (32), and every event's context carries two.
 *
 * `getRandomValues` rather than `randomUUID`, which is missing on insecure origins (a
 * shop tested over `http://192.168.x.x`): one code path that works everywhere.
 */
export const randomId = (source: Pick<Crypto, 'getRandomValues'> = crypto): string =>
  Array.from(source.getRandomValues(new Uint32Array(4)), (word) => word.toString(36)).join('');
