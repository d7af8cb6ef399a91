import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether the request's `Authorization: Bearer …` header carries `expected`.
 * Tokens travel only in this header, never in the URL, where they would leak into
 * access logs and browser history. Compared in constant time over fixed-length digests.
 */
export function hasBearerToken(authorization: string | undefined, expected: string): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match !== null && timingSafeEqual(digest(match[1]!), digest(expected));
}
