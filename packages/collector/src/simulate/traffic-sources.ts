import type { Random } from './prng.js';

/** Where a simulated visitor comes from, and in which market. */
export type Region = 'cn' | 'west';

/** Which kind of page a source tends to land on. */
export type Landing = 'home' | 'list' | 'product' | 'article';

/** A traffic source as a real visit shows it: a referrer URL and/or UTM tags on the landing URL. */
export interface TrafficSource {
  /** The model's name for it (also the `source` key of the ground truth). */
  key: string;
  /** The channel the collector's enrichment should derive (`ingest/enrich/channel.ts`). */
  channel: 'search' | 'social' | 'paid' | 'email' | 'referral' | 'direct';
  region: Region;
  /** Relative share of first visits. */
  weight: number;
  /** Landing pages, by relative weight. */
  landings: Partial<Record<Landing, number>>;
  /** How much more (or less) likely than average its visitors are to buy. */
  intent: number;
  /** The referrer of the landing page view, or undefined for none. */
  referrer(rng: Random, mobile: boolean): string | undefined;
  /** Query parameters added to the landing URL (UTM tags, ad click ids). */
  query?(rng: Random): Record<string, string>;
}

const CAMPAIGNS = ['double11', 'winter_tea', 'silk_season'];
const id = (rng: Random, n: number) => rng.id(n);

/**
 * The sources of a China-first store that also sells abroad: Chinese search engines,
 * social apps and marketplaces, Western search and social, a newsletter, paid campaigns
 * tagged with UTM (Baidu SEM, Douyin ads, Google Ads) and direct visits. Referrers are
 * the URLs those sites really send (search result redirects, in-app link wrappers).
 */
export const TRAFFIC_SOURCES: readonly TrafficSource[] = [
  { key: 'direct', channel: 'direct', region: 'cn', weight: 16, landings: { home: 8, product: 2 }, intent: 1.3, referrer: () => undefined },
  {
    key: 'Baidu', channel: 'search', region: 'cn', weight: 14, landings: { home: 3, product: 5, list: 2, article: 2 }, intent: 1.1,
    referrer: (rng, mobile) => (mobile ? `https://m.baidu.com/from=844b/s?word=${encodeURIComponent(rng.pick(['龙井', '紫砂壶', '丝巾']))}` : `https://www.baidu.com/link?url=${id(rng, 24)}`),
  },
  { key: 'Sogou', channel: 'search', region: 'cn', weight: 3, landings: { product: 3, home: 1 }, intent: 1, referrer: (rng) => `https://www.sogou.com/link?url=${id(rng, 20)}` },
  { key: '360 Search', channel: 'search', region: 'cn', weight: 3, landings: { product: 3, home: 1 }, intent: 0.9, referrer: (rng) => `https://www.so.com/link?m=${id(rng, 20)}` },
  { key: 'WeChat', channel: 'social', region: 'cn', weight: 9, landings: { article: 5, product: 3, home: 1 }, intent: 1.2, referrer: (rng) => `https://mp.weixin.qq.com/s/${id(rng, 22)}` },
  { key: 'Weibo', channel: 'social', region: 'cn', weight: 4, landings: { product: 2, home: 1, article: 1 }, intent: 0.7, referrer: (rng) => `https://weibo.com/${rng.int(1000000000, 9999999999)}/${id(rng, 9)}` },
  { key: 'Douyin', channel: 'social', region: 'cn', weight: 5, landings: { product: 4, home: 1 }, intent: 0.8, referrer: (rng) => `https://www.douyin.com/video/${rng.int(7000000000, 7999999999)}` },
  { key: 'Xiaohongshu', channel: 'social', region: 'cn', weight: 7, landings: { article: 4, product: 3 }, intent: 1.15, referrer: (rng) => `https://www.xiaohongshu.com/explore/${id(rng, 24)}` },
  { key: 'Zhihu', channel: 'social', region: 'cn', weight: 4, landings: { article: 5, product: 1 }, intent: 0.9, referrer: (rng) => `https://www.zhihu.com/question/${rng.int(10000000, 99999999)}` },
  { key: 'Bilibili', channel: 'social', region: 'cn', weight: 2, landings: { article: 2, product: 2 }, intent: 0.8, referrer: (rng) => `https://www.bilibili.com/video/BV1${id(rng, 9)}` },
  { key: 'Taobao', channel: 'referral', region: 'cn', weight: 3, landings: { product: 1 }, intent: 1.4, referrer: (rng) => `https://item.taobao.com/item.htm?id=${rng.int(600000000000, 699999999999)}` },
  { key: 'Tmall', channel: 'referral', region: 'cn', weight: 2, landings: { product: 1 }, intent: 1.4, referrer: (rng) => `https://detail.tmall.com/item.htm?id=${rng.int(600000000000, 699999999999)}` },
  {
    key: 'newsletter', channel: 'email', region: 'cn', weight: 4, landings: { home: 1, product: 2 }, intent: 1.5, referrer: () => undefined,
    query: (rng) => ({ utm_source: 'newsletter', utm_medium: 'email', utm_campaign: rng.pick(CAMPAIGNS) }),
  },
  {
    key: 'Baidu SEM', channel: 'paid', region: 'cn', weight: 5, landings: { product: 4, list: 1 }, intent: 1, referrer: (rng) => `https://www.baidu.com/baidu.php?sc=${id(rng, 30)}`,
    query: (rng) => ({ utm_source: 'baidu', utm_medium: 'cpc', utm_campaign: rng.pick(CAMPAIGNS), utm_term: rng.pick(['龙井', '普洱', '丝巾', '紫砂壶']) }),
  },
  {
    key: 'Douyin Ads', channel: 'paid', region: 'cn', weight: 3, landings: { product: 1 }, intent: 0.6, referrer: () => undefined,
    query: (rng) => ({ utm_source: 'douyin', utm_medium: 'paid_social', utm_campaign: rng.pick(CAMPAIGNS), utm_content: rng.pick(['video-a', 'video-b']) }),
  },
  { key: 'Google', channel: 'search', region: 'west', weight: 6, landings: { product: 3, home: 2, article: 2 }, intent: 1, referrer: () => 'https://www.google.com/' },
  { key: 'Bing', channel: 'search', region: 'west', weight: 2, landings: { product: 2, home: 1 }, intent: 1, referrer: () => 'https://www.bing.com/' },
  { key: 'Facebook', channel: 'social', region: 'west', weight: 2, landings: { product: 2, article: 1 }, intent: 0.7, referrer: () => 'https://l.facebook.com/' },
  { key: 'Instagram', channel: 'social', region: 'west', weight: 2, landings: { product: 3 }, intent: 0.8, referrer: () => 'https://l.instagram.com/' },
  {
    key: 'Google Ads', channel: 'paid', region: 'west', weight: 2, landings: { product: 1 }, intent: 0.9, referrer: () => 'https://www.google.com/',
    query: (rng) => ({ utm_source: 'google', utm_medium: 'cpc', utm_campaign: 'holiday_gifts', gclid: id(rng, 20) }),
  },
];

/** The source of a first visit. */
export const pickFirstSource = (rng: Random): TrafficSource => rng.weighted(TRAFFIC_SOURCES, (s) => s.weight);

/**
 * The source of a returning visit: mostly direct (a bookmark, a typed URL) or the
 * newsletter for customers, otherwise a fresh source of the visitor's own market.
 */
export function pickReturnSource(rng: Random, region: Region, customer: boolean): TrafficSource {
  const r = rng.next();
  if (r < 0.4) return TRAFFIC_SOURCES[0]!;
  if (customer && r < 0.6) return TRAFFIC_SOURCES.find((s) => s.key === 'newsletter')!;
  return rng.weighted(TRAFFIC_SOURCES.filter((s) => s.region === region || s.key === 'direct'), (s) => s.weight);
}
