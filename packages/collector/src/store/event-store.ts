/**
 * The storage interface. DuckDB (embedded default) and ClickHouse (the path to scale)
 * both implement it with the same schema and the same semantics, so that ingest and
 * reports never know which one they talk to. `store/event-store.contract.ts` is the
 * shared test suite both must pass.
 */

import type { BreakdownDimension, FilterDimension, TrendInterval } from '@vitrine/schema';
import type { FunnelBreakdownDimension, FunnelOrder, VitalMetric } from '@vitrine/schema';
import type { LtvPeriod, RetentionCohort, RetentionPeriod, RetentionReturn, RfmSegment } from '@vitrine/schema';

/** The marketing channel of a visit, derived from referrer and UTM at ingest. */
export type Channel = 'search' | 'social' | 'paid' | 'email' | 'referral' | 'direct' | 'internal';

/** One validated, enriched event as it is stored. */
export interface EventRow {
  site: string;
  event_id: string;
  name: string;
  /** Event time on the server's clock: the client's `ts` corrected for clock skew, never in the future. */
  ts: Date;
  /** The client's own `ts`, as sent. Retries resend it unchanged, which is what dedup lookups range over. */
  client_ts: Date;
  received_at: Date;
  visitor_id: string;
  session_id: string;
  user_id: string | null;
  /** Scrubbed page URL. */
  url: string;
  host: string;
  path: string;
  title: string | null;
  /** Scrubbed referrer URL, or null for direct visits. */
  referrer: string | null;
  referrer_host: string | null;
  channel: Channel;
  /** The traffic source's common name (`Baidu`, `WeChat`, `Google`), else utm_source or the referrer host. */
  source: string | null;
  utm_source: string | null;
  utm_medium: string | null;
  utm_campaign: string | null;
  utm_term: string | null;
  utm_content: string | null;
  /** Flagged by isbot; kept for inspection but excluded from every report. */
  is_bot: boolean;
  browser: string | null;
  os: string | null;
  /** `desktop`, `mobile`, `tablet`, … (ua-parser-js device types; desktop when it names none). */
  device_type: string;
  /** ISO 3166 alpha-2, when a trusted proxy header supplies it. */
  country: string | null;
  /** Promoted from props because revenue reports group and sum by them. */
  transaction_id: string | null;
  value: number | null;
  currency: string | null;
  /** The event's props as JSON text (items[] included). */
  props: string;
}

/**
 * A payload the collector refused, kept with its reason for inspection (like
 * Snowplow's failed events) instead of being silently dropped.
 */
export interface RejectedRow {
  /** The site key, when the envelope got far enough to name one. */
  site: string | null;
  received_at: Date;
  /** Position in the batch's `events`, or null when the whole batch was refused. */
  event_index: number | null;
  reason: string;
  /** The raw JSON of the event, or the raw body of a refused batch (truncated to 64 KB). */
  raw: string;
}

/** A registered site. */
export interface Site {
  /** Stable internal id (`site_…`), for the admin API and CLI. */
  id: string;
  /** The public site key the tracker sends (`data-site`). Identifies, does not authorise reads. */
  key: string;
  name: string;
  /** Origins allowed to send events (`https://shop.example`). Empty: any origin. */
  origins: string[];
  /** The site's reporting currency (ISO 4217). */
  currency: string;
  /** The site's IANA time zone, which defines its days, weeks and months. */
  timezone: string;
  /** Cookieless sites get a daily-rotating, server-derived visitor id instead of the tracker's. */
  cookieless: boolean;
  /** A disabled site's key is refused (403) at ingest. */
  disabled: boolean;
  created_at: Date;
}

/** What `addSite` needs; the store assigns `id` and `created_at`. */
export type NewSite = Omit<Site, 'id' | 'created_at' | 'disabled'> & { disabled?: boolean };

/** A funnel count query over stored events. */
export interface FunnelCountQuery {
  site: string;
  steps: string[];
  from: Date;
  to: Date;
  /** Who walks the funnel: a visitor (default) or each session on its own. */
  unit?: 'visitors' | 'sessions';
  /**
   * Conversion window in ms: every step must happen within this long after the step-1
   * event the walk starts from (any step-1 event may start it). Null or absent: no window.
   */
  windowMs?: number | null;
  /** `ordered` (default): other events may come between steps; `strict`: see docs/metrics.md. */
  order?: FunnelOrder;
  /** Per step (aligned with `steps`), filters the step's event itself must match. */
  stepFilters?: ReportFilter[][];
  /** Session filters, as a report scope's. */
  filters?: ReportFilter[];
}

/** A funnel split by the value of `dimension` on each unit's first step-1 event. */
export interface FunnelBreakdownQuery extends FunnelCountQuery {
  dimension: FunnelBreakdownDimension;
}

/** One breakdown value's funnel: counts per step and times (as `funnelTimes`) per later step. */
export interface FunnelGroupCounts {
  key: string;
  counts: number[];
  times: number[][];
}

/**
 * One filter clause of a report: the dimension (from the schema's allowlist, mapped to a
 * column by each store's own allowlist) and the values it may take (any of them). A `path`
 * value ending in `*` matches every path starting with the text before the `*`.
 */
export interface ReportFilter {
  dimension: FilterDimension;
  values: string[];
}

/**
 * What every report query is scoped to. Only non-bot events of `site` with `ts` in
 * `[from, to)` count; with filters, only the sessions that have at least one such event
 * matching every clause (docs/metrics.md, "Filters").
 */
export interface ReportScope {
  site: string;
  from: Date;
  to: Date;
  /** IANA zone that defines local days, weeks (from Monday) and months. Validated by the caller. */
  tz: string;
  /** The site's currency, which money without a currency of its own is counted in. */
  currency: string;
  filters: ReportFilter[];
}

/**
 * The count sets of {@link TrendCounts} a trends query can skip: `events` (visitors and
 * page views), `sessions` (sessions, bounces, durations, their page views, conversions)
 * and `newVisitors`. Orders and money are always counted (the answer's `money` lists them).
 */
export type TrendCountSet = 'events' | 'sessions' | 'newVisitors';

/** A trends query: the scope, bucketed by `interval`. */
export interface TrendsQuery extends ReportScope {
  interval: TrendInterval;
  /** Also compute daily DAU/WAU/MAU (an extra, heavier query). */
  activeUsers: boolean;
  /**
   * The count sets the requested metrics need; every set when left out. A set left out
   * reads as zeros in {@link TrendCounts}, so only leave out what no metric shown reads.
   */
  counts?: readonly TrendCountSet[];
}

/** Additive and distinct counts of one bucket (or of the whole range, bucket `total`). */
export interface TrendCounts {
  /** Bucket start as a local date (`YYYY-MM-DD`), or `total`. */
  bucket: string;
  visitors: number;
  new_visitors: number;
  pageviews: number;
  /** Sessions by the bucket of their first event in range, and what they add up to. */
  sessions: number;
  bounces: number;
  duration_ms: number;
  session_pageviews: number;
  converted_sessions: number;
}

/** Orders and money of one bucket (or `total`) in one currency. */
export interface MoneyCounts {
  bucket: string;
  currency: string;
  orders: number;
  /** Sum of purchase values (one per order). */
  gross: number;
  /** Sum of refund values. */
  refunds: number;
}

/** Active visitors of one local day: that day, its trailing 7 and trailing 30 days. */
export interface ActiveCounts {
  day: string;
  dau: number;
  wau: number;
  mau: number;
}

/** What {@link EventStore.trends} answers; `reports/trends.ts` turns it into metrics. */
export interface TrendsData {
  series: TrendCounts[];
  total: TrendCounts;
  money: MoneyCounts[];
  /** Empty unless `activeUsers` was asked for. */
  active: ActiveCounts[];
}

/** A breakdown query: the scope, grouped by a dimension, top `limit` by visitors. */
export interface BreakdownQuery extends ReportScope {
  dimension: BreakdownDimension;
  limit: number;
}

/** One breakdown key's counts; money per currency alongside. */
export interface BreakdownCounts {
  key: string;
  visitors: number;
  sessions: number;
  converted_sessions: number;
  money: { currency: string; orders: number; net: number }[];
}

/** A content report query: the scope, and the assisted-conversion window. */
export interface ContentQuery extends ReportScope {
  /** Days after a click or read within which a purchase counts as assisted. */
  windowDays: number;
}

/** Impressions and clicks of one content name and piece. */
export interface ContentItemCounts {
  name: string;
  piece: string;
  impressions: number;
  clicks: number;
  impression_visitors: number;
  click_visitors: number;
}

/** Read depth and time of one article. */
export interface ArticleCounts {
  article: string;
  readers: number;
  /** Visitors reaching at least 25, 50, 75 and 100 %. */
  reached: [number, number, number, number];
  /** Nearest-rank median of each reader's longest `read_ms`. */
  median_read_ms: number | null;
}

/** Assisted conversions of one content row (`kind: 'content'`) or article (`kind: 'article'`, `piece` `''`). */
export interface AssistCounts {
  kind: 'content' | 'article';
  name: string;
  piece: string;
  visitors: number;
  money: { currency: string; orders: number; net: number }[];
}

/** What {@link EventStore.content} answers (every key; `reports/content.ts` ranks and limits). */
export interface ContentData {
  items: ContentItemCounts[];
  articles: ArticleCounts[];
  assists: AssistCounts[];
}

/** A vitals query: the scope, the series interval and how many top paths. */
export interface VitalsQuery extends ReportScope {
  interval: TrendInterval;
  pages: number;
}

/** One metric's samples in one group (`total`, a path or a bucket date). */
export interface VitalCounts {
  group: string;
  metric: VitalMetric;
  samples: number;
  good: number;
  needs_improvement: number;
  poor: number;
  /** Nearest-rank 75th percentile. */
  p75: number;
}

/** What {@link EventStore.vitals} answers. */
export interface VitalsData {
  overall: VitalCounts[];
  /** Only the top `pages` paths by samples (then path). */
  pages: VitalCounts[];
  series: VitalCounts[];
  /** Sessions per rating of their first LCP sample, and how many of them purchased. */
  lcp: { rating: 'good' | 'needs-improvement' | 'poor'; sessions: number; converted_sessions: number }[];
}

/** A retention query: the scope (which picks the cohorts) and how to count returns (docs/metrics.md, "Retention"). */
export interface RetentionQuery extends ReportScope {
  cohort: RetentionCohort;
  period: RetentionPeriod;
  returnEvent: RetentionReturn;
  /** Periods after period 0 to count. */
  periods: number;
  /** The end of the last cohort's period `periods`: return events are read in `[from, activityTo)`. */
  activityTo: Date;
}

/** Cohort sizes, and visitors returning per cohort and period (1…N; period 0 is the cohort). */
export interface RetentionData {
  cohorts: { cohort: string; size: number }[];
  returns: { cohort: string; period: number; visitors: number }[];
}

/** A commerce query: the scope, the LTV table's period and reach, and the product table's length. */
export interface CommerceQuery extends ReportScope {
  period: LtvPeriod;
  periods: number;
  /** The end of the last acquisition cohort's period `periods`: LTV orders are read in `[from, activityTo)`. */
  activityTo: Date;
  limit: number;
}

/** What {@link EventStore.commerce} answers (docs/metrics.md, "Commerce report"); `reports/commerce.ts` derives rates and quantiles. */
export interface CommerceData {
  /** Customers, their orders and repeat customers per RFM segment (segments without customers left out). */
  segments: { segment: RfmSegment; customers: number; orders: number; repeat_customers: number }[];
  /** Net revenue per segment and currency. */
  segmentMoney: { segment: RfmSegment; currency: string; net: number }[];
  /** Milliseconds between each customer's consecutive orders, ascending. */
  gaps: number[];
  /** Acquisition cohorts and their sizes. */
  ltvCohorts: { cohort: string; size: number }[];
  /** Net revenue of each cohort's visitors per period after acquisition (0…N) and currency, not cumulated. */
  ltvMoney: { cohort: string; period: number; currency: string; net: number }[];
  /** The top `limit` products (ranked as the report shows them). */
  products: { item_id: string; item_name: string; view_visitors: number; cart_visitors: number; purchase_visitors: number; units: number }[];
  /** Net item revenue per product (of `products` only) and currency. */
  productMoney: { item_id: string; currency: string; net: number }[];
}

/** What every storage backend offers the collector. */
export interface EventStore {
  /** `duckdb` or `clickhouse`, for logs and metrics. */
  readonly kind: string;

  /**
   * Stores accepted and rejected rows. The promise resolves only after the rows are
   * durable (committed), because the collector acknowledges the batch (2xx) on that.
   */
  write(events: EventRow[], rejected: RejectedRow[]): Promise<void>;

  /**
   * Which of `ids` are already stored for `site` among events whose `client_ts` lies in
   * [from, to]. Retries resend the same id and the same client timestamp, so the range
   * lets the store prune instead of scanning the whole table.
   */
  existingEventIds(site: string, ids: string[], from: Date, to: Date): Promise<Set<string>>;

  /** `site\u0000event_id` keys of events received at or after `since`, newest first, at most `limit`. */
  recentEventKeys(since: Date, limit: number): Promise<string[]>;

  /** Registers a site. Fails if the key is taken. */
  addSite(site: NewSite): Promise<Site>;
  /** All sites, disabled ones included. */
  listSites(): Promise<Site[]>;
  /** Enables or disables a site by id or key; resolves the updated site, or null if none matched. */
  setSiteDisabled(idOrKey: string, disabled: boolean): Promise<Site | null>;

  /** Distinct non-bot visitors who reached each step in order; one number per step. */
  funnelCounts(query: FunnelCountQuery): Promise<number[]>;
  /**
   * For each step after the first, the times (ms, ascending) from the first step to that
   * step of everyone who reached it, on the same walk as {@link funnelCounts}.
   */
  funnelTimes(query: FunnelCountQuery): Promise<number[][]>;
  /**
   * {@link funnelCounts} and {@link funnelTimes} of one query together: one pass where
   * the store can share the walk between them (the funnel report needs both).
   */
  funnel(query: FunnelCountQuery): Promise<{ counts: number[]; times: number[][] }>;
  /** Trend counts per bucket and in total (docs/metrics.md); identical on every store. */
  trends(query: TrendsQuery): Promise<TrendsData>;
  /** Top `limit` keys of a dimension by visitors, then key (docs/metrics.md). */
  breakdown(query: BreakdownQuery): Promise<BreakdownCounts[]>;
  /** Every breakdown value's funnel (docs/metrics.md), by first-step count (descending), then key. */
  funnelBreakdown(query: FunnelBreakdownQuery): Promise<FunnelGroupCounts[]>;
  /** Content impressions, clicks, article reads and assisted conversions (docs/metrics.md). */
  content(query: ContentQuery): Promise<ContentData>;
  /** Web vitals per metric overall, per top path and per bucket, and conversion by LCP rating. */
  vitals(query: VitalsQuery): Promise<VitalsData>;
  /** Cohort sizes and returns per period (docs/metrics.md, "Retention"). */
  retention(query: RetentionQuery): Promise<RetentionData>;
  /** Repurchase, LTV by acquisition cohort, RFM segments and product performance (docs/metrics.md). */
  commerce(query: CommerceQuery): Promise<CommerceData>;
  /** Rejected payloads, newest first, for inspection. */
  rejected(site: string | null, limit: number): Promise<RejectedRow[]>;

  /** Rows waiting to be written (backpressure and metrics). */
  readonly pendingRows: number;
  /** Finishes queued writes, then closes (DuckDB also checkpoints). */
  close(): Promise<void>;
}
