import type { ActiveCounts, BreakdownCounts, MoneyCounts, TrendCounts } from './event-store.js';
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
