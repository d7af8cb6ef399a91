import type { VitrineEvent } from '@vitrine/schema';
import type { EventRow } from '../store/event-store.js';

/** Where the batch came from and when, which every row of it shares. */
export interface BatchContext {
  site: string;
  /** The client's clock at send time (`sent_at`). */
  sentAt: number;
  /** The server's clock when the request arrived. */
  receivedAt: Date;
}

/**
 * Turns a validated event into a stored row: corrects the client clock, splits the
 * URL, and promotes the ecommerce columns that revenue reports group and sum by.
 *
 * Clock skew: the tracker stamps `sent_at` just before sending, so
 * `received_at - sent_at` is the client clock's offset (plus network latency, which is
 * small and errs toward "later", never into the future). Shifting every `ts` by it puts
 * events from a phone whose clock is hours off onto the server's timeline. Whatever
 * still lands in the future is clamped to the arrival time.
 *
 * Returns a reason string instead when the event cannot be stored.
 */
export function toEventRow(event: VitrineEvent, context: BatchContext): EventRow | string {
  let url: URL;
  try {
    url = new URL(event.url);
  } catch {
    return '/url: Expected an absolute URL';
  }
  const received = context.receivedAt.getTime();
  const corrected = Math.min(event.ts + (received - context.sentAt), received);
  const props = (event.props ?? {}) as Record<string, unknown>;
  return {
    site: context.site,
    event_id: event.id,
    name: event.name,
    ts: new Date(corrected),
    client_ts: new Date(event.ts),
    received_at: context.receivedAt,
    visitor_id: event.visitor_id,
    session_id: event.session_id,
    user_id: event.user_id ?? null,
    url: event.url,
    host: url.host,
    path: url.pathname,
    title: event.title ?? null,
    referrer: event.referrer || null,
    transaction_id: typeof props.transaction_id === 'string' ? props.transaction_id : null,
    value: typeof props.value === 'number' ? props.value : null,
    currency: typeof props.currency === 'string' ? props.currency : null,
    props: JSON.stringify(props),
  };
}
