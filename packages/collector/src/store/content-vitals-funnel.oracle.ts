import { VITAL_METRICS, VITAL_THRESHOLDS, type VitalMetric } from '@vitrine/schema';
import { formatDate, localDateOf, mondayOf } from '../reports/zoned.js';
import type {
  AssistCounts,
  ContentData,
  ContentQuery,
  EventRow,
  FunnelBreakdownQuery,
  FunnelCountQuery,
  FunnelGroupCounts,
  ReportFilter,
  VitalCounts,
  VitalsData,
  VitalsQuery,
} from './event-store.js';
import { money } from './report-rows.js';
import { random, scoped } from './reports.oracle.js';

/**
 * The content, vitals and funnel definitions of docs/metrics.md in plain TypeScript, for
 * the contract in `content-vitals-funnel.contract.ts`: naive loops over an array of rows,
 * so that they read like the document, and a data set generator that exercises them
 * (`generatedDataset()` of reports.oracle.ts has no article reads or vitals).
 */

/**
 * A few thousand events of site `cvf` over 2026-10-24..2026-11-08 (UTC): page views on a
 * few paths, content impressions and clicks (with and without a piece), article progress
 * at every depth, web vitals of all five metrics (values on and around the thresholds,
 * CLS as fractions, some malformed), purchases in two currencies (re-sent, without
 * currency or id), refunds, funnel events sharing a millisecond, bots and another site.
 */
export function contentVitalsDataset(): EventRow[] {
  const rnd = random(5_2026_11);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)]!;
  const rows: EventRow[] = [];
  const txs: { tx: string; value: number; currency: string | null; visitor: string }[] = [];
  let id = 0;
  const start = Date.parse('2026-10-24T00:00:00Z');
  const vitalValue = (metric: VitalMetric): number => {
    const { good, poor } = VITAL_THRESHOLDS[metric];
    const r = rnd();
    if (r < 0.15) return good; // exactly on a threshold
    if (r < 0.25) return poor;
    const v = rnd() * poor * 1.6;
    return metric === 'CLS' ? Math.round(v * 1e4) / 1e4 : Math.round(v);
  };
  for (let v = 0; v < 140; v++) {
    const visitor = `c${String(v).padStart(3, '0')}`;
    const bot = v % 29 === 0;
    const site = v % 37 === 7 ? 'other' : 'cvf';
    const sessions = 1 + Math.floor(rnd() * 4);
    for (let s = 0; s < sessions; s++) {
      const session = `${visitor}-s${s}`;
      let t = start + Math.floor(rnd() * 15 * 24 * 60) * 60_000;
      const channel = pick(['direct', 'search', 'social', 'paid'] as const);
      const device = pick(['desktop', 'mobile', 'mobile', 'tablet']);
      const country = rnd() < 0.8 ? pick(['CN', 'US']) : null;
      const events = 1 + Math.floor(rnd() * 12);
      for (let e = 0; e < events; e++) {
        t += rnd() < 0.12 ? 0 : Math.floor(rnd() * 6 * 60_000);
        const name =
          e === 0
            ? 'page_view'
            : pick(['page_view', 'page_view', 'view_item', 'add_to_cart', 'content_impression', 'content_impression', 'content_click', 'article_progress', 'article_progress', 'web_vital', 'web_vital', 'web_vital', 'purchase', 'refund']);
        const path = pick(['/', '/blog/a', '/blog/b', '/item/1', '/item/2']);
        const over: Partial<EventRow> = {};
        let props: Record<string, unknown> = {};
        if (name === 'content_impression' || name === 'content_click') {
          props = { content_name: pick(['hero', 'sidebar', 'footer']), ...(rnd() < 0.7 ? { content_piece: pick(['spring', 'sale']) } : {}), content_target: '/item/1' };
        } else if (name === 'article_progress') {
          props = { article: pick(['how-to-tea', 'silk-care', '']), depth: pick([25, 50, 75, 100]), read_ms: Math.floor(rnd() * 300_000) };
          if (rnd() < 0.05) props = { article: 'silk-care', depth: 'deep' };
        } else if (name === 'web_vital') {
          const metric = pick(VITAL_METRICS);
          props = { metric, value: vitalValue(metric), rating: 'good', navigation_type: 'navigate' };
          if (rnd() < 0.04) props = { metric, value: 'n/a' };
          // The value column is not read for vitals: put something misleading there.
          over.value = 999_999;
        } else if (name === 'view_item' || name === 'add_to_cart') {
          props = { items: [{ item_id: pick(['SKU-1', 'SKU-2']) }] };
        } else if (name === 'purchase') {
          const resend = txs.length > 0 && rnd() < 0.15 ? txs[txs.length - 1]! : null;
          const tx = resend && resend.visitor === visitor ? resend : { tx: rnd() < 0.85 ? `CT${++id}` : '', value: Math.round(rnd() * 50000) / 100, currency: pick(['CNY', 'CNY', 'USD', null]), visitor };
          if (tx !== resend) txs.push(tx);
          props = { ...(tx.tx ? { transaction_id: tx.tx } : {}), value: tx.value, ...(tx.currency ? { currency: tx.currency } : {}) };
          Object.assign(over, { transaction_id: tx.tx || null, value: tx.value, currency: tx.currency });
        } else if (name === 'refund') {
          const tx = txs.length > 0 ? pick(txs) : null;
          if (tx?.tx) {
            const value = Math.round(tx.value * 40) / 100;
            props = { transaction_id: tx.tx, value, ...(tx.currency ? { currency: tx.currency } : {}) };
            Object.assign(over, { transaction_id: tx.tx, value, currency: tx.currency });
          }
        }
        const ts = new Date(t);
        rows.push({
          site, event_id: `cv${String(++id).padStart(6, '0')}`, name, ts, client_ts: ts, received_at: ts, visitor_id: visitor, session_id: session,
          user_id: null, url: `https://shop.example${path}`, host: 'shop.example', path, title: null, referrer: null, referrer_host: null, channel,
          source: null, utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, is_bot: bot, browser: 'Chrome',
          os: 'Android', device_type: device, country, transaction_id: null, value: null, currency: null, props: JSON.stringify(props), ...over,
        });
      }
    }
  }
  return rows;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const propsOf = (r: EventRow) => JSON.parse(r.props) as Record<string, unknown>;
const str = (r: EventRow, field: string) => {
  const v = propsOf(r)[field];
  return typeof v === 'string' ? v : '';
};
const isNumber = (r: EventRow, field: string) => {
  const v = propsOf(r)[field];
  return typeof v === 'number' && v >= 0;
};
const numberOf = (r: EventRow, field: string) => (isNumber(r, field) ? (propsOf(r)[field] as number) : 0);
const nearestRank = (values: number[], num: number, den: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((num * sorted.length + den - 1) / den) - 1]!;
};
const earliest = (rows: EventRow[]) =>
  rows.reduce((a, b) => (b.ts < a.ts || (b.ts.getTime() === a.ts.getTime() && b.event_id < a.event_id) ? b : a));
const DAY_MS = 86_400_000;

/** What `EventStore.content` must answer. */
export function expectedContent(rows: EventRow[], query: ContentQuery): ContentData {
  const e = scoped(rows, query);
  const items = new Map<string, { name: string; piece: string; imp: EventRow[]; clk: EventRow[] }>();
  for (const r of e.filter((x) => x.name === 'content_impression' || x.name === 'content_click')) {
    const name = str(r, 'content_name');
    if (name === '') continue;
    const piece = str(r, 'content_piece');
    const k = `${name}\u0000${piece}`;
    const item = items.get(k) ?? items.set(k, { name, piece, imp: [], clk: [] }).get(k)!;
    (r.name === 'content_click' ? item.clk : item.imp).push(r);
  }
  const reads = new Map<string, Map<string, { depth: number; read: number }>>();
  for (const r of e.filter((x) => x.name === 'article_progress')) {
    const article = str(r, 'article');
    if (article === '') continue;
    const readers = reads.get(article) ?? reads.set(article, new Map()).get(article)!;
    const prev = readers.get(r.visitor_id) ?? { depth: 0, read: 0 };
    readers.set(r.visitor_id, { depth: Math.max(prev.depth, numberOf(r, 'depth')), read: Math.max(prev.read, numberOf(r, 'read_ms')) });
  }
  // Orders and refunds from `from` to `to` + the window, site-wide and unfiltered.
  const end = query.to.getTime() + query.windowDays * DAY_MS;
  const extended = rows.filter((r) => r.site === query.site && !r.is_bot && r.ts >= query.from && r.ts.getTime() < end);
  const refunded = new Map<string, number>();
  for (const r of extended.filter((x) => x.name === 'refund' && x.transaction_id)) refunded.set(r.transaction_id!, (refunded.get(r.transaction_id!) ?? 0) + (r.value ?? 0));
  const byTx = new Map<string, EventRow[]>();
  for (const r of extended.filter((x) => x.name === 'purchase')) byTx.set(r.transaction_id || r.event_id, [...(byTx.get(r.transaction_id || r.event_id) ?? []), r]);
  const orders = [...byTx].map(([tk, events]) => ({
    tk, t: Math.min(...events.map((r) => r.ts.getTime())), vid: earliest(events).visitor_id,
    currency: events.map((r) => (r.currency ?? query.currency).toUpperCase()).sort()[0]!,
    net: Math.max(...events.map((r) => r.value ?? 0)) - (refunded.get(tk) ?? 0),
  }));
  const touches: { kind: AssistCounts['kind']; name: string; piece: string; vid: string; t: number }[] = [];
  for (const r of e) {
    if (r.name === 'content_click' && str(r, 'content_name') !== '') touches.push({ kind: 'content', name: str(r, 'content_name'), piece: str(r, 'content_piece'), vid: r.visitor_id, t: r.ts.getTime() });
    if (r.name === 'article_progress' && str(r, 'article') !== '') touches.push({ kind: 'article', name: str(r, 'article'), piece: '', vid: r.visitor_id, t: r.ts.getTime() });
  }
  const assisted = new Map<string, { kind: AssistCounts['kind']; name: string; piece: string; orders: Map<string, (typeof orders)[number]> }>();
  for (const t of touches) {
    for (const o of orders) {
      if (o.vid !== t.vid || o.t < t.t || o.t - t.t > query.windowDays * DAY_MS) continue;
      const k = `${t.kind}\u0000${t.name}\u0000${t.piece}`;
      (assisted.get(k) ?? assisted.set(k, { ...t, orders: new Map() }).get(k)!).orders.set(o.tk, o);
    }
  }
  const assists: AssistCounts[] = [...assisted.values()].map((a) => {
    const byCurrency = new Map<string, { currency: string; orders: number; net: number }>();
    for (const o of a.orders.values()) {
      const m = byCurrency.get(o.currency) ?? byCurrency.set(o.currency, { currency: o.currency, orders: 0, net: 0 }).get(o.currency)!;
      m.orders++;
      m.net += o.net;
    }
    return {
      kind: a.kind, name: a.name, piece: a.piece, visitors: new Set([...a.orders.values()].map((o) => o.vid)).size,
      money: [...byCurrency.values()].map((m) => ({ ...m, net: money(m.net) })).sort((x, y) => byText(x.currency, y.currency)),
    };
  });
  return {
    items: [...items.values()]
      .map((i) => ({
        name: i.name, piece: i.piece, impressions: i.imp.length, clicks: i.clk.length,
        impression_visitors: new Set(i.imp.map((r) => r.visitor_id)).size, click_visitors: new Set(i.clk.map((r) => r.visitor_id)).size,
      }))
      .sort((a, b) => byText(a.name, b.name) || byText(a.piece, b.piece)),
    articles: [...reads]
      .map(([article, readers]) => {
        const rs = [...readers.values()];
        return {
          article, readers: rs.length,
          reached: [25, 50, 75, 100].map((d) => rs.filter((r) => r.depth >= d).length) as [number, number, number, number],
          median_read_ms: nearestRank(rs.map((r) => r.read), 1, 2),
        };
      })
      .sort((a, b) => byText(a.article, b.article)),
    assists: assists.sort((a, b) => byText(a.kind, b.kind) || byText(a.name, b.name) || byText(a.piece, b.piece)),
  };
}

/** A sample's rating from its value and the thresholds. */
export function ratingOf(metric: VitalMetric, v: number): 'good' | 'needs-improvement' | 'poor' {
  const { good, poor } = VITAL_THRESHOLDS[metric];
  return v <= good ? 'good' : v <= poor ? 'needs-improvement' : 'poor';
}

/** What `EventStore.vitals` must answer. */
export function expectedVitals(rows: EventRow[], query: VitalsQuery): VitalsData {
  const e = scoped(rows, query);
  const samples = e
    .filter((r) => r.name === 'web_vital' && (VITAL_METRICS as readonly string[]).includes(str(r, 'metric')) && isNumber(r, 'value'))
    .map((r) => ({ r, metric: str(r, 'metric') as VitalMetric, v: numberOf(r, 'value') }));
  const stats = (group: (s: (typeof samples)[number]) => string, keep: (g: string) => boolean = () => true): VitalCounts[] => {
    const groups = new Map<string, typeof samples>();
    for (const s of samples) {
      const k = `${group(s)}\u0000${s.metric}`;
      if (keep(group(s))) groups.set(k, [...(groups.get(k) ?? []), s]);
    }
    return [...groups.values()]
      .map((ss) => ({
        group: group(ss[0]!), metric: ss[0]!.metric, samples: ss.length,
        good: ss.filter((s) => ratingOf(s.metric, s.v) === 'good').length,
        needs_improvement: ss.filter((s) => ratingOf(s.metric, s.v) === 'needs-improvement').length,
        poor: ss.filter((s) => ratingOf(s.metric, s.v) === 'poor').length,
        p75: nearestRank(ss.map((s) => s.v), 3, 4),
      }))
      .sort((a, b) => byText(a.group, b.group) || VITAL_METRICS.indexOf(a.metric) - VITAL_METRICS.indexOf(b.metric));
  };
  const perPath = new Map<string, number>();
  for (const s of samples) perPath.set(s.r.path, (perPath.get(s.r.path) ?? 0) + 1);
  const top = new Set([...perPath].sort((a, b) => b[1] - a[1] || byText(a[0], b[0])).slice(0, query.pages).map(([p]) => p));
  const bucketOf = (ts: Date) => {
    const d = localDateOf(ts, query.tz);
    return formatDate(query.interval === 'day' ? d : query.interval === 'week' ? mondayOf(d) : { y: d.y, m: d.m, d: 1 });
  };
  const purchased = new Set(e.filter((r) => r.name === 'purchase').map((r) => r.session_id));
  const lcpBySession = new Map<string, (typeof samples)[number][]>();
  for (const s of samples.filter((x) => x.metric === 'LCP')) lcpBySession.set(s.r.session_id, [...(lcpBySession.get(s.r.session_id) ?? []), s]);
  const lcp = new Map<string, { rating: 'good' | 'needs-improvement' | 'poor'; sessions: number; converted_sessions: number }>();
  for (const [sid, ss] of lcpBySession) {
    const first = earliest(ss.map((s) => s.r));
    const rating = ratingOf('LCP', ss.find((s) => s.r === first)!.v);
    const row = lcp.get(rating) ?? lcp.set(rating, { rating, sessions: 0, converted_sessions: 0 }).get(rating)!;
    row.sessions++;
    if (purchased.has(sid)) row.converted_sessions++;
  }
  const ratings = ['good', 'needs-improvement', 'poor'];
  return {
    overall: stats(() => 'total'),
    pages: stats((s) => s.r.path, (p) => top.has(p)),
    series: stats((s) => bucketOf(s.r.ts)),
    lcp: [...lcp.values()].sort((a, b) => ratings.indexOf(a.rating) - ratings.indexOf(b.rating)),
  };
}

/** Whether one row matches every clause (the session semantics of `scoped`, on one row). */
const rowMatches = (r: EventRow, filters: ReportFilter[]) =>
  filters.length === 0 || scoped([r], { site: r.site, from: new Date(0), to: new Date(8.64e15), tz: 'UTC', currency: 'CNY', filters }).length === 1;

const DIMENSION_FIELDS = {
  channel: 'channel', source: 'source', referrer: 'referrer_host', campaign: 'utm_campaign', device: 'device_type', browser: 'browser', os: 'os', country: 'country',
} as const;

/** Every unit's key and time to each step (null when not reached), per docs/metrics.md "Funnel". */
function walk(rows: EventRow[], query: FunnelCountQuery, dimension?: FunnelBreakdownQuery['dimension']): { key: string; d: (number | null)[] }[] {
  const e = scoped(rows, { site: query.site, from: query.from, to: query.to, tz: 'UTC', currency: 'CNY', filters: query.filters ?? [] }).filter((r) =>
    query.steps.includes(r.name),
  );
  const n = query.steps.length;
  const matches = (r: EventRow, k: number) => r.name === query.steps[k] && rowMatches(r, query.stepFilters?.[k] ?? []);
  const units = new Map<string, EventRow[]>();
  for (const r of e) {
    const u = query.unit === 'sessions' ? r.session_id : r.visitor_id;
    units.set(u, [...(units.get(u) ?? []), r]);
  }
  const w = query.windowMs ?? null;
  const out: { key: string; d: (number | null)[] }[] = [];
  for (const events of units.values()) {
    events.sort((a, b) => a.ts.getTime() - b.ts.getTime() || byText(a.event_id, b.event_id));
    const starts = events.filter((r) => matches(r, 0));
    if (starts.length === 0) continue;
    const d: (number | null)[] = [0, ...Array<number | null>(n - 1).fill(null)];
    const best = (k: number, value: number) => (d[k] = d[k] === null ? value : Math.min(d[k]!, value));
    if (query.order === 'strict') {
      events.forEach((r, i) => {
        if (!matches(r, 0)) return;
        for (let k = 1; k < n; k++) {
          const next = events[i + k];
          if (!next || !matches(next, k)) break;
          if (w !== null && next.ts.getTime() - r.ts.getTime() > w) break;
          best(k, next.ts.getTime() - r.ts.getTime());
        }
      });
    } else {
      const starting = w === null ? [Math.min(...starts.map((r) => r.ts.getTime()))] : [...new Set(starts.map((r) => r.ts.getTime()))];
      for (const s of starting) {
        let t = s;
        for (let k = 1; k < n; k++) {
          const same = query.steps[k] === query.steps[k - 1];
          const next = events.filter((r) => matches(r, k) && (same ? r.ts.getTime() > t : r.ts.getTime() >= t) && (w === null || r.ts.getTime() - s <= w));
          if (next.length === 0) break;
          t = Math.min(...next.map((r) => r.ts.getTime()));
          best(k, t - s);
        }
      }
    }
    const first = earliest(starts);
    out.push({ key: dimension ? String(first[DIMENSION_FIELDS[dimension]] ?? '') : '', d });
  }
  return out;
}

function summarise(key: string, units: { d: (number | null)[] }[], n: number): FunnelGroupCounts {
  return {
    key,
    counts: Array.from({ length: n }, (_, k) => units.filter((u) => u.d[k] !== null).length),
    times: Array.from({ length: n - 1 }, (_, j) => units.map((u) => u.d[j + 1]).filter((x): x is number => x !== null).sort((a, b) => a - b)),
  };
}

/** What `funnelCounts` and `funnelTimes` must answer. */
export function expectedFunnel(rows: EventRow[], query: FunnelCountQuery): { counts: number[]; times: number[][] } {
  const { counts, times } = summarise('', walk(rows, query), query.steps.length);
  return { counts, times };
}

/** What `funnelBreakdown` must answer. */
export function expectedFunnelBreakdown(rows: EventRow[], query: FunnelBreakdownQuery): FunnelGroupCounts[] {
  const units = walk(rows, query, query.dimension);
  const keys = [...new Set(units.map((u) => u.key))];
  return keys
    .map((k) => summarise(k, units.filter((u) => u.key === k), query.steps.length))
    .sort((a, b) => b.counts[0]! - a.counts[0]! || byText(a.key, b.key));
}
