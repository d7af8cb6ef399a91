import { VITAL_THRESHOLDS, type VitalMetric } from '@vitrine/schema';

/** How one content piece behaves: how often it is seen, clicked, and how well its clickers buy. */
export interface ContentBehaviour {
  /** Chance that an opened page shows it long enough to count an impression (for an article: that reading starts). */
  seen: number;
  /** Chance that a visitor who saw it clicks it (CTR per impression). */
  ctr: number;
  /** Multiplies the add-to-cart chance of the product it leads to: a good banner sells, a weak one only attracts clicks. */
  lift: number;
  /** Articles only: chance to go on from one read-depth milestone to the next. */
  keepReading: number;
  /** Articles only: median time to read a quarter of the article, ms. */
  readMsPerQuarter: number;
}

const content = (seen: number, ctr: number, lift: number, keepReading = 0, readMsPerQuarter = 0): ContentBehaviour => ({ seen, ctr, lift, keepReading, readMsPerQuarter });

/**
 * The content pieces' behaviour, keyed by banner piece, `home-slot`, `guide:<slug>` (the
 * home page's guide teasers) and `article:<slug>` (the article itself, its read depth,
 * and the product teasers under it). The differences are the point: the Double 11 banner
 * is clicked twice as often as the silk one and its clickers buy more; the Longjing guide
 * is read to the end and sells, the Gongfu guide is read but rarely clicked.
 */
export const CONTENT_BEHAVIOUR: Readonly<Record<string, ContentBehaviour>> = {
  'hero-tea': content(0.95, 0.07, 1.6),
  'hero-silk': content(0.9, 0.035, 0.9),
  'side-teaware': content(0.6, 0.02, 0.5),
  'home-slot': content(0.7, 0.04, 1.1),
  'guide:brewing-longjing': content(0.45, 0.06, 1),
  'guide:pu-er-guide': content(0.45, 0.04, 1),
  'guide:caring-for-silk': content(0.45, 0.05, 1),
  'guide:gongfu-tea-at-home': content(0.45, 0.025, 1),
  'article:brewing-longjing': content(0.9, 0.16, 1.7, 0.8, 14000),
  'article:pu-er-guide': content(0.85, 0.08, 1.1, 0.65, 18000),
  'article:caring-for-silk': content(0.8, 0.11, 0.8, 0.7, 9000),
  'article:gongfu-tea-at-home': content(0.85, 0.05, 1.3, 0.75, 22000),
};

/**
 * The session model's knobs: the chance of each next step. Every chance is multiplied by
 * the session's intent (source × visitor affinity × landing-LCP factor; square-rooted for
 * the later steps, which depend less on mood), then capped at 95 %.
 */
export const SESSION_MODEL = {
  /** Pages in one session at most. */
  maxPages: 14,
  /** From the home page: to a product list, or to a guide (otherwise the visitor leaves, unless a banner was clicked). */
  home: { list: 0.4, article: 0.12 },
  /** From a list: pick a product. */
  list: { select: 0.55 },
  /** On a product page: add to cart; after adding, keep shopping (otherwise go to the cart); without adding, look at a related product or the list. */
  product: { add: 0.1, keepShopping: 0.25, related: 0.22, list: 0.12 },
  /** From the cart: start checking out. */
  cart: { checkout: 0.6 },
  /** From checkout: pay. */
  checkout: { pay: 0.62 },
  /** Refunds: share of orders, share of those refunded whole (the rest: one unit of one line), days after the order. */
  refund: { rate: 0.08, wholeShare: 0.55, minDays: 1, maxDays: 12 },
} as const;

/**
 * The landing page's LCP rating multiplies the session's intent: a page that takes over
 * 4 s to draw its main content loses most of its shoppers (the effect the vitals report's
 * conversion-by-LCP table shows).
 */
export function lcpConversionFactor(lcpMs: number): number {
  const rating = vitalRating('LCP', lcpMs);
  return rating === 'good' ? 1 : rating === 'needs-improvement' ? 0.7 : 0.35;
}

/** web.dev's rating of a sample, with the thresholds the collector's vitals report uses. */
export function vitalRating(metric: string, value: number): 'good' | 'needs-improvement' | 'poor' {
  const t = VITAL_THRESHOLDS[metric as VitalMetric];
  if (!t) return 'good';
  return value <= t.good ? 'good' : value <= t.poor ? 'needs-improvement' : 'poor';
}

/** Returning and cohort decay: who comes back, and after how long. */
export const RETURN_MODEL = {
  /** Chance that a visitor without an order comes back after their first session; each further session multiplies it by `decay`. */
  browser: 0.34,
  decay: 0.82,
  /** The floor of that chance. */
  floor: 0.06,
  /** Chance that a customer comes back after a session (they run out of tea). */
  customer: 0.62,
  /** Mean gap before a browser's next visit, days, and a customer's (replenishment). */
  browserGapDays: 6,
  customerGapDays: 17,
  /** A cart left full makes a return likelier. */
  cartBoost: 1.35,
} as const;

/** Bots: share of human visits, and how many pages one crawl fetches. */
export const BOT_MODEL = { share: 0.05, minPages: 3, maxPages: 25 } as const;
