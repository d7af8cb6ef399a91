import { Type, type Static } from '@sinclair/typebox';
import { LIMITS, PROTOCOL_VERSION } from './limits.js';
import type { VitrineEvent } from './event.js';

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
    /** The events, oldest first. */
    events: Type.Array(Type.Unknown(), { minItems: 1, maxItems: LIMITS.eventsPerBatch }),
  },
  { additionalProperties: false },
);

/** A batch as the tracker sends it. */
export type Batch = Omit<Static<typeof BatchEnvelopeSchema>, 'events'> & { events: VitrineEvent[] };

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
