import type { TrendMetricInfo, TrendPeriod, TrendsReport } from '@vitrine/schema';
import { formatValue } from './format.js';

/**
 * Checks that a response looks like a trends report before anything renders it (a
 * structural check: the schema package is imported for types only).
 *
 * @throws Error if it isn't one
 */
export function parseTrendsReport(json: unknown): TrendsReport {
  const report = json as TrendsReport | null;
  const period = (p: TrendPeriod | null | undefined) => !!p && Array.isArray(p.data) && Array.isArray(p.data[0]) && Array.isArray(p.buckets);
  const ok = !!report && Array.isArray(report.metrics) && period(report.current) && (report.previous == null || period(report.previous));
  if (!ok) throw new Error('The response is not a trends report.');
  return report;
}

/** Whether a trends report has nothing to show: no buckets, or every value null or zero. */
export function isEmptyTrends(report: TrendsReport): boolean {
  return report.current.data.slice(1).every((series) => series.every((value) => !value));
}

/** Formats a value of a trends metric, by its unit (money in the metric's currency). */
export function formatMetric(value: number | null | undefined, metric: TrendMetricInfo, locale: string, fallbackCurrency: string, compact = false): string {
  return formatValue(value, metric.unit, locale, metric.currency ?? fallbackCurrency, compact);
}

/**
 * The relative change from `previous` to `current` (0.12 for +12%), or null when it
 * has no meaning (no previous value, or a previous zero).
 */
export function relativeChange(current: number | null | undefined, previous: number | null | undefined): number | null {
  if (current == null || previous == null || previous === 0) return null;
  return (current - previous) / Math.abs(previous);
}

/** Metrics for which a rise is bad news (colored as a loss). */
export const LOWER_IS_BETTER: ReadonlySet<string> = new Set(['bounce_rate', 'refunds']);
