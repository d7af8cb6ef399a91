import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * The token of an `Authorization: Bearer …` header, or null. Tokens travel only in this
 * header, never in the URL, where they would leak into access logs and browser history.
 */
export function bearerToken(authorization: string | undefined): string | null {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization ?? '');
  return match ? match[1]! : null;
}

/** Compares two secrets in constant time, over fixed-length digests so lengths leak nothing. */
export function sameSecret(a: string, b: string): boolean {
  return timingSafeEqual(digest(a), digest(b));
}
