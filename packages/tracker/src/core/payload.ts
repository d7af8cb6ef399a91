import type { Batch, EventBase, VitrineEvent } from '@vitrine/schema';
import { LIMITS, PROTOCOL_VERSION } from '@vitrine/schema';

/**
 * Everything an event carries besides its name and props, as gathered by the platform
 * bindings (ids, clock, page). Kept as plain data so the core never touches a browser API.
 */
export type EventContext = Omit<EventBase, 'name'>;

/**
 * Builds one wire-format event. Empty optional fields become `undefined`, which JSON
 * leaves out, rather than `""`, which keeps batches small; the title is clipped to
 * {@link LIMITS} so an overlong one costs a few characters instead of the whole event.
 * URLs come clipped from `scrubUrl`.
 */
export const buildEvent = (name: string, props: object | undefined, context: EventContext): VitrineEvent =>
  ({
    ...context,
    name,
    title: context.title?.slice(0, LIMITS.titleLength) || undefined,
    referrer: context.referrer || undefined,
    props,
  }) as VitrineEvent;

/**
 * The JSON text of a batch ({@link Batch}): the envelope around events already serialized
 * (the outbox keeps each event's JSON, see `entryOf`), joined as they are rather than
 * parsed and serialized again. `sentAt` must be read when the batch is sent, not when its
 * events were queued: the collector compares it with its own clock to correct the skew of
 * every event's `ts`.
 */
export const batchBody = (site: string, events: string[], sentAt: number): string =>
  // The envelope's fields in the order of `Batch`; an array in a template joins with commas.
  `{"v":${PROTOCOL_VERSION},"site":${JSON.stringify(site)},"sent_at":${sentAt},"events":[${events}]}`;
