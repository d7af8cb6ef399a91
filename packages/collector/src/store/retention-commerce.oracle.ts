import { RFM_SEGMENTS, type RfmSegment } from '@vitrine/schema';
import { formatDate, localDateOf, mondayOf, type LocalDate } from '../reports/zoned.js';
import type { CommerceData, CommerceQuery, EventRow, ReportScope, RetentionData, RetentionQuery } from './event-store.js';
import { money } from './report-rows.js';
import { scoped } from './reports.oracle.js';

/**
 * The retention and commerce definitions of docs/metrics.md in plain TypeScript over an
 * array of rows, for `retention-commerce.contract.ts`: both stores are checked against
 * these on `generatedDataset()`. Naive on purpose (sets, maps and loops), so that it
 * reads like the document.
 */

type Period = 'day' | 'week' | 'month';
const DAY_MS = 86_400_000;
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const before = (a: EventRow, b: EventRow) => a.ts < b.ts || (a.ts.getTime() === b.ts.getTime() && a.event_id < b.event_id);

/** The counted events of the scope's site (non-bot), all history, filters ignored. */
const siteEvents = (rows: EventRow[], scope: ReportScope) => rows.filter((r) => r.site === scope.site && !r.is_bot);

/** A period's number on a continuous scale: days since 1970-01-01, Monday weeks, or months. */
function periodIndex(ts: Date, period: Period, tz: string): number {
  const d: LocalDate = localDateOf(ts, tz);
  const days = Date.UTC(d.y, d.m - 1, d.d) / DAY_MS;
  if (period === 'day') return days;
  if (period === 'week') return Math.floor((days + 3) / 7);
  return d.y * 12 + d.m;
}

function label(ts: Date, period: Period, tz: string): string {
  const d = localDateOf(ts, tz);
  return formatDate(period === 'day' ? d : period === 'week' ? mondayOf(d) : { y: d.y, m: d.m, d: 1 });
}

/** The cohort: visitors whose first-ever event (or purchase) is in range, and with filters in a scoped session. */
function cohortOf(rows: EventRow[], q: ReportScope & { cohort: RetentionQuery['cohort']; period: Period }) {
  const inScope = scoped(rows, q);
  const sessions = new Set(inScope.map((r) => r.session_id));
  const first = new Map<string, EventRow>();
  for (const r of siteEvents(rows, q)) {
    if (q.cohort === 'first_purchase' && r.name !== 'purchase') continue;
    const f = first.get(r.visitor_id);
    if (!f || before(r, f)) first.set(r.visitor_id, r);
  }
  const out = new Map<string, { cohort: string; c: number }>();
  for (const [visitor, f] of first) {
    if (f.ts < q.from || f.ts >= q.to) continue;
    if (q.filters.length > 0 && !sessions.has(f.session_id)) continue;
    out.set(visitor, { cohort: label(f.ts, q.period, q.tz), c: periodIndex(f.ts, q.period, q.tz) });
  }
  return out;
}

function countBy<T>(xs: Iterable<T>, key: (x: T) => string): Map<string, number> {
  const out = new Map<string, number>();
  for (const x of xs) out.set(key(x), (out.get(key(x)) ?? 0) + 1);
  return out;
}

/** What `EventStore.retention` must answer for `query` over `rows`. */
export function expectedRetention(rows: EventRow[], q: RetentionQuery): RetentionData {
  const cohort = cohortOf(rows, q);
  const returned = new Set<string>();
  for (const r of siteEvents(rows, q)) {
    if (q.returnEvent === 'purchase' && r.name !== 'purchase') continue;
    const k = cohort.get(r.visitor_id);
    if (!k || r.ts < q.from || r.ts >= q.activityTo) continue;
    const period = periodIndex(r.ts, q.period, q.tz) - k.c;
    if (period >= 1 && period <= q.periods) returned.add(`${k.cohort}\u0000${period}\u0000${r.visitor_id}`);
  }
  const returns = [...countBy(returned, (x) => x.split('\u0000').slice(0, 2).join('\u0000'))].map(([key, visitors]) => {
    const [c, period] = key.split('\u0000') as [string, string];
    return { cohort: c, period: Number(period), visitors };
  });
  return {
    cohorts: [...countBy(cohort.values(), (k) => k.cohort)].map(([c, size]) => ({ cohort: c, size })).sort((a, b) => byText(a.cohort, b.cohort)),
    returns: returns.sort((a, b) => byText(a.cohort, b.cohort) || a.period - b.period),
  };
}

interface Order {
  tk: string;
  vid: string;
  t: Date;
  c: string;
  n: number;
  share: number;
  props: string;
}

/** Orders of `purchases` (deduplicated by transaction id), net of the site's refunds of them since `from`. */
function ordersOf(rows: EventRow[], q: ReportScope, purchases: EventRow[]): Order[] {
  const groups = new Map<string, EventRow[]>();
  for (const r of purchases) groups.set(r.transaction_id || r.event_id, [...(groups.get(r.transaction_id || r.event_id) ?? []), r]);
  // Refunds from `from` on: an order in the range cannot have been refunded before it.
  const refunds = siteEvents(rows, q).filter((r) => r.name === 'refund' && r.transaction_id && r.ts >= q.from);
  return [...groups].map(([tk, events]) => {
    const first = events.reduce((a, b) => (before(b, a) ? b : a));
    const v = Math.max(...events.map((r) => r.value ?? 0));
    const mine = refunds.filter((r) => r.transaction_id === tk);
    const whole = mine.some((r) => r.value === null);
    const left = Math.max(0, v - mine.reduce((s, r) => s + (r.value ?? 0), 0));
    return {
      tk, vid: first.visitor_id, t: first.ts, props: first.props,
      c: events.map((r) => (r.currency ?? q.currency).toUpperCase()).sort()[0]!,
      n: whole ? 0 : left,
      share: whole ? 0 : v > 0 ? left / v : 1,
    };
  });
}

/** The order lines (flat objects holding an `item_id`) in an order's props, fields read by the stores' patterns. */
function itemsOf(props: string): { item_id: string; item_name: string; price: number; qty: number }[] {
  const NUMBER = '(-?[0-9]+(?:[.][0-9]+)?(?:[eE][+-]?[0-9]+)?)';
  const text = (o: string, key: string) => new RegExp(`"${key}":"([^"]*)"`).exec(o)?.[1] ?? '';
  const number = (o: string, key: string) => new RegExp(`"${key}":${NUMBER}`).exec(o)?.[1];
  const out = [];
  for (const [o] of props.matchAll(/[{][^{}]*[}]/g)) {
    const item_id = text(o, 'item_id');
    if (item_id === '') continue;
    const price = number(o, 'price');
    const qty = number(o, 'quantity');
    out.push({ item_id, item_name: text(o, 'item_name'), price: price === undefined ? 0 : Number(price), qty: qty === undefined ? 1 : Number(qty) });
  }
  return out;
}

/** What `EventStore.commerce` must answer for `query` over `rows`. */
export function expectedCommerce(rows: EventRow[], q: CommerceQuery): CommerceData {
  const e = scoped(rows, q);
  const orders = ordersOf(rows, q, e.filter((r) => r.name === 'purchase'));
  const mid = q.from.getTime() + Math.floor((q.to.getTime() - q.from.getTime()) / 2);

  const byCustomer = new Map<string, Order[]>();
  for (const o of orders) byCustomer.set(o.vid, [...(byCustomer.get(o.vid) ?? []), o]);
  const segmentOf = new Map<string, RfmSegment>();
  const gaps: number[] = [];
  for (const [vid, own] of byCustomer) {
    const f = own.length;
    const last = Math.max(...own.map((o) => o.t.getTime()));
    segmentOf.set(vid, last >= mid ? (f >= 3 ? 'champions' : f === 2 ? 'loyal' : 'new') : f >= 2 ? 'at_risk' : 'hibernating');
    const times = own.map((o) => o.t.getTime()).sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++) gaps.push(times[i]! - times[i - 1]!);
  }
  const segments = RFM_SEGMENTS.map((segment) => {
    const members = [...byCustomer].filter(([vid]) => segmentOf.get(vid) === segment);
    return { segment, customers: members.length, orders: members.reduce((n, [, own]) => n + own.length, 0), repeat_customers: members.filter(([, own]) => own.length >= 2).length };
  }).filter((s) => s.customers > 0);
  const sums = new Map<string, number>();
  const add = (key: string, amount: number) => sums.set(key, (sums.get(key) ?? 0) + amount);
  for (const o of orders) add(`s\u0000${segmentOf.get(o.vid)}\u0000${o.c}`, o.n);

  const acquired = cohortOf(rows, { ...q, cohort: 'first_visit' });
  const ltvOrders = ordersOf(rows, q, siteEvents(rows, q).filter((r) => r.name === 'purchase' && r.ts >= q.from && r.ts < q.activityTo && acquired.has(r.visitor_id)));
  for (const o of ltvOrders) {
    const k = acquired.get(o.vid);
    if (!k) continue;
    const period = periodIndex(o.t, q.period, q.tz) - k.c;
    if (period >= 0 && period <= q.periods) add(`l\u0000${k.cohort}\u0000${period}\u0000${o.c}`, o.n);
  }

  const productEvents = e.filter((r) => r.name === 'view_item' || r.name === 'add_to_cart');
  const stats = new Map<string, { item_id: string; item_name: string; view: Set<string>; cart: Set<string>; bought: Set<string>; units: number }>();
  const stat = (id: string) => stats.get(id) ?? stats.set(id, { item_id: id, item_name: '', view: new Set(), cart: new Set(), bought: new Set(), units: 0 }).get(id)!;
  const named = (s: { item_name: string }, name: string) => (s.item_name = name > s.item_name ? name : s.item_name);
  for (const r of productEvents) {
    // Every item_id of the props; the name only when there is one item.
    const ids = [...r.props.matchAll(/"item_id":"([^"]*)"/g)].map((m) => m[1]!);
    for (const id of ids) {
      if (id === '') continue;
      const s = stat(id);
      named(s, ids.length === 1 ? (/"item_name":"([^"]*)"/.exec(r.props)?.[1] ?? '') : '');
      (r.name === 'view_item' ? s.view : s.cart).add(r.visitor_id);
    }
  }
  const productSums = new Map<string, number>();
  for (const o of ordersOf(rows, q, e.filter((r) => r.name === 'purchase'))) {
    for (const item of itemsOf(o.props)) {
      const s = stat(item.item_id);
      named(s, item.item_name);
      s.bought.add(o.vid);
      s.units += item.qty;
      const key = `${item.item_id}\u0000${o.c}`;
      productSums.set(key, (productSums.get(key) ?? 0) + item.price * item.qty * o.share);
    }
  }
  const products = [...stats.values()]
    .map((s) => ({ item_id: s.item_id, item_name: s.item_name, view_visitors: s.view.size, cart_visitors: s.cart.size, purchase_visitors: s.bought.size, units: s.units }))
    .sort((a, b) => b.purchase_visitors - a.purchase_visitors || b.view_visitors - a.view_visitors || byText(a.item_id, b.item_id))
    .slice(0, q.limit);
  const rank = new Map(products.map((p, i) => [p.item_id, i]));

  const split = (prefix: string) =>
    [...sums].filter(([key]) => key.startsWith(`${prefix}\u0000`)).map(([key, amount]) => [key.split('\u0000').slice(1), money(amount)] as const);
  const segmentOrder = (s: string) => (RFM_SEGMENTS as readonly string[]).indexOf(s);
  return {
    segments,
    segmentMoney: split('s')
      .map(([[segment, currency], net]) => ({ segment: segment as RfmSegment, currency: currency!, net }))
      .sort((a, b) => segmentOrder(a.segment) - segmentOrder(b.segment) || byText(a.currency, b.currency)),
    gaps: gaps.sort((a, b) => a - b),
    ltvCohorts: [...countBy(acquired.values(), (k) => k.cohort)].map(([cohort, size]) => ({ cohort, size })).sort((a, b) => byText(a.cohort, b.cohort)),
    ltvMoney: split('l')
      .map(([[cohort, period, currency], net]) => ({ cohort: cohort!, period: Number(period), currency: currency!, net }))
      .sort((a, b) => byText(a.cohort, b.cohort) || a.period - b.period || byText(a.currency, b.currency)),
    products,
    productMoney: [...productSums]
      .map(([key, net]) => {
        const [item_id, currency] = key.split('\u0000') as [string, string];
        return { item_id, currency, net: money(net) };
      })
      .filter((m) => rank.has(m.item_id))
      .sort((a, b) => rank.get(a.item_id)! - rank.get(b.item_id)! || byText(a.currency, b.currency)),
  };
}
