import { PROTOCOL_VERSION } from '@vitrine/schema';

/**
 * The JSON text of a batch (`Batch` in `@vitrine/schema`): the envelope around events
 * already serialized (the outbox keeps each event's JSON, see `entryOf`), joined as they
 * are rather than parsed and serialized again.
 *
 * The first event's context goes once, as the batch's `context`, and is cut from every
 * event that starts with the same context: about half the bytes of a typical event, and
 * as much of the cost of sending it (the collector puts it back, see `eventInContext`).
 * An event of another page stays whole. The context ends where the event's own fields
 * start, at its first `"id":`, a text that cannot occur inside a JSON string (its quotes
 * would be escaped) nor in the context's keys. An event kept by an older tracker, which
 * put its id first, makes an empty context, and every event goes whole.
 *
 * `sentAt` must be read when the batch is sent, not when its events were queued: the
 * collector compares it with its own clock to correct the skew of every event's `ts`.
 */
export const batchBody = (site: string, events: string[], sentAt: number): string => {
  // `{"visitor_id":…,"url":…,`: the text before the first `"id":`; `{` when the id comes first.
  const context = events[0]!.split('"id":')[0]!;
  // The envelope's fields in the order of `Batch`; an array in a template joins with commas.
  // `replace` cuts the context only where it starts an event: the text begins with `{"visitor_id":`,
  // which nothing inside an event can hold (string values escape their quotes, and nested
  // objects, `items`, have other keys). With `{` for context, it changes nothing.
  return `{"v":${PROTOCOL_VERSION},"site":${JSON.stringify(site)},"sent_at":${sentAt},"context":{${context.slice(1, -1)}},"events":[${events.map((event) =>
    event.replace(context, '{'),
  )}]}`;
};
