import type { MoneyByCurrency, ReportScopeEcho } from './common.js';

/** Path of the trends (KPI) report endpoint. */
export const TRENDS_PATH = '/v1/reports/trends';

/** Metrics `metrics=` accepts, each defined in docs/metrics.md. */
export const TREND_METRICS = [
  'visitors',
  'sessions',
  'pageviews',
  'dau',
  'wau',
  'mau',
  'stickiness',
  'bounce_rate',
  'session_duration',
  'pages_per_session',
  'new_visitors',
  'returning_visitors',
  'orders',
  'revenue',
  'refunds',
  'aov',
  'conversion_rate',
] as const;
/** One of {@link TREND_METRICS}. */
export type TrendMetric = (typeof TREND_METRICS)[number];

/** Series granularity, in the report's time zone; weeks start on Monday (ISO 8601). */
export const TREND_INTERVALS = ['day', 'week', 'month'] as const;
/** One of {@link TREND_INTERVALS}. */
export type TrendInterval = (typeof TREND_INTERVALS)[number];

/** Units of the metrics, for axis labels. */
export type MetricUnit = 'visitors' | 'sessions' | 'pageviews' | 'orders' | 'ratio' | 'seconds' | 'pages' | 'currency';

/** How one metric is described to a chart. */
export interface TrendMetricInfo {
  key: TrendMetric;
  label: string;
  unit: MetricUnit;
  /** For `unit: 'currency'`: the currency of the series and totals (`currency=`, default the site's). */
  currency?: string;
}

/** One period's series and totals. */
export interface TrendPeriod {
  from: string;
  to: string;
  /**
   * uPlot-ready columnar data: `[xs, ys…]`, xs the bucket starts in Unix seconds (local
   * midnight in `tz`), one ys array per metric in the order of `metrics`. Null where the
   * metric is undefined (a rate over zero sessions).
   */
  data: [number[], ...(number | null)[][]];
  /** Bucket starts as local dates (`YYYY-MM-DD`), aligned with `data[0]`. */
  buckets: string[];
  /** Totals over the whole period, by metric key (not the sum of the series for distinct counts). */
  totals: Partial<Record<TrendMetric, number | null>>;
  /** Money metrics per currency (all currencies seen), totals only; the site's currency is also in `totals`. */
  money: { revenue: MoneyByCurrency; refunds: MoneyByCurrency; orders: Record<string, number>; aov: Record<string, number | null> };
}

/** The answer of `GET /v1/reports/trends`. */
export interface TrendsReport extends ReportScopeEcho {
  interval: TrendInterval;
  metrics: TrendMetricInfo[];
  current: TrendPeriod;
  /** The comparison period (same bucket count, aligned by position), when asked for. */
  previous: TrendPeriod | null;
}
