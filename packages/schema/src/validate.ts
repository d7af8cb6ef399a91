import type { TSchema } from '@sinclair/typebox';
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler';
import { BatchEnvelopeSchema, type Batch } from './wire/batch.js';
import { EventEnvelopeSchema, type VitrineEvent } from './wire/event.js';
import { holdsGa4Params, propsFromGa4 } from './wire/ga4.js';
import { ECOMMERCE_PROPS_SCHEMAS, ENGAGEMENT_PROPS_SCHEMAS, CustomPropsSchema, PageViewPropsSchema } from './wire/props.js';
import { GA4_PARAMS, PAGE_VIEW } from './wire/limits.js';

/** The outcome of validating one value: the typed value, or the first reason it is invalid. */
export type Validation<T> = { ok: true; value: T } | { ok: false; reason: string };

// Compiled lazily: compiling is the expensive part, and importing this package for its
// types or constants (as the tracker and widgets do) should cost nothing.
const compiled = new Map<TSchema, TypeCheck<TSchema>>();
function checkerFor(schema: TSchema): TypeCheck<TSchema> {
  let check = compiled.get(schema);
  if (!check) {
    check = TypeCompiler.Compile(schema);
    compiled.set(schema, check);
  }
  return check;
}

/**
 * Checks `value` against `schema` and explains the first violation as
 * `"<json pointer>: <message>"`, for example `"/props/items/0/price: Expected number"`.
 */
function check<T>(schema: TSchema, value: unknown, pathPrefix = ''): Validation<T> {
  const checker = checkerFor(schema);
  if (checker.Check(value)) return { ok: true, value: value as T };
  const first = checker.Errors(value).First();
  const path = pathPrefix + (first?.path ?? '');
  return { ok: false, reason: `${path || '/'}: ${first?.message ?? 'invalid'}` };
}

const propsSchemaByName: Record<string, TSchema> = {
  ...ECOMMERCE_PROPS_SCHEMAS,
  ...ENGAGEMENT_PROPS_SCHEMAS,
  [PAGE_VIEW]: PageViewPropsSchema,
};

/**
 * Validates the batch envelope (`v`, `site`, `sent_at`, `events[]`) but not the events
 * themselves: call {@link validateEvent} per event so that each is accepted or rejected
 * on its own.
 */
export function validateBatchEnvelope(value: unknown): Validation<Omit<Batch, 'events'> & { events: unknown[] }> {
  return check(BatchEnvelopeSchema, value);
}

/**
 * Validates one event: its envelope, then its props against the schema of its name
 * (GA4 ecommerce events, the tracker's content and engagement events, `page_view`, or
 * the custom-event scalar map).
 *
 * An ecommerce event whose props hold GA4 parameters (`{ "ga4": {…} }`, as the tracker
 * sends what it reads from a data layer) gets its props from them first (`propsFromGa4`),
 * and the valid event returned has those props; `value` itself is not changed, so that a
 * rejected event is kept as it was sent.
 */
export function validateEvent(value: unknown): Validation<VitrineEvent> {
  const envelope = check<VitrineEvent>(EventEnvelopeSchema, value);
  if (!envelope.ok) return envelope;
  let event = envelope.value;
  // Own properties only: an event named `toString` or `constructor` is a custom event, not Object's method.
  const ecommerce = Object.hasOwn(ECOMMERCE_PROPS_SCHEMAS, event.name);
  // Reasons point into what was sent: GA4 parameters keep their keys and item positions.
  let path = '/props';
  if (ecommerce && holdsGa4Params(event.props)) {
    event = { ...event, props: propsFromGa4(event.name as keyof typeof ECOMMERCE_PROPS_SCHEMAS, event.props[GA4_PARAMS]) } as VitrineEvent;
    path += '/' + GA4_PARAMS;
  }
  const props: unknown = event.props ?? {};
  const schema = Object.hasOwn(propsSchemaByName, event.name) ? propsSchemaByName[event.name]! : CustomPropsSchema;
  const propsCheck = check<Record<string, unknown>>(schema, props, path);
  if (!propsCheck.ok) return propsCheck;
  // GA4's own rule, which a schema cannot say: an amount means nothing without its currency.
  if (ecommerce && 'value' in propsCheck.value && !('currency' in propsCheck.value)) {
    return { ok: false, reason: `${path}/currency: Required when value is set` };
  }
  return { ok: true, value: event };
}
