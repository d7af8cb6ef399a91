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
  /** Inclusive start: an ISO 8601 date (UTC midnight) or a date-time with an offset. Default: 30 days before `to`. */
  from?: string;
  /** End: a date includes that whole day (UTC); a date-time is exclusive. Default: now. */
  to?: string;
}

/** One step of a funnel result. */
export interface FunnelStepResult {
  /** The step's event name. */
  name: string;
  /** Distinct visitors who reached this step in order. */
  visitors: number;
  /** `visitors` divided by the first step's visitors, 0..1 (1 for the first step). */
  conversion_from_first: number;
  /** `visitors` divided by the previous step's visitors, 0..1 (1 for the first step). */
  conversion_from_previous: number;
  /** Visitors lost since the previous step (0 for the first step). */
  drop_off: number;
}

/** The answer of `GET /v1/reports/funnel`. */
export interface FunnelReport {
  site: string;
  /** The resolved range, as ISO 8601 date-times (UTC). */
  from: string;
  to: string;
  /** What the counts count. */
  unit: 'visitors';
  steps: FunnelStepResult[];
}
