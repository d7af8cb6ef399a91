import { describe, expect, it } from 'vitest';
import { allows, mintEmbedToken, parseTtl, verifyEmbedToken } from './embed-tokens.js';

const secret = 'admin-secret';
const now = Date.parse('2026-11-24T12:00:00Z');

describe('embed tokens', () => {
  it('round-trips claims and expires after the TTL', () => {
    const { token, expires_at } = mintEmbedToken(secret, { site: 'shop', reports: ['funnel'], ttlSeconds: 3600 }, now);
    expect(expires_at).toBe('2026-11-24T13:00:00.000Z');
    expect(verifyEmbedToken(secret, token, now + 3_599_000)).toEqual({ site: 'shop', reports: ['funnel'], exp: now / 1000 + 3600 });
    expect(verifyEmbedToken(secret, token, now + 3_600_000)).toBe('expired');
  });

  it('refuses a token whose claims were edited, or that another secret signed', () => {
    const { token } = mintEmbedToken(secret, { site: 'shop', reports: ['funnel'], ttlSeconds: 60 }, now);
    const [prefix, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ site: 'other', reports: ['*'], exp: now / 1000 + 60 })).toString('base64url');
    expect(verifyEmbedToken(secret, `${prefix}.${forged}.${signature}`, now)).toBe('bad_signature');
    expect(verifyEmbedToken('another-secret', token, now)).toBe('bad_signature');
    expect(verifyEmbedToken(secret, 'vt1.abc', now)).toBe('malformed');
    expect(verifyEmbedToken(secret, 'shop', now)).toBe('malformed');
  });

  it('caps the lifetime at 24 hours', () => {
    const { expires_at } = mintEmbedToken(secret, { site: 'shop', reports: ['*'], ttlSeconds: 7 * 86_400 }, now);
    expect(expires_at).toBe('2026-11-25T12:00:00.000Z');
  });

  it('scopes a token to its site and reports', () => {
    const claims = { site: 'shop', reports: ['funnel', 'retention'], exp: 0 };
    expect(allows(claims, 'shop', 'funnel')).toBe('ok');
    expect(allows(claims, 'shop', 'content')).toBe('wrong_report');
    expect(allows(claims, 'blog', 'funnel')).toBe('wrong_site');
    expect(allows({ ...claims, reports: ['*'] }, 'shop', 'vitals')).toBe('ok');
  });

  it('reads lifetimes', () => {
    expect(parseTtl(undefined)).toBe(3600);
    expect(parseTtl('90s')).toBe(90);
    expect(parseTtl('30m')).toBe(1800);
    expect(parseTtl('24h')).toBe(86_400);
    expect(parseTtl(120)).toBe(120);
    expect(parseTtl('25h')).toBeNull();
    expect(parseTtl('0')).toBeNull();
    expect(parseTtl('1d')).toBeNull();
  });
});
