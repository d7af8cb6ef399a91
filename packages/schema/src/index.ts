/**
 * @vitrine/schema: the wire format (v1) and the query API types.
 *
 * The tracker's event types and the collector's validation both derive from the
 * TypeBox schemas here, so the format is written down exactly once.
 * See docs/wire-format.md for the field-by-field description.
 */
export { PROTOCOL_VERSION, BATCH_PATH, LIMITS, ECOMMERCE_EVENTS, PAGE_VIEW, type EcommerceEventName } from './wire/limits.js';
export { ItemSchema, type Item } from './wire/item.js';
export {
  ECOMMERCE_PROPS_SCHEMAS,
  PageViewPropsSchema,
  CustomPropsSchema,
  type EcommerceProps,
  type CustomProps,
  type EventPropsMap,
  type KnownEventName,
} from './wire/props.js';
export { EventEnvelopeSchema, type EventBase, type VitrineEvent, type PropsOf } from './wire/event.js';
export {
  BatchEnvelopeSchema,
  type Batch,
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
} from './reports/funnel.js';
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
