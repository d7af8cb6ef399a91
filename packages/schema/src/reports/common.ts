/**
 * Parameters and answer shapes shared by every report (`GET /v1/reports/<name>`).
 * docs/metrics.md defines what each number means; both stores implement exactly that.
 */

/**
 * Dimensions a report may be filtered on, as written in `filters=`. Each maps to one
 * stored column (or one field of `props`) in the collector's allowlist; nothing else is
 * accepted, so a filter never names a column that came from the request.
 */
export const FILTER_DIMENSIONS = [
  'channel',
  'source',
  'referrer',
  'utm_source',
  'utm_medium',
  'utm_campaign',
  'utm_term',
  'utm_content',
  'device',
  'browser',
  'os',
  'country',
  'path',
  'product',
  'content',
] as const;
/** One of {@link FILTER_DIMENSIONS}. */
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

/** `range=` presets besides `<N>d`; see docs/metrics.md for their exact days. */
export const RANGE_PRESETS = ['today', 'yesterday', 'this_month', 'last_month', 'this_year'] as const;

/** `compare=` modes. */
export const COMPARE_MODES = ['previous_period', 'same_period_last_week', 'same_period_last_year'] as const;
/** One of {@link COMPARE_MODES}. */
export type CompareMode = (typeof COMPARE_MODES)[number];

/** Most filter clauses, and most values per clause, a request may carry. */
export const FILTER_LIMITS = { clauses: 10, values: 20, valueLength: 512 } as const;

/**
 * Query parameters every report takes:
 * `?site=shop&range=30d&tz=Asia/Shanghai&filters=channel:search|social;path:/blog/*&compare=previous_period`.
 */
export interface ReportQueryParams {
  /** The site's public key. */
  site: string;
  /** Start: `YYYY-MM-DD` (local midnight in `tz`) or an ISO 8601 date-time with an offset. */
  from?: string;
  /** End: a date includes that whole local day; a date-time is exclusive. */
  to?: string;
  /** Instead of from/to: `<N>d` (the N whole local days before today), `today`, `yesterday`, `this_month`, `last_month`, `this_year`. */
  range?: string;
  /** IANA time zone defining days, weeks (Monday first) and months. Default: the site's. */
  tz?: string;
  /** `dim:value[|value…][;dim:value…]`: clauses AND, values within a clause OR; a `path` value ending in `*` is a prefix. */
  filters?: string;
  /** A comparison period, computed in `tz`. */
  compare?: CompareMode;
}

/** The resolved scope echoed in every answer, so that a chart can label itself. */
export interface ReportScopeEcho {
  site: string;
  /** Resolved half-open range as ISO 8601 instants (UTC). */
  from: string;
  to: string;
  tz: string;
  /** The site's reporting currency: money in it is the headline; others are listed apart. */
  currency: string;
  filters: { dimension: FilterDimension; values: string[] }[];
  /** The comparison range, when `compare` was given. */
  compare: { mode: CompareMode; from: string; to: string } | null;
}

/** An amount of money per ISO 4217 currency code; amounts of different currencies are never added. */
export type MoneyByCurrency = Record<string, number>;
