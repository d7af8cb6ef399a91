import type { ReportScopeEcho } from './common.js';
import type { TrendInterval } from './trends.js';

/** Path of the web vitals report endpoint. */
export const VITALS_PATH = '/v1/reports/vitals';

/** The Core Web Vitals and helpers the tracker reports, in the order of every list and series. */
export const VITAL_METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
/** One of {@link VITAL_METRICS}. */
export type VitalMetric = (typeof VITAL_METRICS)[number];

/**
 * The rating thresholds (web.dev's): a sample is `good` at or below `good`, `poor` above
 * `poor`, `needs-improvement` between. LCP, INP, FCP and TTFB in ms; CLS unitless.
 */
export const VITAL_THRESHOLDS: Record<VitalMetric, { good: number; poor: number }> = {
  LCP: { good: 2500, poor: 4000 },
  INP: { good: 200, poor: 500 },
  CLS: { good: 0.1, poor: 0.25 },
  FCP: { good: 1800, poor: 3000 },
  TTFB: { good: 800, poor: 1800 },
};

/** A sample's rating. */
export const VITAL_RATINGS = ['good', 'needs-improvement', 'poor'] as const;
/** One of {@link VITAL_RATINGS}. */
export type VitalRating = (typeof VITAL_RATINGS)[number];

/** Default and largest `pages=` (the top paths by samples). */
export const VITALS_PAGES = { default: 10, max: 100 } as const;

/** Query parameters of `GET /v1/reports/vitals` besides those of every report. */
export interface VitalsQueryParams {
  /** Series granularity in `tz` (default `day`). */
  interval?: TrendInterval;
  /** How many paths, by number of samples (1–100, default 10). */
  pages?: number;
}

/** How one metric is described to a chart. */
export interface VitalMetricInfo {
  key: VitalMetric;
  label: string;
  /** `ms`, or `score` for CLS. */
  unit: 'ms' | 'score';
  thresholds: { good: number; poor: number };
}

/** One metric's summary over a set of samples. */
export interface VitalSummary {
  samples: number;
  /** Nearest-rank 75th percentile of the samples' values; null without samples. */
  p75: number | null;
  /** Shares of good, needs-improvement and poor samples (0..1; zeros without samples). */
  good: number;
  needs_improvement: number;
  poor: number;
}

/** Every metric's summary, by metric. */
export type VitalSummaries = Record<VitalMetric, VitalSummary>;

/** Sessions and conversion for one LCP rating. */
export interface LcpConversionRow {
  rating: VitalRating;
  /** Sessions whose LCP (their first LCP sample) has this rating. */
  sessions: number;
  /** Of them, sessions with a purchase. */
  converted_sessions: number;
  /** `converted_sessions / sessions` (null without sessions). */
  conversion_rate: number | null;
}

/** The answer of `GET /v1/reports/vitals`. */
export interface VitalsReport extends ReportScopeEcho {
  interval: TrendInterval;
  metrics: VitalMetricInfo[];
  overall: VitalSummaries;
  /** The top `pages` paths by samples (descending), then path. */
  pages: ({ path: string } & VitalSummaries)[];
  /**
   * p75 over time: uPlot columns `[xs, ys…]`, xs the bucket starts in Unix seconds (local
   * midnight in `tz`), one ys per metric in {@link VITAL_METRICS} order (null without samples).
   */
  series: { buckets: string[]; data: [number[], ...(number | null)[][]] };
  /** Conversion rate per LCP rating, in {@link VITAL_RATINGS} order. */
  lcp_conversion: LcpConversionRow[];
}
