/** Fewest and most steps a funnel may have. */
export const FUNNEL_STEPS = { min: 2, max: 10 } as const;

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
}
