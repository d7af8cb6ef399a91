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
