import {
  TREND_INTERVALS,
  VITAL_METRICS,
  VITAL_RATINGS,
  VITAL_THRESHOLDS,
  VITALS_PAGES,
  type TrendInterval,
  type VitalMetric,
  type VitalMetricInfo,
  type VitalSummaries,
  type VitalSummary,
  type VitalsReport,
} from '@vitrine/schema';
import type { Site, VitalCounts, VitalsData, VitalsQuery } from '../store/event-store.js';
import { intParam } from './content.js';
import { echoScope, parseReportRequest, unknownParams, type ReportRequest } from './common.js';
import { bucketsOf } from './trends.js';
import { formatDate, startOfLocalDay } from './zoned.js';

/** A parsed vitals request. */
export interface VitalsRequest extends ReportRequest {
  interval: TrendInterval;
  pages: number;
}

const LABELS: Record<VitalMetric, string> = {
  LCP: 'Largest Contentful Paint',
  INP: 'Interaction to Next Paint',
  CLS: 'Cumulative Layout Shift',
  FCP: 'First Contentful Paint',
  TTFB: 'Time to First Byte',
};

/**
 * Reads `GET /v1/reports/vitals`: the common parameters (without `compare`) plus
 * `interval=day|week|month` (default `day`) and `pages=` (1–100, default 10).
 *
 * @returns the request, or a reason string for a 400.
 */
export function parseVitalsRequest(params: URLSearchParams, site: Site, now: Date): VitalsRequest | string {
  const unknown = unknownParams(params, ['interval', 'pages']);
  if (unknown) return unknown;
  if (params.has('compare')) return 'compare: the vitals report has no comparison period';
  const request = parseReportRequest(params, site, now);
  if (typeof request === 'string') return request;
  const interval = params.get('interval') ?? 'day';
  if (!(TREND_INTERVALS as readonly string[]).includes(interval)) return `interval: expected one of ${TREND_INTERVALS.join(', ')}`;
  const pages = intParam(params, 'pages', VITALS_PAGES.default, 1, VITALS_PAGES.max);
  if (typeof pages === 'string') return pages;
  return { ...request, interval: interval as TrendInterval, pages };
}

/** The store query of the request. */
export const vitalsStoreQuery = (request: VitalsRequest): VitalsQuery => ({ ...request.scope, interval: request.interval, pages: request.pages });

/** Every metric's summary from one group's counts (zeros and null p75 for metrics without samples). */
function summaries(counts: VitalCounts[]): VitalSummaries {
  const out = {} as VitalSummaries;
  for (const metric of VITAL_METRICS) {
    const c = counts.find((x) => x.metric === metric);
    const n = c?.samples ?? 0;
    const summary: VitalSummary = {
      samples: n,
      p75: c ? c.p75 : null,
      good: n === 0 ? 0 : c!.good / n,
      needs_improvement: n === 0 ? 0 : c!.needs_improvement / n,
      poor: n === 0 ? 0 : c!.poor / n,
    };
    out[metric] = summary;
  }
  return out;
}

/** The whole answer of `GET /v1/reports/vitals`. */
export function toVitalsReport(request: VitalsRequest, data: VitalsData): VitalsReport {
  const { tz } = request.scope;
  const metrics: VitalMetricInfo[] = VITAL_METRICS.map((key) => ({ key, label: LABELS[key], unit: key === 'CLS' ? 'score' : 'ms', thresholds: VITAL_THRESHOLDS[key] }));
  const paths = new Map<string, VitalCounts[]>();
  for (const c of data.pages) paths.set(c.group, [...(paths.get(c.group) ?? []), c]);
  const samples = (cs: VitalCounts[]) => cs.reduce((n, c) => n + c.samples, 0);
  const pages = [...paths]
    .sort(([a, x], [b, y]) => samples(y) - samples(x) || (a < b ? -1 : a > b ? 1 : 0))
    .map(([path, cs]) => ({ path, ...summaries(cs) }));
  const buckets = bucketsOf(request.scope, tz, request.interval);
  const keys = buckets.map(formatDate);
  const xs = buckets.map((b) => startOfLocalDay(b, tz).getTime() / 1000);
  const ys = VITAL_METRICS.map((metric) => keys.map((key) => data.series.find((c) => c.group === key && c.metric === metric)?.p75 ?? null));
  return {
    ...echoScope(request),
    interval: request.interval,
    metrics,
    overall: summaries(data.overall),
    pages,
    series: { buckets: keys, data: [xs, ...ys] },
    lcp_conversion: VITAL_RATINGS.map((rating) => {
      const row = data.lcp.find((r) => r.rating === rating);
      const sessions = row?.sessions ?? 0;
      const converted = row?.converted_sessions ?? 0;
      return { rating, sessions, converted_sessions: converted, conversion_rate: sessions === 0 ? null : converted / sessions };
    }),
  };
}
