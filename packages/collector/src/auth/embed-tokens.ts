import { createHmac, timingSafeEqual } from 'node:crypto';

/** The reports an embed token can open; `*` opens all. */
export const REPORT_NAMES = ['funnel', 'retention', 'content', 'commerce', 'trends', 'breakdown', 'vitals'] as const;
/** A report's name, as in `/v1/reports/<name>`. */
export type ReportName = (typeof REPORT_NAMES)[number];

/** Longest lifetime of an embed token: a leaked one must die within a day. */
export const MAX_TOKEN_TTL_S = 86_400;
/** Lifetime when none is asked for. */
export const DEFAULT_TOKEN_TTL_S = 3_600;

/** What an embed token grants. */
export interface EmbedClaims {
  /** The site key it may read. */
  site: string;
  /** The reports it may open, or `['*']` for all. */
  reports: string[];
  /** Expiry, epoch seconds. */
  exp: number;
}

const PREFIX = 'vt1';

/** The HMAC key for tokens, derived so the admin secret itself never signs anything directly. */
const signingKey = (secret: string) => createHmac('sha256', secret).update('vitrine embed token v1').digest();
const sign = (secret: string, payload: string) => createHmac('sha256', signingKey(secret)).update(payload).digest();

/**
 * Mints a signed, short-lived embed token for an admin page: `vt1.<claims>.<hmac>`,
 * both parts base64url. Anyone can read the claims; nobody without the admin secret
 * can change them.
 */
export function mintEmbedToken(secret: string, claims: { site: string; reports: string[]; ttlSeconds: number }, now = Date.now()): {
  token: string;
  expires_at: string;
} {
  const ttl = Math.min(Math.max(Math.floor(claims.ttlSeconds), 1), MAX_TOKEN_TTL_S);
  const exp = Math.floor(now / 1000) + ttl;
  const payload = Buffer.from(JSON.stringify({ site: claims.site, reports: claims.reports, exp } satisfies EmbedClaims)).toString('base64url');
  const token = `${PREFIX}.${payload}.${sign(secret, payload).toString('base64url')}`;
  return { token, expires_at: new Date(exp * 1000).toISOString() };
}

/** Why a token was refused. */
export type TokenProblem = 'malformed' | 'bad_signature' | 'expired';

/** Whether a string has the shape of an embed token (as opposed to a site key or a secret). */
export const looksLikeEmbedToken = (token: string) => token.startsWith(`${PREFIX}.`);

/** Checks an embed token's signature and expiry, and returns its claims or the problem. */
export function verifyEmbedToken(secret: string, token: string, now = Date.now()): EmbedClaims | TokenProblem {
  const [prefix, payload, signature, ...rest] = token.split('.');
  if (prefix !== PREFIX || !payload || !signature || rest.length > 0) return 'malformed';
  const expected = sign(secret, payload);
  const given = Buffer.from(signature, 'base64url');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return 'bad_signature';
  let claims: EmbedClaims;
  try {
    claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as EmbedClaims;
  } catch {
    return 'malformed';
  }
  if (typeof claims.site !== 'string' || !Array.isArray(claims.reports) || typeof claims.exp !== 'number') return 'malformed';
  if (claims.exp * 1000 <= now) return 'expired';
  return claims;
}

/** Whether `claims` open `report` of `site`. */
export function allows(claims: EmbedClaims, site: string, report: string): 'ok' | 'wrong_site' | 'wrong_report' {
  if (claims.site !== site) return 'wrong_site';
  if (!claims.reports.includes('*') && !claims.reports.includes(report)) return 'wrong_report';
  return 'ok';
}

/**
 * Reads a lifetime such as `90s`, `30m`, `1h` or `3600` (seconds).
 * @returns seconds, or null if it is not a lifetime up to 24 h
 */
export function parseTtl(value: string | number | undefined): number | null {
  if (value === undefined) return DEFAULT_TOKEN_TTL_S;
  const match = /^(\d+)\s*([smh]?)$/.exec(String(value).trim());
  if (!match) return null;
  const seconds = Number(match[1]) * ({ '': 1, s: 1, m: 60, h: 3600 } as const)[match[2] as '' | 's' | 'm' | 'h'];
  return seconds >= 1 && seconds <= MAX_TOKEN_TTL_S ? seconds : null;
}
