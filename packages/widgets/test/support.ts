// Shared helpers of the widgets' browser tests: a stubbed fetch that records calls and
// answers from recorded-shape fixtures (unit isolation; test/e2e runs the widgets
// against a real collector), and builders for those fixtures.
import type {
  BreakdownReport,
  BreakdownRow,
  CommerceReport,
  ContentReport,
  ContentRow,
  RetentionReport,
  TrendMetric,
  TrendsReport,
  VitalsReport,
} from '@vitrine/schema';

/** One request a widget made. */
export interface Call {
  url: URL;
  init: RequestInit;
}
/** Answers a call; `index` counts calls from 0. */
export type Responder = (call: Call, index: number) => Promise<Response>;

/** Replaces window.fetch for one test; `restore()` in afterEach. */
export function stubFetch(responder: Responder) {
  const real = window.fetch;
  const stub = {
    calls: [] as Call[],
    responder,
    restore: () => {
      window.fetch = real;
    },
  };
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: new URL(String(input)), init: init ?? {} };
    stub.calls.push(call);
    return stub.responder(call, stub.calls.length - 1);
  };
  return stub;
}

/** A JSON response. */
export function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

/** A fetch that never answers until aborted, like a slow server. */
export function hanging(call: Call): Promise<Response> {
  return new Promise((_resolve, reject) => {
    call.init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
  });
}

const UNITS: Partial<Record<TrendMetric, TrendsReport['metrics'][number]['unit']>> = {
  revenue: 'currency',
  aov: 'currency',
  conversion_rate: 'ratio',
  bounce_rate: 'ratio',
  session_duration: 'seconds',
  orders: 'orders',
  sessions: 'sessions',
  pageviews: 'pageviews',
};

/**
 * A trends report as the collector answers it: `days` daily buckets from 2026-01-01
 * (Asia/Shanghai midnights), value(day, metric index) per metric, and a previous
 * period at `previousFactor` of the current values (none when null).
 */
export function trendsReport(
  metrics: string[],
  { days = 7, value = (day: number, m: number) => 100 + day * 10 + m, previousFactor = 0.5 as number | null, tz = 'Asia/Shanghai', currency = 'CNY' } = {},
): TrendsReport {
  const start = Date.UTC(2025, 11, 31, 16) / 1000; // 2026-01-01T00:00 in Shanghai
  const xs = Array.from({ length: days }, (_, d) => start + d * 86_400);
  const buckets = xs.map((_, d) => new Date(Date.UTC(2026, 0, 1 + d)).toISOString().slice(0, 10));
  const period = (factor: number) => {
    const ys = metrics.map((_, m) => xs.map((_, d) => value(d, m) * factor));
    return {
      from: new Date(xs[0]! * 1000).toISOString(),
      to: new Date((xs.at(-1)! + 86_400) * 1000).toISOString(),
      data: [xs, ...ys] as TrendsReport['current']['data'],
      buckets,
      totals: Object.fromEntries(metrics.map((key, m) => [key, ys[m]!.reduce((a, b) => a + b, 0)])),
      money: { revenue: {}, refunds: {}, orders: {}, aov: {} },
    };
  };
  const current = period(1);
  return {
    site: 'shop',
    from: current.from,
    to: current.to,
    tz,
    currency,
    filters: [],
    compare: previousFactor === null ? null : { mode: 'previous_period', from: current.from, to: current.to },
    interval: 'day',
    metrics: metrics.map((key) => ({ key: key as TrendMetric, label: key, unit: UNITS[key as TrendMetric] ?? 'visitors', ...(UNITS[key as TrendMetric] === 'currency' ? { currency } : {}) })),
    current,
    previous: previousFactor === null ? null : period(previousFactor),
  };
}

/** A breakdown row with `visitors` and derived numbers. */
export function breakdownRow(key: string, visitors: number, revenue = 0): BreakdownRow {
  return {
    key,
    visitors,
    sessions: visitors + 1,
    converted_sessions: Math.floor(visitors / 10),
    conversion_rate: Math.floor(visitors / 10) / (visitors + 1),
    orders: { CNY: Math.floor(visitors / 10) },
    revenue: { CNY: revenue },
  };
}

/** A breakdown report of the given rows. */
export function breakdownReport(dimension: string, rows: BreakdownRow[]): BreakdownReport {
  return {
    site: 'shop',
    from: '2026-01-01T00:00:00.000Z',
    to: '2026-01-08T00:00:00.000Z',
    tz: 'Asia/Shanghai',
    currency: 'CNY',
    filters: [],
    compare: null,
    dimension: dimension as BreakdownReport['dimension'],
    limit: 10,
    rows,
    previous: null,
  };
}

/** Strings that would run script or create elements if any widget parsed data as HTML. */
export const XSS = `<img src=x onerror="window.__xss=1"><script>window.__xss=1</script>"'&`;

/** The scope every report echoes. */
const SCOPE = {
  site: 'shop',
  from: '2026-01-01T00:00:00.000Z',
  to: '2026-01-08T00:00:00.000Z',
  tz: 'Asia/Shanghai',
  currency: 'CNY',
  filters: [],
  compare: null,
};

/**
 * A weekly retention report: two cohorts (the second hasn't reached week 2) and their
 * average; `label` names the first cohort (an XSS payload in the XSS tests).
 */
export function retentionReport(returns: 'any' | 'purchase' = 'any', label = '2026-01-05', cohorts = 2): RetentionReport {
  const rows = [
    { label, size: 200, counts: [200, 100, 50], rates: [1, 0.5, 0.25] },
    { label: '2026-01-12', size: 100, counts: [100, 20, null], rates: [1, 0.2, null] },
  ].slice(0, cohorts);
  return {
    ...SCOPE,
    cohort: 'first_visit',
    period: 'week',
    return: returns,
    periods: 2,
    labels: ['Week 0', 'Week 1', 'Week 2'],
    cohorts: rows,
    average: { label: 'average', size: 300, counts: [300, 120, 50], rates: [1, 0.4, 0.25] },
    data: [
      [0, 1, 2],
      [1, 0.4, 0.25],
    ],
    unit: 'visitors',
  };
}

/** A content row: `clicks` clicks out of 10× impressions, assisted revenue in CNY and USD. */
export function contentRow(name: string, piece: string, clicks: number): ContentRow {
  return {
    name,
    piece,
    impressions: clicks * 10,
    clicks,
    impression_visitors: clicks * 5,
    click_visitors: clicks,
    ctr: 0.2,
    assisted: { visitors: 1, orders: { CNY: 1, USD: 1 }, revenue: { CNY: clicks * 100, USD: 5 } },
  };
}

/** A content report of the given rows and one article. */
export function contentReport(rows: ContentRow[], article = '/blog/shoes'): ContentReport {
  return {
    ...SCOPE,
    window_days: 7,
    limit: 50,
    content: rows,
    articles: rows.length
      ? [{ article, readers: 40, reached: [40, 30, 20, 10], reached_share: [1, 0.75, 0.5, 0.25], median_read_s: 90, assisted: { visitors: 1, orders: {}, revenue: { CNY: 12 } } }]
      : [],
  };
}

/** A commerce report: repurchase stats, two RFM segments, a monthly LTV table in CNY and USD, products. */
export function commerceReport({ name = 'Red shoes', customers = 50 } = {}): CommerceReport {
  return {
    ...SCOPE,
    repurchase: { customers, repeat_customers: 10, rate: customers ? 10 / customers : null, orders: 70, time_between_orders: { gaps: 20, median_s: 3 * 86_400, p90_s: 9 * 86_400 } },
    ltv: {
      period: 'month',
      periods: 1,
      labels: ['Month 0', 'Month 1'],
      currencies: ['CNY', 'USD'],
      cohorts: [{ label: '2026-01-01', size: 100, ltv: { CNY: [10, 20], USD: [1, null] } }],
      data: { CNY: [[0, 1], [10, 20]], USD: [[0, 1], [1, null]] },
    },
    rfm: [
      { key: 'champions', label: 'Champions', customers: 5, orders: 20, revenue: { CNY: 15_000, USD: 30 } },
      { key: 'new', label: 'New', customers: 30, orders: 30, revenue: { CNY: 3000 } },
    ],
    products: {
      limit: 20,
      rows: customers
        ? [
            { item_id: 'SKU-1', item_name: name, view_visitors: 100, cart_visitors: 20, purchase_visitors: 5, view_to_cart: 0.2, cart_to_purchase: 0.25, units: 6, revenue: { CNY: 600 } },
            { item_id: 'SKU-2', item_name: '', view_visitors: 300, cart_visitors: 10, purchase_visitors: 2, view_to_cart: 1 / 30, cart_to_purchase: 0.2, units: 2, revenue: { CNY: 100, USD: 3 } },
          ]
        : [],
    },
  };
}

/** A vitals report: LCP mostly good, INP poor; `samples` 0 gives an empty report. */
export function vitalsReport(samples = 100, path = '/'): VitalsReport {
  const summary = (p75: number, good: number, poor: number) =>
    samples ? { samples, p75, good, needs_improvement: Math.round((1 - good - poor) * 100) / 100, poor } : { samples: 0, p75: null, good: 0, needs_improvement: 0, poor: 0 };
  const overall = { LCP: summary(2100, 0.7, 0.1), INP: summary(650, 0.2, 0.5), CLS: summary(0.125, 0.5, 0.2), FCP: summary(1500, 0.8, 0.05), TTFB: summary(900, 0.6, 0.1) };
  const info = (key: 'LCP' | 'INP' | 'CLS' | 'FCP' | 'TTFB', good: number, poor: number) =>
    ({ key, label: key, unit: key === 'CLS' ? 'score' : 'ms', thresholds: { good, poor } }) as const;
  return {
    ...SCOPE,
    interval: 'day',
    metrics: [info('LCP', 2500, 4000), info('INP', 200, 500), info('CLS', 0.1, 0.25), info('FCP', 1800, 3000), info('TTFB', 800, 1800)],
    overall,
    pages: [{ path, ...overall }],
    series: { buckets: [], data: [[]] },
    lcp_conversion: [
      { rating: 'good', sessions: 12_000, converted_sessions: 600, conversion_rate: 0.05 },
      { rating: 'needs-improvement', sessions: 3000, converted_sessions: 60, conversion_rate: 0.02 },
      { rating: 'poor', sessions: 0, converted_sessions: 0, conversion_rate: null },
    ],
  };
}
