import {
  TREND_INTERVALS,
  TREND_METRICS,
  type MetricUnit,
  type TrendInterval,
  type TrendMetric,
  type TrendMetricInfo,
  type TrendPeriod,
  type TrendsReport,
} from '@vitrine/schema';
import type { ActiveCounts, MoneyCounts, Site, TrendCountSet, TrendCounts, TrendsData, TrendsQuery } from '../store/event-store.js';
import { emptyCounts } from '../store/report-rows.js';
import { echoScope, parseReportRequest, unknownParams, type ReportRequest } from './common.js';
import type { DateRange } from './range.js';
import { addDays, addMonths, compareDates, formatDate, localDateOf, mondayOf, startOfLocalDay, type LocalDate } from './zoned.js';

/** Labels and units of the metrics (docs/metrics.md has the definitions). */
const METRIC_INFO: Record<TrendMetric, { label: string; unit: MetricUnit }> = {
  visitors: { label: 'Visitors', unit: 'visitors' },
  sessions: { label: 'Sessions', unit: 'sessions' },
  pageviews: { label: 'Page views', unit: 'pageviews' },
  dau: { label: 'Daily active visitors (mean)', unit: 'visitors' },
  wau: { label: 'Weekly active visitors (mean)', unit: 'visitors' },
  mau: { label: 'Monthly active visitors (mean)', unit: 'visitors' },
  stickiness: { label: 'DAU / MAU', unit: 'ratio' },
  bounce_rate: { label: 'Bounce rate', unit: 'ratio' },
  session_duration: { label: 'Session duration (mean)', unit: 'seconds' },
  pages_per_session: { label: 'Pages per session', unit: 'pages' },
  new_visitors: { label: 'New visitors', unit: 'visitors' },
  returning_visitors: { label: 'Returning visitors', unit: 'visitors' },
  orders: { label: 'Orders', unit: 'orders' },
  revenue: { label: 'Revenue (net of refunds)', unit: 'currency' },
  refunds: { label: 'Refunds', unit: 'currency' },
  aov: { label: 'Average order value', unit: 'currency' },
  conversion_rate: { label: 'Conversion rate (sessions)', unit: 'ratio' },
};

/** Metrics shown when `metrics=` is left out. */
export const DEFAULT_TREND_METRICS: readonly TrendMetric[] = ['visitors', 'sessions', 'pageviews', 'orders', 'revenue', 'conversion_rate'];
const ACTIVE_METRICS: readonly TrendMetric[] = ['dau', 'wau', 'mau', 'stickiness'];

/** A parsed trends request. */
export interface TrendsRequest extends ReportRequest {
  metrics: TrendMetric[];
  interval: TrendInterval;
  /**
   * The currency of the money series and totals: `currency=` or the site's. (Money
   * without a currency of its own is still counted in the site's; see docs/metrics.md.)
   */
  currency: string;
}

/**
 * Reads `GET /v1/reports/trends`: the common parameters plus `metrics=a,b,…` (default
 * {@link DEFAULT_TREND_METRICS}), `interval=day|week|month` (default `day`) and
 * `currency=` (an ISO 4217 code; default the site's) for the money series.
 *
 * @returns the request, or a reason string for a 400.
 */
export function parseTrendsRequest(params: URLSearchParams, site: Site, now: Date): TrendsRequest | string {
  const unknown = unknownParams(params, ['metrics', 'interval', 'currency']);
  if (unknown) return unknown;
  const request = parseReportRequest(params, site, now);
  if (typeof request === 'string') return request;
  const raw = params.get('metrics');
  const metrics = raw === null ? [...DEFAULT_TREND_METRICS] : raw.split(',').map((m) => m.trim());
  const bad = metrics.find((m) => !(TREND_METRICS as readonly string[]).includes(m));
  if (bad !== undefined) return `metrics: unknown metric "${bad.slice(0, 40)}" (expected some of ${TREND_METRICS.join(', ')})`;
  if (new Set(metrics).size !== metrics.length) return 'metrics: a metric is listed twice';
  const interval = params.get('interval') ?? 'day';
  if (!(TREND_INTERVALS as readonly string[]).includes(interval)) return `interval: expected one of ${TREND_INTERVALS.join(', ')}`;
  const currency = params.get('currency') ?? site.currency;
  if (!/^[A-Z]{3}$/.test(currency)) return 'currency: expected an ISO 4217 code such as CNY or USD';
  return { ...request, metrics: metrics as TrendMetric[], interval: interval as TrendInterval, currency };
}

/**
 * The count sets each metric reads (`metricValue`); money is always counted. Metrics not
 * listed here (money, DAU/WAU/MAU) need none of them.
 */
const METRIC_COUNTS: Partial<Record<TrendMetric, readonly TrendCountSet[]>> = {
  visitors: ['events'],
  pageviews: ['events'],
  sessions: ['sessions'],
  bounce_rate: ['sessions'],
  session_duration: ['sessions'],
  pages_per_session: ['sessions'],
  conversion_rate: ['sessions'],
  new_visitors: ['newVisitors'],
  returning_visitors: ['events', 'newVisitors'],
};

/**
 * The store query for one period of the request. It asks only for the count sets the
 * requested metrics read: each set is a pass over the period's sessions, and a KPI tile
 * or a DAU/WAU/MAU chart needs one or none of them.
 */
export function trendsStoreQuery(request: TrendsRequest, range: DateRange): TrendsQuery {
  const counts = new Set(request.metrics.flatMap((m) => METRIC_COUNTS[m] ?? []));
  return {
    ...request.scope,
    ...range,
    interval: request.interval,
    activeUsers: request.metrics.some((m) => ACTIVE_METRICS.includes(m)),
    counts: (['events', 'sessions', 'newVisitors'] as const).filter((c) => counts.has(c)),
  };
}

/** The bucket starts (local dates) of `range` in `tz`: every day, ISO week or month it touches. */
export function bucketsOf(range: DateRange, tz: string, interval: TrendInterval): LocalDate[] {
  const first = localDateOf(range.from, tz);
  const last = localDateOf(new Date(range.to.getTime() - 1), tz);
  const start = interval === 'day' ? first : interval === 'week' ? mondayOf(first) : { y: first.y, m: first.m, d: 1 };
  const out: LocalDate[] = [];
  for (let b = start; compareDates(b, last) <= 0; b = interval === 'day' ? addDays(b, 1) : interval === 'week' ? addDays(b, 7) : addMonths(b, 1)) {
    out.push(b);
  }
  return out;
}

const ratio = (a: number, b: number) => (b === 0 ? null : a / b);
const cents = (v: number) => Math.round(v * 1e6) / 1e6;
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((a, b) => a + b, 0) / xs.length);

/** One metric's value from a bucket's counts, its money in the site's currency, and its days' activity. */
function metricValue(metric: TrendMetric, c: TrendCounts, money: MoneyCounts[], currency: string, days: ActiveCounts[]): number | null {
  const own = money.find((m) => m.currency === currency);
  const revenue = own ? cents(own.gross - own.refunds) : 0;
  switch (metric) {
    case 'visitors': return c.visitors;
    case 'sessions': return c.sessions;
    case 'pageviews': return c.pageviews;
    case 'dau': return mean(days.map((d) => d.dau));
    case 'wau': return mean(days.map((d) => d.wau));
    case 'mau': return mean(days.map((d) => d.mau));
    case 'stickiness': return ratio(mean(days.map((d) => d.dau)), mean(days.map((d) => d.mau)));
    case 'bounce_rate': return ratio(c.bounces, c.sessions);
    case 'session_duration': return c.sessions === 0 ? null : c.duration_ms / c.sessions / 1000;
    case 'pages_per_session': return ratio(c.session_pageviews, c.sessions);
    case 'new_visitors': return c.new_visitors;
    case 'returning_visitors': return c.visitors - c.new_visitors;
    case 'orders': return money.reduce((n, m) => n + m.orders, 0);
    case 'revenue': return revenue;
    case 'refunds': return own ? own.refunds : 0;
    case 'aov': return own && own.orders > 0 ? cents(revenue / own.orders) : null;
    case 'conversion_rate': return ratio(c.converted_sessions, c.sessions);
  }
}

/** Turns one period's store data into its series, totals and per-currency money. */
export function toTrendPeriod(request: TrendsRequest, range: DateRange, data: TrendsData): TrendPeriod {
  const { tz } = request.scope;
  const { currency } = request;
  const buckets = bucketsOf(range, tz, request.interval);
  const keys = buckets.map(formatDate);
  const byBucket = new Map(data.series.map((c) => [c.bucket, c]));
  // Active counts per day, filed under the bucket of their day (the store only answers days in range).
  const daysOf = (key: string | null) =>
    data.active.filter((d) => key === null || keys[bucketIndex(keys, d.day)] === key);
  const xs = buckets.map((b) => startOfLocalDay(b, tz).getTime() / 1000);
  const ys = request.metrics.map((metric) =>
    keys.map((key) => metricValue(metric, byBucket.get(key) ?? emptyCounts(key), data.money.filter((m) => m.bucket === key), currency, daysOf(key))),
  );
  const totalMoney = data.money.filter((m) => m.bucket === 'total');
  const totals = Object.fromEntries(request.metrics.map((metric) => [metric, metricValue(metric, data.total, totalMoney, currency, daysOf(null))]));
  const money: TrendPeriod['money'] = { revenue: {}, refunds: {}, orders: {}, aov: {} };
  for (const m of totalMoney) {
    const net = cents(m.gross - m.refunds);
    money.revenue[m.currency] = net;
    money.refunds[m.currency] = m.refunds;
    money.orders[m.currency] = m.orders;
    money.aov[m.currency] = m.orders > 0 ? cents(net / m.orders) : null;
  }
  return { from: range.from.toISOString(), to: range.to.toISOString(), data: [xs, ...ys], buckets: keys, totals, money };
}

/** The index of the last bucket starting on or before `day` (both `YYYY-MM-DD`, which sort as dates). */
function bucketIndex(keys: string[], day: string): number {
  let i = -1;
  for (let k = 0; k < keys.length && keys[k]! <= day; k++) i = k;
  return i;
}

/** The whole answer of `GET /v1/reports/trends`. */
export function toTrendsReport(request: TrendsRequest, current: TrendsData, previous: TrendsData | null): TrendsReport {
  const metrics: TrendMetricInfo[] = request.metrics.map((key) => ({
    key,
    ...METRIC_INFO[key],
    ...(METRIC_INFO[key].unit === 'currency' ? { currency: request.currency } : {}),
  }));
  return {
    ...echoScope(request),
    interval: request.interval,
    metrics,
    current: toTrendPeriod(request, request.scope, current),
    previous: previous && request.compare ? toTrendPeriod(request, request.compare.range, previous) : null,
  };
}
