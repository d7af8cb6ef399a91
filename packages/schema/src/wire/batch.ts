import { Type, type Static } from '@sinclair/typebox';
import { LIMITS, PROTOCOL_VERSION } from './limits.js';
import { EventEnvelopeSchema, type EventBase, type VitrineEvent } from './event.js';

/**
 * The fields of an event that stay the same from one event to the next on a page (who,
 * which session, which page), which a batch may carry once in its `context` instead of
 * in every event: about half the bytes of a typical event.
 */
export const CONTEXT_FIELDS = ['visitor_id', 'session_id', 'user_id', 'url', 'title', 'referrer'] as const;

/**
 * A batch's `context`: any of the {@link CONTEXT_FIELDS} of its events, checked by the
 * events' own rules. An event that takes it must end up complete: a context without
 * `visitor_id` leaves such events to be rejected for it, one by one, with that reason.
 */
export const BatchContextSchema = Type.Partial(Type.Pick(EventEnvelopeSchema, CONTEXT_FIELDS), { additionalProperties: false });

/** See {@link BatchContextSchema}. */
export type BatchContext = Partial<Pick<EventBase, (typeof CONTEXT_FIELDS)[number]>>;

/** An event that leaves its {@link BatchContext} to the batch's `context`. */
export type ContextFreeEvent = Omit<VitrineEvent, keyof BatchContext>;

/**
 * The batch envelope as the collector first checks it. `events` is left as unknown
 * values here so that one bad event is rejected on its own, with its index and reason,
 * while its valid neighbours are stored.
 */
export const BatchEnvelopeSchema = Type.Object(
  {
    /** Wire-format version; this package describes version 1. */
    v: Type.Literal(PROTOCOL_VERSION),
    /** The site's public key. It identifies the site; it is not a secret. */
    site: Type.String({ minLength: 1, maxLength: 64, pattern: '^[A-Za-z0-9_-]+$' }),
    /** Client clock at send time, epoch ms. `received_at - sent_at` is the clock skew to correct. */
    sent_at: Type.Integer({ minimum: 1_577_836_800_000, maximum: 4_102_444_800_000 }),
    /**
     * Fields shared by the events. An event without `visitor_id` takes every field of
     * `context`, its own fields winning; an event with `visitor_id` is complete, and
     * `context` does not apply to it (so a field it leaves out, such as an empty
     * `title`, is never filled in from another page's). Optional: a batch whose events
     * are all complete needs none.
     */
    context: Type.Optional(BatchContextSchema),
    /** The events, oldest first. */
    events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: LIMITS.eventsPerBatch }),
  },
  { additionalProperties: false },
);

/** A batch as the tracker sends it. */
export type Batch = Omit<Static<typeof BatchEnvelopeSchema>, 'events'> & { events: Array<VitrineEvent | ContextFreeEvent> };

/** One event the collector refused, and why. `index` is its position in `events`. */
export interface RejectedEvent {
  index: number;
  reason: string;
}

/**
 * The collector's `200` answer to a batch. Rejected events are kept server-side with
 * their raw payload for inspection; the tracker must not resend them.
 */
export interface BatchResponse {
  /** Events now durably stored, including those that were already stored (duplicates). */
  accepted: number;
  rejected: RejectedEvent[];
  /** How many accepted events were already stored (a retry or replay), and were not stored twice. */
  duplicates?: number;
}

/** The body of every non-2xx answer of the collector. */
export interface ErrorResponse {
  error: string;
  reason?: string;
}

/**
 * An event of a batch with the batch's `context` applied, by the rule of
 * {@link BatchEnvelopeSchema}'s `context`: an object without `visitor_id` takes the
 * context's fields, its own winning. Anything else (a complete event, a value that is
 * not an object, a batch without context) is returned as it is, for validation to judge.
 */
export function eventInContext(event: unknown, context: BatchContext | undefined): unknown {
  if (!context || event === null || typeof event !== 'object' || Array.isArray(event) || (event as { visitor_id?: unknown }).visitor_id !== undefined) return event;
  return { ...context, ...event };
}
