import type { ActiveCounts, BreakdownCounts, MoneyCounts, TrendCounts } from './event-store.js';
import type { AssistCounts, ContentData, FunnelGroupCounts, VitalCounts, VitalsData } from './event-store.js';
import { RFM_SEGMENTS, type RfmSegment } from '@vitrine/schema';
import type { CommerceData, RetentionData } from './event-store.js';
import { formatDate, localDateOf } from '../reports/zoned.js';

/**
 * Turning both stores' raw report rows into the same typed values, so that the only
 * thing that differs between them is the SQL. ClickHouse sends 64-bit integers as JSON
 * strings and DuckDB as bigints; both become numbers here.
 */

/** Events in these names happen without the visitor doing anything beyond opening a page; they never end a bounce. */
export const PASSIVE_EVENTS = ['page_view', 'page_engagement', 'web_vital', 'content_impression', 'view_item_list', 'view_item'] as const;

/** The raw result sets a store's trends queries return; see the query files. */
export interface RawTrendRows {
  events: Record<string, unknown>[];
  sessions: Record<string, unknown>[];
  newVisitors: Record<string, unknown>[];
  purchases: Record<string, unknown>[];
  refunds: Record<string, unknown>[];
}

const num = (v: unknown) => (v === null || v === undefined ? 0 : Number(v));
/**
 * Money is summed as doubles, and the two stores may add in different orders; rounding to
 * a millionth of a unit (finer than any currency's minor unit) makes the answers equal.
 */
export const money = (v: unknown) => Math.round(num(v) * 1e6) / 1e6;

/**
 * Splits the rows of a one-statement trends query (each with its result set in `part`
 * and its bucket, `total` for the whole range) into the series' and the total's sets.
 */
export function trendPartRows(rows: Record<string, unknown>[]): { series: RawTrendRows; total: RawTrendRows } {
  const empty = (): RawTrendRows => ({ events: [], sessions: [], newVisitors: [], purchases: [], refunds: [] });
  const out = { series: empty(), total: empty() };
  for (const r of rows) out[r.bucket === 'total' ? 'total' : 'series'][r.part as keyof RawTrendRows]?.push(r);
  return out;
}

/** Merges the per-bucket result sets of one trends run into counts per bucket. */
export function mergeTrendRows(raw: RawTrendRows): { counts: TrendCounts[]; money: MoneyCounts[] } {
  const byBucket = new Map<string, TrendCounts>();
  const at = (bucket: unknown) => {
    const key = String(bucket);
    let c = byBucket.get(key);
    if (!c) {
      c = { bucket: key, visitors: 0, new_visitors: 0, pageviews: 0, sessions: 0, bounces: 0, duration_ms: 0, session_pageviews: 0, converted_sessions: 0 };
      byBucket.set(key, c);
    }
    return c;
  };
  for (const r of raw.events) Object.assign(at(r.bucket), { visitors: num(r.visitors), pageviews: num(r.pageviews) });
  for (const r of raw.sessions) {
    Object.assign(at(r.bucket), {
      sessions: num(r.sessions), bounces: num(r.bounces), duration_ms: num(r.duration_ms),
      session_pageviews: num(r.session_pageviews), converted_sessions: num(r.converted_sessions),
    });
  }
  for (const r of raw.newVisitors) at(r.bucket).new_visitors = num(r.new_visitors);

  const moneyRows = new Map<string, MoneyCounts>();
  const moneyAt = (bucket: unknown, currency: unknown) => {
    const key = `${String(bucket)}\u0000${String(currency)}`;
    let m = moneyRows.get(key);
    if (!m) {
      m = { bucket: String(bucket), currency: String(currency), orders: 0, gross: 0, refunds: 0 };
      moneyRows.set(key, m);
    }
    return m;
  };
  for (const r of raw.purchases) Object.assign(moneyAt(r.bucket, r.cur_code), { orders: num(r.orders), gross: money(r.gross) });
  for (const r of raw.refunds) moneyAt(r.bucket, r.cur_code).refunds = money(r.refunds);
  const order = (a: { bucket: string }, b: { bucket: string }) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0);
  return {
    counts: [...byBucket.values()].sort(order),
    money: [...moneyRows.values()].sort((a, b) => order(a, b) || (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0)),
  };
}

/** Typed daily active rows, by day. */
export function activeRows(rows: Record<string, unknown>[]): ActiveCounts[] {
  return rows
    .map((r) => ({ day: String(r.day), dau: num(r.dau), wau: num(r.wau), mau: num(r.mau) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** An empty bucket. */
export const emptyCounts = (bucket: string): TrendCounts => ({
  bucket, visitors: 0, new_visitors: 0, pageviews: 0, sessions: 0, bounces: 0, duration_ms: 0, session_pageviews: 0, converted_sessions: 0,
});

/** Joins the ranked keys with their money rows (only keys that made the ranking). */
export function breakdownRows(ranked: Record<string, unknown>[], moneyRows: Record<string, unknown>[]): BreakdownCounts[] {
  const rows = ranked.map((r) => ({
    key: String(r.key ?? ''),
    visitors: num(r.visitors),
    sessions: num(r.sessions),
    converted_sessions: num(r.converted_sessions),
    money: [] as BreakdownCounts['money'],
  }));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  for (const m of moneyRows) {
    byKey.get(String(m.key ?? ''))?.money.push({ currency: String(m.cur_code), orders: num(m.orders), net: money(m.net) });
  }
  for (const r of rows) r.money.sort((a, b) => (a.currency < b.currency ? -1 : a.currency > b.currency ? 1 : 0));
  return rows;
}

/**
 * The days DAU/WAU/MAU are reported for (the local dates of `from` and of the last
 * instant before `to`), and how far back their events must be read: 30 days before
 * `from` covers the 29 earlier local days a trailing month needs, whatever the DST.
 */
export function activeWindow(q: { from: Date; to: Date; tz: string }): { first: string; last: string; extendedFrom: Date } {
  return {
    first: formatDate(localDateOf(q.from, q.tz)),
    last: formatDate(localDateOf(new Date(q.to.getTime() - 1), q.tz)),
    extendedFrom: new Date(Math.max(0, q.from.getTime() - 30 * 86_400_000)),
  };
}

/** A breakdown funnel's rows (`key`, `c<k>`, `l<k>`) as typed groups, by first-step count (descending), then key. */
export function funnelGroupRows(rows: Record<string, unknown>[], steps: number): FunnelGroupCounts[] {
  return rows
    .map((r) => ({
      key: String(r.key ?? ''),
      counts: Array.from({ length: steps }, (_, k) => num(r[`c${k}`])),
      // 18.16 quotes 64-bit integers in JSON, arrays of them too.
      times: Array.from({ length: steps - 1 }, (_, j) => ((r[`l${j + 1}`] as unknown[] | null) ?? []).map(Number)),
    }))
    .sort((a, b) => b.counts[0]! - a.counts[0]! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Typed retention rows, cohorts by label and returns by cohort then period. */
export function retentionRows(cohorts: Record<string, unknown>[], returns: Record<string, unknown>[]): RetentionData {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  return {
    cohorts: cohorts.map((r) => ({ cohort: String(r.cohort), size: num(r.size) })).sort((a, b) => byText(a.cohort, b.cohort)),
    returns: returns
      .map((r) => ({ cohort: String(r.cohort), period: num(r.period), visitors: num(r.visitors) }))
      .sort((a, b) => byText(a.cohort, b.cohort) || a.period - b.period),
  };
}

/** Splits rows tagged with a `kind` column (a store's one-statement report) into their result sets. */
export function rowsByKind<K extends string>(rows: Record<string, unknown>[], kinds: readonly K[]): Record<K, Record<string, unknown>[]> {
  const out = Object.fromEntries(kinds.map((k) => [k, [] as Record<string, unknown>[]])) as Record<K, Record<string, unknown>[]>;
  for (const r of rows) out[r.kind as K]?.push(r);
  return out;
}

/** The raw result sets of a store's commerce queries; see `store/duckdb/queries/commerce.ts`. */
export interface RawCommerceRows {
  segments: Record<string, unknown>[];
  segmentMoney: Record<string, unknown>[];
  /** One row with `gaps`, a list (DuckDB) or array of quoted integers (ClickHouse). */
  gaps: Record<string, unknown>[];
  ltvCohorts: Record<string, unknown>[];
  ltvMoney: Record<string, unknown>[];
  products: Record<string, unknown>[];
  productMoney: Record<string, unknown>[];
}

/** Typed commerce data in a fixed order (segments as `RFM_SEGMENTS`, products as ranked, the rest by key then currency). */
export function commerceRows(raw: RawCommerceRows): CommerceData {
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const segmentOrder = (s: string) => (RFM_SEGMENTS as readonly string[]).indexOf(s);
  // DuckDB's single statement tags each product with its `rank` (a union keeps no order); ClickHouse's rows come ranked.
  const ranked = raw.products.some((r) => r.rank !== undefined && r.rank !== null)
    ? [...raw.products].sort((a, b) => num(a.rank) - num(b.rank))
    : raw.products;
  const products = ranked.map((r) => ({
    item_id: String(r.item_id), item_name: String(r.item_name ?? ''), view_visitors: num(r.view_visitors),
    cart_visitors: num(r.cart_visitors), purchase_visitors: num(r.purchase_visitors), units: num(r.units),
  }));
  const rank = new Map(products.map((p, i) => [p.item_id, i]));
  return {
    segments: raw.segments
      .map((r) => ({ segment: String(r.segment) as RfmSegment, customers: num(r.customers), orders: num(r.orders), repeat_customers: num(r.repeat_customers) }))
      .sort((a, b) => segmentOrder(a.segment) - segmentOrder(b.segment)),
    segmentMoney: raw.segmentMoney
      .map((r) => ({ segment: String(r.segment) as RfmSegment, currency: String(r.cur_code), net: money(r.net) }))
      .sort((a, b) => segmentOrder(a.segment) - segmentOrder(b.segment) || byText(a.currency, b.currency)),
    gaps: ((raw.gaps[0]?.gaps as unknown[] | null | undefined) ?? []).map(Number).sort((a, b) => a - b),
    ltvCohorts: raw.ltvCohorts.map((r) => ({ cohort: String(r.cohort), size: num(r.size) })).sort((a, b) => byText(a.cohort, b.cohort)),
    ltvMoney: raw.ltvMoney
      .map((r) => ({ cohort: String(r.cohort), period: num(r.period), currency: String(r.cur_code), net: money(r.net) }))
      .sort((a, b) => byText(a.cohort, b.cohort) || a.period - b.period || byText(a.currency, b.currency)),
    products,
    productMoney: raw.productMoney
      .map((r) => ({ item_id: String(r.item_id), currency: String(r.cur_code), net: money(r.net) }))
      .filter((m) => rank.has(m.item_id))
      .sort((a, b) => rank.get(a.item_id)! - rank.get(b.item_id)! || byText(a.currency, b.currency)),
  };
}

/** The raw result sets of a store's content queries (`queries/content.ts`). */
export interface RawContentRows {
  items: Record<string, unknown>[];
  articles: Record<string, unknown>[];
  assistVisitors: Record<string, unknown>[];
  assistMoney: Record<string, unknown>[];
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Typed content data, every list in key order (the report ranks them). */
export function contentRows(raw: RawContentRows): ContentData {
  const items = raw.items
    .map((r) => ({
      name: String(r.cname), piece: String(r.cpiece), impressions: num(r.impressions), clicks: num(r.clicks),
      impression_visitors: num(r.impression_visitors), click_visitors: num(r.click_visitors),
    }))
    .sort((a, b) => byText(a.name, b.name) || byText(a.piece, b.piece));
  const articles = raw.articles
    .map((r) => ({
      article: String(r.article), readers: num(r.readers),
      reached: [num(r.r25), num(r.r50), num(r.r75), num(r.r100)] as [number, number, number, number],
      median_read_ms: r.median_read_ms === null || r.median_read_ms === undefined ? null : Number(r.median_read_ms),
    }))
    .sort((a, b) => byText(a.article, b.article));
  const assists = new Map<string, AssistCounts>();
  const key = (r: Record<string, unknown>) => `${String(r.kind)}\u0000${String(r.k1)}\u0000${String(r.k2)}`;
  for (const r of raw.assistVisitors) {
    assists.set(key(r), { kind: String(r.kind) as AssistCounts['kind'], name: String(r.k1), piece: String(r.k2), visitors: num(r.visitors), money: [] });
  }
  for (const r of raw.assistMoney) assists.get(key(r))?.money.push({ currency: String(r.cur_code), orders: num(r.orders), net: money(r.net) });
  for (const a of assists.values()) a.money.sort((x, y) => byText(x.currency, y.currency));
  return {
    items,
    articles,
    assists: [...assists.values()].sort((a, b) => byText(a.kind, b.kind) || byText(a.name, b.name) || byText(a.piece, b.piece)),
  };
}

/** The raw result sets of a store's vitals queries (`queries/vitals.ts`). */
export interface RawVitalsRows {
  overall: Record<string, unknown>[];
  pages: Record<string, unknown>[];
  series: Record<string, unknown>[];
  lcp: Record<string, unknown>[];
}

/** Typed vitals data, every list by group, then metric (in `VITAL_METRICS` order), LCP rows by rating. */
export function vitalsRows(raw: RawVitalsRows): VitalsData {
  const order = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'];
  const stats = (rows: Record<string, unknown>[]): VitalCounts[] =>
    rows
      .map((r) => ({
        group: String(r.grp), metric: String(r.metric) as VitalCounts['metric'], samples: num(r.samples), good: num(r.good),
        needs_improvement: num(r.needs_improvement), poor: num(r.poor), p75: Number(r.p75),
      }))
      .sort((a, b) => byText(a.group, b.group) || order.indexOf(a.metric) - order.indexOf(b.metric));
  const ratings = ['good', 'needs-improvement', 'poor'];
  return {
    overall: stats(raw.overall),
    pages: stats(raw.pages),
    series: stats(raw.series),
    lcp: raw.lcp
      .map((r) => ({ rating: String(r.rating) as VitalsData['lcp'][number]['rating'], sessions: num(r.sessions), converted_sessions: num(r.converted_sessions) }))
      .sort((a, b) => ratings.indexOf(a.rating) - ratings.indexOf(b.rating)),
  };
}

/** Sorts the rows of a one-query report into its result sets by their `part` column (DuckDB's content and vitals queries). */
export function splitParts<K extends string>(rows: Record<string, unknown>[], parts: readonly K[]): Record<K, Record<string, unknown>[]> {
  const out = Object.fromEntries(parts.map((k) => [k, [] as Record<string, unknown>[]])) as Record<K, Record<string, unknown>[]>;
  for (const r of rows) out[r.part as K]?.push(r);
  return out;
}
