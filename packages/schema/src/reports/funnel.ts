import type { FilterDimension, ReportScopeEcho } from './common.js';

/** Fewest and most steps a funnel may have. */
export const FUNNEL_STEPS = { min: 2, max: 10 } as const;

/**
 * How steps must follow each other (docs/metrics.md, "Funnel"): `ordered` (default) allows
 * other events between steps; `strict` requires each step to be the very next *funnel
 * event* (an event whose name is one of the steps' names) after the previous step.
 */
export const FUNNEL_ORDERS = ['ordered', 'strict'] as const;
/** One of {@link FUNNEL_ORDERS}. */
export type FunnelOrder = (typeof FUNNEL_ORDERS)[number];

/** Shortest and longest conversion window `window=` accepts, in ms (1 minute to 365 days). */
export const FUNNEL_WINDOW_MS = { min: 60_000, max: 365 * 86_400_000 } as const;

/**
 * Dimensions `breakdown=` accepts: columns with one value per event, read on each unit's
 * first step-1 event (docs/metrics.md).
 */
export const FUNNEL_BREAKDOWN_DIMENSIONS = ['channel', 'source', 'referrer', 'campaign', 'device', 'browser', 'os', 'country'] as const;
/** One of {@link FUNNEL_BREAKDOWN_DIMENSIONS}. */
export type FunnelBreakdownDimension = (typeof FUNNEL_BREAKDOWN_DIMENSIONS)[number];

/** Default and largest `breakdown_limit=` (funnels shown in a breakdown). */
export const FUNNEL_BREAKDOWN_LIMIT = { default: 5, max: 20 } as const;

/** Longest `steps_json=` text accepted, in characters. */
export const FUNNEL_STEPS_JSON_MAX = 8192;

/**
 * One step in the JSON form (`steps_json=[{"event":"page_view","filters":{"path":"/blog/*"}}, …]`):
 * an event name and, optionally, filters the step's event itself must match (every
 * dimension; any of a dimension's values; a `path` value ending in `*` is a prefix).
 */
export interface FunnelStepSpec {
  event: string;
  filters?: Partial<Record<FilterDimension, string | string[]>>;
}

/** Path of the funnel report endpoint. */
export const FUNNEL_PATH = '/v1/reports/funnel';

/**
 * A funnel query, as sent in the query string of `GET /v1/reports/funnel`:
 * `?site=demo&steps=page_view,view_item,add_to_cart,purchase&from=2026-11-01&to=2026-11-24`.
 */
export interface FunnelQuery {
  /** The site's public key. */
  site: string;
  /** Event names, in order; a visitor reaches step k after doing steps 1..k in this order. */
  steps: string[];
  /** Inclusive start: an ISO 8601 date (local midnight in `tz`) or a date-time with an offset. Default: 30 days before `to`. */
  from?: string;
  /** End: a date includes that whole local day; a date-time is exclusive. Default: now. */
  to?: string;
  /** Instead of from/to, a preset such as `7d` or `this_month` (see `ReportQueryParams.range`). */
  range?: string;
  /** IANA time zone of bare dates and presets. Default: the site's. */
  tz?: string;
  /** `visitors` (default): each visitor walks the funnel across sessions; `sessions`: each session on its own. */
  unit?: 'visitors' | 'sessions';
  /** Instead of `steps`: a JSON array of {@link FunnelStepSpec}, for steps with filters. */
  steps_json?: string;
  /** `ordered` (default) or `strict`. */
  order?: FunnelOrder;
  /** Conversion window from the first step: `<N>m`, `<N>h` or `<N>d` (1 minute to 365 days). Default: none. */
  window?: string;
  /** Session filters, as every report's `filters=`. */
  filters?: string;
  /** One funnel per top value of this dimension, besides the overall one. */
  breakdown?: FunnelBreakdownDimension;
  /** How many breakdown values (by first-step count), 1 to 20; default 5. */
  breakdown_limit?: number;
}

/** One step of a funnel result. */
export interface FunnelStepResult {
  /** The step's event name. */
  name: string;
  /** Distinct visitors (or sessions, see `unit`) who reached this step in order. */
  visitors: number;
  /** `visitors` divided by the first step's visitors, 0..1 (1 for the first step). */
  conversion_from_first: number;
  /** `visitors` divided by the previous step's visitors, 0..1 (1 for the first step). */
  conversion_from_previous: number;
  /** Visitors lost since the previous step (0 for the first step). */
  drop_off: number;
  /**
   * Time from the first step to this one (seconds) of those who reached it, as
   * nearest-rank median and 90th percentile; null for the first step and when nobody
   * reached it.
   */
  time_from_first: { median_s: number; p90_s: number } | null;
  /** The step's own filters (JSON form only), as parsed. */
  filters?: { dimension: FilterDimension; values: string[] }[];
}

/** One funnel of a breakdown: the units whose first step-1 event had this value. */
export interface FunnelBreakdownRow {
  /** The dimension's value; `""` when it had none. */
  key: string;
  steps: FunnelStepResult[];
}

/** The answer of `GET /v1/reports/funnel`. */
export interface FunnelReport {
  site: string;
  /** The resolved range, as ISO 8601 date-times (UTC). */
  from: string;
  to: string;
  /** What the counts count. */
  unit: 'visitors' | 'sessions';
  steps: FunnelStepResult[];
  /** The time zone of bare dates and presets. */
  tz?: string;
  order?: FunnelOrder;
  /** The conversion window in ms, or null for none. */
  window_ms?: number | null;
  /** The session filters applied (`filters=`). */
  filters?: ReportScopeEcho['filters'];
  /** With `breakdown=`: the top values' own funnels, by first-step count, then key. */
  breakdown?: { dimension: FunnelBreakdownDimension; limit: number; rows: FunnelBreakdownRow[] } | null;
}
