import { addDays, compareDates, formatDate, localDateOf, mondayOf, parseDate } from '../reports/zoned.js';
import type { ActiveCounts, BreakdownCounts, BreakdownQuery, EventRow, MoneyCounts, ReportScope, TrendCounts, TrendsData, TrendsQuery } from './event-store.js';
import { PASSIVE_EVENTS, activeWindow, emptyCounts, money } from './report-rows.js';

/**
 * A third implementation of docs/metrics.md, in plain TypeScript over an array of rows,
 * for the reports contract: the generated data set is too large to compute by hand, so
 * both stores are checked against this instead (and against each other through it).
 * Deliberately naive (sets and maps, no cleverness), so that it reads like the document.
 */

/** A deterministic PRNG (mulberry32), so that the data sets are the same on every run. */
export function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A few thousand events: 160 visitors over 2026-10-24..2026-11-08 (UTC), sessions at any
 * hour (so they cross every time zone's midnight, and New York's DST end on 1 November),
 * two currencies plus purchases without one, re-sent purchases, refunds, bots, another
 * site, events sharing a millisecond (tie-breaks), product and content props.
 */
export function generatedDataset(): EventRow[] {
  const rnd = random(20261124);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: EventRow[] = [];
  const txs: { tx: string; value: number; currency: string | null; at: number; visitor: string }[] = [];
  let id = 0;
  const start = Date.parse('2026-10-24T00:00:00Z');
  for (let v = 0; v < 160; v++) {
    const visitor = `v${String(v).padStart(3, '0')}`;
    const bot = v % 23 === 0;
    const site = v % 31 === 5 ? 'other' : 'gen';
    const sessions = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < sessions; s++) {
      const session = `${visitor}-s${s}`;
      let t = start + Math.floor(rnd() * 16 * 24 * 60) * 60_000;
      const channel = pick(['direct', 'search', 'social', 'referral', 'paid'] as const);
      const device = pick(['desktop', 'mobile', 'mobile', 'tablet']);
      const referrer = channel === 'direct' ? null : pick(['www.baidu.com', 'weixin.qq.com', 'www.google.com']);
      const campaign = channel === 'paid' ? pick(['double11', 'brand']) : null;
      const events = 1 + Math.floor(rnd() * 10);
      for (let e = 0; e < events; e++) {
        // Now and then two events in one millisecond, to exercise the first-event tie-break.
        t += rnd() < 0.1 ? 0 : Math.floor(rnd() * 4 * 60_000);
        const name = e === 0 ? 'page_view' : pick(['page_view', 'page_view', 'view_item', 'add_to_cart', 'page_engagement', 'content_impression', 'content_click', 'web_vital', 'purchase', 'refund']);
        const path = pick(['/', '/blog/a', '/blog/b', '/item/1', '/item/2', '/cart']);
        const over: Partial<EventRow> = {};
        let props: Record<string, unknown> = {};
        if (name === 'purchase') {
          const resend = txs.length > 0 && rnd() < 0.15 ? txs[txs.length - 1]! : null;
          const tx = resend && resend.visitor === visitor ? resend : { tx: rnd() < 0.85 ? `T${++id}` : '', value: Math.round(rnd() * 50000) / 100, currency: pick(['CNY', 'CNY', 'USD', null]), at: t, visitor };
          if (tx !== resend) txs.push(tx);
          props = { ...(tx.tx ? { transaction_id: tx.tx } : {}), value: tx.value, ...(tx.currency ? { currency: tx.currency } : {}), items: [{ item_id: pick(['SKU-1', 'SKU-2']), item_name: pick(['围巾', 'Tea']) }] };
          Object.assign(over, { transaction_id: tx.tx || null, value: tx.value, currency: tx.currency });
        } else if (name === 'refund') {
          const tx = txs.length > 0 ? pick(txs) : null;
          if (tx?.tx) {
            const value = Math.round(tx.value * 50) / 100;
            props = { transaction_id: tx.tx, value, ...(tx.currency ? { currency: tx.currency } : {}) };
            Object.assign(over, { transaction_id: tx.tx, value, currency: tx.currency });
          }
        } else if (name === 'content_impression' || name === 'content_click') {
          props = { content_name: pick(['hero', 'sidebar']), content_piece: 'x' };
        }
        const ts = new Date(t);
        rows.push({
          site, event_id: `g${String(++id).padStart(6, '0')}`, name, ts, client_ts: ts, received_at: ts, visitor_id: visitor, session_id: session,
          user_id: null, url: `https://shop.example${path}`, host: 'shop.example', path, title: null, referrer: referrer && `https://${referrer}/`,
          referrer_host: referrer, channel, source: null, utm_source: null, utm_medium: campaign ? 'cpc' : null, utm_campaign: campaign, utm_term: null,
          utm_content: null, is_bot: bot, browser: pick(['Chrome', 'Safari', 'WeChat']), os: pick(['Windows', 'iOS', 'Android']), device_type: device,
          country: rnd() < 0.8 ? 'CN' : null, transaction_id: null, value: null, currency: null, props: JSON.stringify(props), ...over,
        });
      }
    }
  }
  return rows;
}

type Grain = TrendsQuery['interval'] | 'total';
const upper = (c: string | null, fallback: string) => (c ?? fallback).toUpperCase();
const PRODUCT = /"item_(?:id|name)":"([^"]*)"/g;

function matches(row: EventRow, scope: ReportScope): boolean {
  return scope.filters.every((f) =>
    f.values.some((value) => {
      switch (f.dimension) {
        case 'product': return [...row.props.matchAll(PRODUCT)].some((m) => m[1] === value);
        case 'content': return (JSON.parse(row.props) as { content_name?: unknown }).content_name === value;
        case 'path': return value.endsWith('*') ? row.path.startsWith(value.slice(0, -1)) : row.path === value;
        default: {
          const column = { referrer: 'referrer_host', device: 'device_type' }[f.dimension as string] ?? f.dimension;
          return (row as unknown as Record<string, unknown>)[column] === value;
        }
      }
    }),
  );
}

/** The scope's events: site, non-bot, in range, and with filters only the matching sessions. */
export function scoped(rows: EventRow[], scope: ReportScope, from = scope.from): EventRow[] {
  const inRange = rows.filter((r) => r.site === scope.site && !r.is_bot && r.ts >= from && r.ts < scope.to);
  if (scope.filters.length === 0) return inRange;
  const sessions = new Set(inRange.filter((r) => matches(r, scope)).map((r) => r.session_id));
  return inRange.filter((r) => sessions.has(r.session_id));
}

function bucketOf(ts: Date, grain: Grain, tz: string): string {
  if (grain === 'total') return 'total';
  const d = localDateOf(ts, tz);
  return formatDate(grain === 'day' ? d : grain === 'week' ? mondayOf(d) : { y: d.y, m: d.m, d: 1 });
}

const firstOf = (rows: EventRow[]) =>
  rows.reduce((a, b) => (b.ts < a.ts || (b.ts.getTime() === a.ts.getTime() && b.event_id < a.event_id) ? b : a));
function groupBy<T>(xs: T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) out.set(key(x), [...(out.get(key(x)) ?? []), x]);
  return out;
}
const byBucket = <T extends { bucket: string }>(a: T, b: T) => (a.bucket < b.bucket ? -1 : a.bucket > b.bucket ? 1 : 0);

/** What `EventStore.trends` must answer for `query` over `rows`. */
export function expectedTrends(rows: EventRow[], query: TrendsQuery): TrendsData {
  const e = scoped(rows, query);
  const run = (grain: Grain) => {
    const counts = new Map<string, TrendCounts>();
    const at = (b: string) => counts.get(b) ?? counts.set(b, emptyCounts(b)).get(b)!;
    for (const [b, events] of groupBy(e, (r) => bucketOf(r.ts, grain, query.tz))) {
      Object.assign(at(b), { visitors: new Set(events.map((r) => r.visitor_id)).size, pageviews: events.filter((r) => r.name === 'page_view').length });
    }
    for (const events of groupBy(e, (r) => r.session_id).values()) {
      const c = at(bucketOf(new Date(Math.min(...events.map((r) => r.ts.getTime()))), grain, query.tz));
      const pv = events.filter((r) => r.name === 'page_view').length;
      const interactions = events.filter((r) => !(PASSIVE_EVENTS as readonly string[]).includes(r.name)).length;
      const times = events.map((r) => r.ts.getTime());
      c.sessions++;
      if (pv === 1 && interactions === 0) c.bounces++;
      c.duration_ms += Math.max(...times) - Math.min(...times);
      c.session_pageviews += pv;
      if (events.some((r) => r.name === 'purchase')) c.converted_sessions++;
    }
    const firstSeen = new Map<string, number>();
    for (const r of rows) if (r.site === query.site && !r.is_bot) firstSeen.set(r.visitor_id, Math.min(firstSeen.get(r.visitor_id) ?? Infinity, r.ts.getTime()));
    const pairs = new Set(e.map((r) => `${bucketOf(r.ts, grain, query.tz)}\u0000${r.visitor_id}`));
    for (const pair of pairs) {
      const [b, visitor] = pair.split('\u0000') as [string, string];
      const first = firstSeen.get(visitor)!;
      if (first >= query.from.getTime() && bucketOf(new Date(first), grain, query.tz) === b) at(b).new_visitors++;
    }
    const moneyRows = new Map<string, MoneyCounts>();
    const m = (b: string, c: string) => moneyRows.get(`${b}\u0000${c}`) ?? moneyRows.set(`${b}\u0000${c}`, { bucket: b, currency: c, orders: 0, gross: 0, refunds: 0 }).get(`${b}\u0000${c}`)!;
    for (const events of groupBy(e.filter((r) => r.name === 'purchase'), (r) => r.transaction_id || r.event_id).values()) {
      const t = new Date(Math.min(...events.map((r) => r.ts.getTime())));
      const currency = events.map((r) => upper(r.currency, query.currency)).sort()[0]!;
      const row = m(bucketOf(t, grain, query.tz), currency);
      row.orders++;
      row.gross += Math.max(...events.map((r) => r.value ?? 0));
    }
    for (const r of e.filter((x) => x.name === 'refund')) m(bucketOf(r.ts, grain, query.tz), upper(r.currency, query.currency)).refunds += r.value ?? 0;
    const moneyList = [...moneyRows.values()].map((x) => ({ ...x, gross: money(x.gross), refunds: money(x.refunds) }));
    return { counts: [...counts.values()].sort(byBucket), money: moneyList.sort((a, b) => byBucket(a, b) || (a.currency < b.currency ? -1 : 1)) };
  };
  const series = run(query.interval);
  const total = run('total');
  let active: ActiveCounts[] = [];
  if (query.activeUsers) {
    const window = activeWindow(query);
    const ext = scoped(rows, query, window.extendedFrom);
    const days = new Map<string, Set<string>>();
    for (const r of ext) {
      const d = formatDate(localDateOf(r.ts, query.tz));
      days.set(d, (days.get(d) ?? new Set()).add(r.visitor_id));
    }
    const last = parseDate(window.last)!;
    for (let d = parseDate(window.first)!; compareDates(d, last) <= 0; d = addDays(d, 1)) {
      const within = (n: number) => {
        const set = new Set<string>();
        for (let k = 0; k < n; k++) for (const v of days.get(formatDate(addDays(d, -k))) ?? []) set.add(v);
        return set.size;
      };
      if (within(30) > 0) active.push({ day: formatDate(d), dau: within(1), wau: within(7), mau: within(30) });
    }
  }
  return { series: series.counts, total: total.counts[0] ?? emptyCounts('total'), money: [...series.money, ...total.money], active };
}

/** What `EventStore.breakdown` must answer for `query` over `rows` (non-page dimensions and `page`). */
export function expectedBreakdown(rows: EventRow[], query: BreakdownQuery): BreakdownCounts[] {
  const e = scoped(rows, query);
  const column = { channel: 'channel', source: 'source', referrer: 'referrer_host', campaign: 'utm_campaign', device: 'device_type', browser: 'browser', os: 'os', country: 'country' } as Record<string, keyof EventRow>;
  const keys: { sid: string; vid: string; key: string }[] = [];
  for (const [sid, events] of groupBy(e, (r) => r.session_id)) {
    const first = firstOf(events);
    const views = events.filter((r) => r.name === 'page_view');
    if (query.dimension === 'page') {
      for (const path of new Set(views.map((r) => r.path))) keys.push({ sid, vid: views.filter((r) => r.path === path).map((r) => r.visitor_id).sort()[0]!, key: path });
    } else if (query.dimension === 'entry_page') {
      if (views.length > 0) keys.push({ sid, vid: first.visitor_id, key: firstOf(views).path });
    } else {
      keys.push({ sid, vid: first.visitor_id, key: String(first[column[query.dimension]!] ?? '') });
    }
  }
  const converted = new Set(e.filter((r) => r.name === 'purchase').map((r) => r.session_id));
  const refunded = new Map<string, number>();
  for (const r of e.filter((x) => x.name === 'refund' && x.transaction_id)) refunded.set(r.transaction_id!, (refunded.get(r.transaction_id!) ?? 0) + (r.value ?? 0));
  const orders = [...groupBy(e.filter((r) => r.name === 'purchase'), (r) => r.transaction_id || r.event_id)].map(([k, events]) => ({
    sid: firstOf(events).session_id,
    currency: events.map((r) => upper(r.currency, query.currency)).sort()[0]!,
    net: Math.max(...events.map((r) => r.value ?? 0)) - (refunded.get(k) ?? 0),
  }));
  const rowsOut = [...groupBy(keys, (k) => k.key)].map(([key, ks]) => {
    const sids = new Set(ks.map((k) => k.sid));
    const moneyBy = new Map<string, { currency: string; orders: number; net: number }>();
    for (const o of orders.filter((x) => sids.has(x.sid))) {
      const m = moneyBy.get(o.currency) ?? moneyBy.set(o.currency, { currency: o.currency, orders: 0, net: 0 }).get(o.currency)!;
      m.orders++;
      m.net += o.net;
    }
    return {
      key, visitors: new Set(ks.map((k) => k.vid)).size, sessions: sids.size, converted_sessions: [...sids].filter((s) => converted.has(s)).length,
      money: [...moneyBy.values()].map((m) => ({ ...m, net: money(m.net) })).sort((a, b) => (a.currency < b.currency ? -1 : 1)),
    };
  });
  rowsOut.sort((a, b) => b.visitors - a.visitors || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return rowsOut.slice(0, query.limit);
}
