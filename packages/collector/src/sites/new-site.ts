import { randomBytes } from 'node:crypto';
import type { NewSite } from '../store/event-store.js';

/** What a caller may say about a new site (CLI flags or the `POST /v1/sites` body). */
export interface NewSiteInput {
  name?: unknown;
  key?: unknown;
  origins?: unknown;
  currency?: unknown;
  timezone?: unknown;
  cookieless?: unknown;
}

const KEY = /^[A-Za-z0-9_-]{3,64}$/;

/** A random public site key: `pk_` and 16 url-safe characters. Public, but unguessable so sites cannot be enumerated. */
export const generateSiteKey = () => `pk_${randomBytes(12).toString('base64url')}`;

/** Whether the runtime knows an IANA time zone. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Checks a new site's settings and fills the defaults (a random key, currency CNY,
 * time zone Asia/Shanghai: the stores Vitrine is made for).
 *
 * @returns the site to store, or a reason naming the setting that is wrong
 */
export function parseNewSite(input: NewSiteInput): NewSite | string {
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  if (!name || name.length > 200) return 'name: required, at most 200 characters';
  const key = input.key === undefined ? generateSiteKey() : input.key;
  if (typeof key !== 'string' || !KEY.test(key)) return 'key: 3 to 64 of A-Z a-z 0-9 _ -';
  const origins = input.origins === undefined ? [] : input.origins;
  if (!Array.isArray(origins)) return 'origins: expected a list of origins';
  for (const origin of origins) {
    let parsed: URL | null = null;
    try {
      parsed = new URL(String(origin));
    } catch {
      // reported below
    }
    if (!parsed || !/^https?:$/.test(parsed.protocol) || parsed.origin !== origin) {
      return `origins: "${String(origin)}" is not an origin like https://shop.example`;
    }
  }
  const currency = input.currency ?? 'CNY';
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency)) return 'currency: an ISO 4217 code such as CNY or USD';
  const timezone = input.timezone ?? 'Asia/Shanghai';
  if (typeof timezone !== 'string' || !isTimeZone(timezone)) return 'timezone: an IANA time zone such as Asia/Shanghai';
  const cookieless = input.cookieless ?? false;
  if (typeof cookieless !== 'boolean') return 'cookieless: true or false';
  return { key, name, origins: origins as string[], currency, timezone, cookieless };
}
