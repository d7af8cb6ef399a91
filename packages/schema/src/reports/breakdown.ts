import type { MoneyByCurrency, ReportScopeEcho } from './common.js';

/** Path of the breakdown report endpoint. */
export const BREAKDOWN_PATH = '/v1/reports/breakdown';

/** Dimensions `dimension=` accepts; docs/metrics.md says which event of a session decides each. */
export const BREAKDOWN_DIMENSIONS = ['page', 'entry_page', 'channel', 'source', 'referrer', 'campaign', 'device', 'browser', 'os', 'country'] as const;
/** One of {@link BREAKDOWN_DIMENSIONS}. */
export type BreakdownDimension = (typeof BREAKDOWN_DIMENSIONS)[number];

/** Default and largest `limit=`. */
export const BREAKDOWN_LIMIT = { default: 10, max: 1000 } as const;

/** One row of a breakdown. */
export interface BreakdownRow {
  /** The dimension's value; `""` when the sessions had none (direct traffic has no referrer). */
  key: string;
  visitors: number;
  sessions: number;
  /** Sessions with at least one purchase. */
  converted_sessions: number;
  /** `converted_sessions / sessions`. */
  conversion_rate: number | null;
  /** Orders by currency of the order. */
  orders: Record<string, number>;
  /** Net revenue (purchases minus their refunds) by currency. */
  revenue: MoneyByCurrency;
}

/** The answer of `GET /v1/reports/breakdown`. */
export interface BreakdownReport extends ReportScopeEcho {
  dimension: BreakdownDimension;
  limit: number;
  /** Ordered by visitors (descending), then key. */
  rows: BreakdownRow[];
  /** The comparison period's own top rows (same dimension and limit), when asked for. */
  previous: BreakdownRow[] | null;
}
