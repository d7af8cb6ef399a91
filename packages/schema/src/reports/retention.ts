import type { ReportQueryParams, ReportScopeEcho } from './common.js';

/** Path of the retention report endpoint. */
export const RETENTION_PATH = '/v1/reports/retention';

/** What puts a visitor in a cohort: their first-ever visit or their first-ever purchase (docs/metrics.md). */
export const RETENTION_COHORTS = ['first_visit', 'first_purchase'] as const;
/** One of {@link RETENTION_COHORTS}. */
export type RetentionCohort = (typeof RETENTION_COHORTS)[number];

/** Cohort and return period, in the report's time zone; weeks start on Monday (ISO 8601). */
export const RETENTION_PERIODS = ['day', 'week', 'month'] as const;
/** One of {@link RETENTION_PERIODS}. */
export type RetentionPeriod = (typeof RETENTION_PERIODS)[number];

/** What counts as coming back: any counted event, or a purchase. */
export const RETENTION_RETURNS = ['any', 'purchase'] as const;
/** One of {@link RETENTION_RETURNS}. */
export type RetentionReturn = (typeof RETENTION_RETURNS)[number];

/** Default and largest `periods=` (periods after period 0). */
export const RETENTION_PERIOD_LIMIT = { default: 8, max: 90 } as const;

/**
 * Query parameters of `GET /v1/reports/retention`: the common ones (no `compare`) plus
 * `cohort=`, `period=`, `return=` and `periods=`.
 */
export interface RetentionQueryParams extends Omit<ReportQueryParams, 'compare'> {
  /** Default `first_visit`. */
  cohort?: RetentionCohort;
  /** Default `week`. */
  period?: RetentionPeriod;
  /** Default `any`. */
  return?: RetentionReturn;
  /** Periods after period 0, 1 to {@link RETENTION_PERIOD_LIMIT}.max; default 8. */
  periods?: number;
}

/** One row of the retention table. */
export interface RetentionRow {
  /** The cohort's period start as a local date (`YYYY-MM-DD`); `average` for the average row. */
  label: string;
  /** Visitors in the cohort (for the average row: in all cohorts). */
  size: number;
  /**
   * Visitors who came back in period 0…N (index = period). Period 0 is the cohort itself
   * (= `size`, 100 % by definition). Null where the period has not started yet.
   */
  counts: (number | null)[];
  /** `counts[k] / size`; null where the count is, or when the cohort is empty. */
  rates: (number | null)[];
}

/** The answer of `GET /v1/reports/retention`. */
export interface RetentionReport extends ReportScopeEcho {
  cohort: RetentionCohort;
  period: RetentionPeriod;
  return: RetentionReturn;
  periods: number;
  /** Column headings, `Week 0` … `Week N` (or Day / Month). */
  labels: string[];
  /** One row per cohort period that has at least one visitor, oldest first. */
  cohorts: RetentionRow[];
  /**
   * The average row: for each period, returned ÷ size summed over the cohorts for which
   * that period has started (a size-weighted mean); `size` is all cohorts' visitors.
   */
  average: RetentionRow;
  /** uPlot-ready average curve: `[periods 0…N, average rates]`. */
  data: [number[], (number | null)[]];
  unit: 'visitors';
}
