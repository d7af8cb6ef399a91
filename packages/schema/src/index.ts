/**
 * @vitrine/schema: the wire format (v1) and the query API types.
 *
 * The tracker's event types and the collector's validation both derive from the
 * TypeBox schemas here, so the format is written down exactly once.
 * See docs/wire-format.md for the field-by-field description.
 */
export {
  PROTOCOL_VERSION,
  BATCH_PATH,
  LIMITS,
  ECOMMERCE_EVENTS,
  PAGE_VIEW,
  GA4_PARAMS,
  ENGAGEMENT_EVENTS,
  ARTICLE_MILESTONES,
  WEB_VITAL_METRICS,
  WEB_VITAL_RATINGS,
  type EcommerceEventName,
  type EngagementEventName,
} from './wire/limits.js';
export { ItemSchema, type Item } from './wire/item.js';
export {
  ECOMMERCE_PROPS_SCHEMAS,
  ENGAGEMENT_PROPS_SCHEMAS,
  PageViewPropsSchema,
  CustomPropsSchema,
  type EcommerceProps,
  type EngagementProps,
  type CustomProps,
  type EventPropsMap,
  type KnownEventName,
} from './wire/props.js';
export { holdsGa4Params, propsFromGa4, type Ga4Params } from './wire/ga4.js';
export { EventEnvelopeSchema, type EventBase, type VitrineEvent, type PropsOf } from './wire/event.js';
export {
  BatchEnvelopeSchema,
  BatchContextSchema,
  CONTEXT_FIELDS,
  eventInContext,
  type Batch,
  type BatchContext,
  type ContextFreeEvent,
  type BatchResponse,
  type RejectedEvent,
  type ErrorResponse,
} from './wire/batch.js';
export { validateBatchEnvelope, validateEvent, type Validation } from './validate.js';
export {
  FUNNEL_STEPS,
  FUNNEL_PATH,
  type FunnelQuery,
  type FunnelReport,
  type FunnelStepResult,
  FUNNEL_ORDERS,
  FUNNEL_WINDOW_MS,
  FUNNEL_BREAKDOWN_DIMENSIONS,
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_STEPS_JSON_MAX,
  type FunnelOrder,
  type FunnelBreakdownDimension,
  type FunnelBreakdownRow,
  type FunnelStepSpec,
} from './reports/funnel.js';
export {
  CONTENT_PATH,
  CONTENT_WINDOW_DAYS,
  CONTENT_LIMIT,
  ARTICLE_DEPTHS,
  type ContentQueryParams,
  type AssistedConversions,
  type ContentRow,
  type ArticleRow,
  type ContentReport,
} from './reports/content.js';
export {
  VITALS_PATH,
  VITAL_METRICS,
  VITAL_THRESHOLDS,
  VITAL_RATINGS,
  VITALS_PAGES,
  type VitalMetric,
  type VitalRating,
  type VitalsQueryParams,
  type VitalMetricInfo,
  type VitalSummary,
  type VitalSummaries,
  type LcpConversionRow,
  type VitalsReport,
} from './reports/vitals.js';
export {
  FILTER_DIMENSIONS,
  RANGE_PRESETS,
  COMPARE_MODES,
  FILTER_LIMITS,
  type FilterDimension,
  type CompareMode,
  type ReportQueryParams,
  type ReportScopeEcho,
  type MoneyByCurrency,
} from './reports/common.js';
export {
  TRENDS_PATH,
  TREND_METRICS,
  TREND_INTERVALS,
  type TrendMetric,
  type TrendInterval,
  type MetricUnit,
  type TrendMetricInfo,
  type TrendPeriod,
  type TrendsReport,
} from './reports/trends.js';
export {
  BREAKDOWN_PATH,
  BREAKDOWN_DIMENSIONS,
  BREAKDOWN_LIMIT,
  type BreakdownDimension,
  type BreakdownRow,
  type BreakdownReport,
} from './reports/breakdown.js';
export {
  RETENTION_PATH,
  RETENTION_COHORTS,
  RETENTION_PERIODS,
  RETENTION_RETURNS,
  RETENTION_PERIOD_LIMIT,
  type RetentionCohort,
  type RetentionPeriod,
  type RetentionReturn,
  type RetentionQueryParams,
  type RetentionRow,
  type RetentionReport,
} from './reports/retention.js';
export {
  COMMERCE_PATH,
  LTV_PERIODS,
  LTV_PERIOD_LIMIT,
  PRODUCT_LIMIT,
  RFM_SEGMENTS,
  type LtvPeriod,
  type RfmSegment,
  type CommerceQueryParams,
  type RepurchaseStats,
  type LtvCohort,
  type LtvTable,
  type RfmRow,
  type ProductRow,
  type CommerceReport,
} from './reports/commerce.js';
