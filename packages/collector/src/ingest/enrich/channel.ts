import type { Channel } from '../../store/event-store.js';
import { knownSource } from './sources.js';

/** UTM parameters of a landing URL. */
export interface Utm {
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
}

/** The channel of a page view and the common name of its source. */
export interface Attribution {
  channel: Channel;
  source: string | null;
}

/** utm_medium values that mean money was paid for the click (GA4's and Baidu/Alimama's usual ones). */
const PAID_MEDIUM = /^(cpc|ppc|cpm|cpv|cpa|paid|paid[-_ ]?(search|social)|display|banner|retargeting|sem|ads?|直通车)$/i;
const EMAIL_MEDIUM = /^(e-?mail|newsletter|edm)$/i;
const SOCIAL_MEDIUM = /^(social|social[-_ ]?(network|media)|sm|kol)$/i;
const SEARCH_MEDIUM = /^(organic|seo)$/i;
/** Click ids that ad platforms append, which mark a paid click even without UTM tags. */
const PAID_CLICK_IDS = ['gclid', 'gbraid', 'wbraid', 'msclkid', 'bd_vid', 'qclid', 'dclid'];

/** Reads the UTM parameters of a URL's query string. */
export function readUtm(params: URLSearchParams): Utm {
  const get = (key: string) => params.get(key)?.slice(0, 200) || null;
  return {
    utm_source: get('utm_source'),
    utm_medium: get('utm_medium'),
    utm_campaign: get('utm_campaign'),
    utm_term: get('utm_term'),
    utm_content: get('utm_content'),
  };
}

/**
 * Classifies a visit: UTM tags first (a store tagged its own campaign links, so they
 * are the most deliberate signal), then ad click ids, then the referrer's domain.
 *
 * - `paid`: utm_medium says cpc/display/…, or an ad click id is present;
 * - `email`, `social`, `search`: by utm_medium, else by a known referrer domain;
 * - `internal`: the referrer is the page's own host (navigation inside the store);
 * - `referral`: any other referrer, including marketplaces such as Taobao and Tmall;
 * - `direct`: no referrer and no tags.
 */
export function classifyChannel(pageHost: string, params: URLSearchParams, utm: Utm, referrerHost: string | null): Attribution {
  const referrerSource = referrerHost ? knownSource(referrerHost) : undefined;
  const source = referrerSource?.name ?? utm.utm_source ?? referrerHost;
  const medium = utm.utm_medium ?? '';
  if (PAID_MEDIUM.test(medium) || PAID_CLICK_IDS.some((id) => params.has(id))) return { channel: 'paid', source };
  if (EMAIL_MEDIUM.test(medium)) return { channel: 'email', source };
  if (SOCIAL_MEDIUM.test(medium)) return { channel: 'social', source };
  if (SEARCH_MEDIUM.test(medium)) return { channel: 'search', source };
  if (referrerHost) {
    if (referrerHost === pageHost) return { channel: 'internal', source: null };
    if (referrerSource) return { channel: referrerSource.channel, source };
    return { channel: 'referral', source };
  }
  if (utm.utm_source) return { channel: 'referral', source };
  return { channel: 'direct', source: null };
}
