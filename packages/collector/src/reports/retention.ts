import {
  RETENTION_COHORTS,
  RETENTION_PERIOD_LIMIT,
  RETENTION_PERIODS,
  RETENTION_RETURNS,
  type RetentionCohort,
  type RetentionPeriod,
  type RetentionReport,
  type RetentionReturn,
  type RetentionRow,
} from '@vitrine/schema';
import type { RetentionData, RetentionQuery, Site } from '../store/event-store.js';
import { echoScope, parseReportRequest, unknownParams, type ReportRequest } from './common.js';
import { bucketsOf } from './trends.js';
import { addDays, addMonths, parseDate, startOfLocalDay, type LocalDate } from './zoned.js';

/** A parsed retention request. */
export interface RetentionRequest extends ReportRequest {
  cohort: RetentionCohort;
  period: RetentionPeriod;
  returnEvent: RetentionReturn;
  periods: number;
  /** The end of the last cohort's last period: how far return events are read. */
  activityTo: Date;
  /** The request's clock: periods starting after it are not observable yet (null). */
  now: Date;
}

/** `date` moved by `k` periods. */
export function addPeriods(date: LocalDate, period: RetentionPeriod, k: number): LocalDate {
  return period === 'day' ? addDays(date, k) : period === 'week' ? addDays(date, 7 * k) : addMonths(date, k);
}

/** The instant where period `periods + 1` of the range's last cohort starts, in `tz`. */
export function activityEnd(range: { from: Date; to: Date }, tz: string, period: RetentionPeriod, periods: number): Date {
  const buckets = bucketsOf(range, tz, period);
  return startOfLocalDay(addPeriods(buckets[buckets.length - 1]!, period, periods + 1), tz);
}

/**
 * Reads an integer parameter in `[1, max]`, or its default when absent.
 * @returns the number, or a reason string.
 */
export function intParam(params: URLSearchParams, name: string, limit: { default: number; max: number }): number | string {
  const raw = params.get(name);
  const value = raw === null ? limit.default : /^\d{1,4}$/.test(raw) ? Number(raw) : Number.NaN;
  return value >= 1 && value <= limit.max ? value : `${name}: expected an integer from 1 to ${limit.max}`;
}

/**
 * Reads one of `allowed` from `name`, or `fallback` when absent.
 * @returns the value, or `{ reason }` for a 400.
 */
export function oneOf<T extends string>(params: URLSearchParams, name: string, allowed: readonly T[], fallback: T): T | { reason: string } {
  const raw = params.get(name) ?? fallback;
  return (allowed as readonly string[]).includes(raw) ? (raw as T) : { reason: `${name}: expected one of ${allowed.join(', ')}` };
}

/**
 * Reads `GET /v1/reports/retention`: the common parameters (without `compare`: a cohort
 * table compares its rows already) plus `cohort=first_visit|first_purchase` (default
 * `first_visit`), `period=day|week|month` (default `week`), `return=any|purchase` (default
 * `any`) and `periods=` (1 to 90, default 8).
 *
 * @returns the request, or a reason string for a 400.
 */
export function parseRetentionRequest(params: URLSearchParams, site: Site, now: Date): RetentionRequest | string {
  const unknown = unknownParams(params, ['cohort', 'period', 'return', 'periods']);
  if (unknown) return unknown;
  if (params.has('compare')) return 'compare: not available for retention (its cohorts are the comparison)';
  const request = parseReportRequest(params, site, now);
  if (typeof request === 'string') return request;
  const cohort = oneOf(params, 'cohort', RETENTION_COHORTS, 'first_visit');
  if (typeof cohort === 'object') return cohort.reason;
  const period = oneOf(params, 'period', RETENTION_PERIODS, 'week');
  if (typeof period === 'object') return period.reason;
  const returnEvent = oneOf(params, 'return', RETENTION_RETURNS, 'any');
  if (typeof returnEvent === 'object') return returnEvent.reason;
  const periods = intParam(params, 'periods', RETENTION_PERIOD_LIMIT);
  if (typeof periods === 'string') return periods;
  return { ...request, cohort, period, returnEvent, periods, activityTo: activityEnd(request.scope, request.scope.tz, period, periods), now };
}

/** The store query of a request. */
export const retentionStoreQuery = (request: RetentionRequest): RetentionQuery => ({
  ...request.scope,
  cohort: request.cohort,
  period: request.period,
  returnEvent: request.returnEvent,
  periods: request.periods,
  activityTo: request.activityTo,
});

const TITLES: Record<RetentionPeriod, string> = { day: 'Day', week: 'Week', month: 'Month' };
const ratio = (a: number | null, b: number) => (a === null || b === 0 ? null : a / b);

/** `Week 0` … `Week N`. */
export const periodLabels = (period: RetentionPeriod, periods: number) => Array.from({ length: periods + 1 }, (_, k) => `${TITLES[period]} ${k}`);

/** Whether period `k` of the cohort starting on `label` has started by `now`. */
export function periodStarted(label: string, k: number, period: RetentionPeriod, tz: string, now: Date): boolean {
  return startOfLocalDay(addPeriods(parseDate(label)!, period, k), tz) <= now;
}

/** The whole answer of `GET /v1/reports/retention`. */
export function toRetentionReport(request: RetentionRequest, data: RetentionData): RetentionReport {
  const { period, periods, now } = request;
  const { tz } = request.scope;
  const returned = new Map(data.returns.map((r) => [`${r.cohort}\u0000${r.period}`, r.visitors]));
  const cohorts: RetentionRow[] = data.cohorts.map(({ cohort, size }) => {
    const counts = Array.from({ length: periods + 1 }, (_, k) =>
      k === 0 ? size : periodStarted(cohort, k, period, tz, now) ? (returned.get(`${cohort}\u0000${k}`) ?? 0) : null,
    );
    return { label: cohort, size, counts, rates: counts.map((n) => ratio(n, size)) };
  });
  // Each period averages only the cohorts for which it has started, weighted by their size.
  const averageCounts: (number | null)[] = [];
  const averageRates: (number | null)[] = [];
  for (let k = 0; k <= periods; k++) {
    const seen = cohorts.filter((c) => c.counts[k] !== null);
    const count = seen.reduce((n, c) => n + c.counts[k]!, 0);
    const size = seen.reduce((n, c) => n + c.size, 0);
    averageCounts.push(seen.length === 0 ? null : count);
    averageRates.push(seen.length === 0 ? null : ratio(count, size));
  }
  return {
    ...echoScope(request),
    cohort: request.cohort,
    period,
    return: request.returnEvent,
    periods,
    labels: periodLabels(period, periods),
    cohorts,
    average: { label: 'average', size: cohorts.reduce((n, c) => n + c.size, 0), counts: averageCounts, rates: averageRates },
    data: [Array.from({ length: periods + 1 }, (_, k) => k), averageRates],
    unit: 'visitors',
  };
}
