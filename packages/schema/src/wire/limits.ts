/**
 * Protocol constants and size limits of the wire format.
 *
 * This module has no runtime dependencies on purpose: the tracker imports it, and
 * everything it pulls in would land in the few-KB script tag bundle.
 */

/** The wire-format version that this package describes. Sent as `v` in every batch. */
export const PROTOCOL_VERSION = 1;

/** Path of the ingest endpoint, relative to the collector's origin. */
export const BATCH_PATH = '/v1/batch';

/**
 * Limits that a valid batch or event respects. The tracker stays under them, and the
 * collector rejects (with a reason) whatever goes over, so neither side guesses.
 */
export const LIMITS = {
  /** Events in one batch envelope. */
  eventsPerBatch: 500,
  /** Length of the event id, the visitor id, the session id and the user id. */
  idLength: 64,
  /** Length of an event name. */
  nameLength: 64,
  /** Length of `url` and `referrer`. URLs longer than this are truncated by the tracker. */
  urlLength: 2048,
  /** Length of `title`. */
  titleLength: 512,
  /** Keys in the `props` of a custom event. */
  customPropKeys: 50,
  /** Length of a string property value. */
  propStringLength: 500,
  /** Entries in an ecommerce `items` array. */
  items: 200,
} as const;

/**
 * GA4's recommended ecommerce event names. A store that is already instrumented for
 * GA4 maps one to one onto these, with the same parameters.
 */
export const ECOMMERCE_EVENTS = [
  'view_item_list',
  'select_item',
  'view_item',
  'add_to_cart',
  'remove_from_cart',
  'view_cart',
  'begin_checkout',
  'purchase',
  'refund',
] as const;

/** One of GA4's ecommerce event names. */
export type EcommerceEventName = (typeof ECOMMERCE_EVENTS)[number];

/**
 * The one props key of an ecommerce event whose parameters are GA4's, as a store pushed
 * them to its data layer or passed them to `gtag('event', …)`:
 * `{ "name": "purchase", "props": { "ga4": { "transaction_id": "T1", "value": "288.00", … } } }`.
 * The tracker sends what it reads from a data layer this way, as it found it, and the
 * collector makes wire-format props of it (`propsFromGa4`).
 */
export const GA4_PARAMS = 'ga4';

/** The event name of an automatic page view. */
export const PAGE_VIEW = 'page_view';

/**
 * The events the tracker records by itself about content and the page (declarative
 * content tracking, article read depth, engagement per page view, Core Web Vitals).
 * Each has a props schema of its own (`ENGAGEMENT_PROPS_SCHEMAS`), as ecommerce events do.
 */
export const ENGAGEMENT_EVENTS = ['content_impression', 'content_click', 'article_progress', 'page_engagement', 'web_vital'] as const;

/** One of the tracker's content and engagement event names. */
export type EngagementEventName = (typeof ENGAGEMENT_EVENTS)[number];

/** The read-depth milestones of `article_progress`, in percent of the article. */
export const ARTICLE_MILESTONES = [25, 50, 75, 100] as const;

/** The Core Web Vitals that `web_vital` reports, named as `web-vitals` names them. */
export const WEB_VITAL_METRICS = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;

/** `web-vitals`' rating of a value against Google's thresholds. */
export const WEB_VITAL_RATINGS = ['good', 'needs-improvement', 'poor'] as const;
