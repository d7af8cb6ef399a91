import type { Batch, EventBase, VitrineEvent } from '@vitrine/schema';
import { LIMITS, PROTOCOL_VERSION } from '@vitrine/schema';

/**
 * Everything an event carries besides its name and props, as gathered by the platform
 * bindings (ids, clock, page). Kept as plain data so the core never touches a browser API.
 */
export type EventContext = Omit<EventBase, 'name'>;

/** Cuts `text` to `max` UTF-16 units: the collector rejects longer values, and a shortened URL is still useful. */
const clip = (text: string, max: number): string => text.slice(0, max);

/**
 * Builds one wire-format event. Empty optional fields are left out rather than sent
 * as `""`, which keeps batches small; page fields are clipped to {@link LIMITS} so an
 * overlong URL costs a few characters instead of the whole event.
 */
export function buildEvent(name: string, props: object | undefined, context: EventContext): VitrineEvent {
  const { id, ts, visitor_id, session_id, user_id, url, title, referrer } = context;
  const event: EventBase & { props?: object } = { id, name, ts, visitor_id, session_id, url: clip(url, LIMITS.urlLength) };
  if (user_id) event.user_id = user_id;
  if (title) event.title = clip(title, LIMITS.titleLength);
  if (referrer) event.referrer = clip(referrer, LIMITS.urlLength);
  if (props) event.props = props;
  return event as VitrineEvent;
}

/**
 * Wraps events in the batch envelope. `sentAt` must be read when the batch is sent, not
 * when its events were queued: the collector compares it with its own clock to correct
 * the skew of every event's `ts`.
 */
export function buildBatch(site: string, events: VitrineEvent[], sentAt: number): Batch {
  return { v: PROTOCOL_VERSION, site, sent_at: sentAt, events };
}
