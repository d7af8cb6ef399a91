import { LIMITS } from '@vitrine/schema';

/**
 * Delivers one batch. Resolves `true` once the batch needs no other attempt: the
 * collector has taken it (even if it refused some events, which resending would not
 * change). Resolves `false`, or rejects, when it should be kept and sent again later.
 */
export type Send<T> = (items: T[]) => Promise<boolean>;

/** How a {@link Queue} delivers and when it sends. Every threshold has a default. */
export interface QueueOptions<T> {
  /** The injected transport: the queue knows nothing about HTTP or the browser. */
  send: Send<T>;
  /** Waiting items that trigger a send at once. */
  maxItems?: number;
  /** Milliseconds from the first waiting item to the send, so a quiet page still reports promptly. */
  maxDelay?: number;
  /**
   * UTF-8 bytes of serialized items in one batch. Keepalive requests, which are what
   * survives a page unload, may carry at most 64 KiB in total per page.
   */
  maxBytes?: number;
  /** Items in one batch, the collector's limit. */
  maxBatch?: number;
}

/** A batching queue. See {@link createQueue}. */
export interface Queue<T> {
  /** Queues `item`, sending when a threshold is reached. Throws, without queuing, if `item` cannot be serialized. */
  add(item: T): void;
  /** Sends every waiting item now. Settles when the attempt does; never rejects. */
  flush(): Promise<void>;
}

interface Entry<T> {
  item: T;
  bytes: number;
  /** In a request that has not settled yet; such items are neither resent nor counted. */
  sending: boolean;
}

/**
 * Creates a queue that sends items in batches: when `maxItems` are waiting, `maxDelay`
 * after the first one, before a batch would exceed `maxBytes`, or on {@link Queue.flush}.
 *
 * Items stay in one list, in arrival order, until a send succeeds, and a failed send
 * only clears their `sending` mark. So a failure loses nothing and reorders nothing,
 * even when several batches are in flight at once (as on page hide). A failed batch
 * waits for the next send that something else triggers; a retry policy with backoff
 * will decide that instead.
 *
 * Timers are the globals, read at call time, so tests can fake them.
 */
export function createQueue<T>(options: QueueOptions<T>): Queue<T> {
  const { send, maxItems = 10, maxDelay = 5000, maxBytes = 16_000, maxBatch = LIMITS.eventsPerBatch } = options;
  let entries: Entry<T>[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;

  const waiting = () => entries.filter((entry) => !entry.sending);

  const deliver = (batch: Entry<T>[]): Promise<void> => {
    for (const entry of batch) entry.sending = true;
    // The executor turns a transport that throws synchronously into a failed send.
    return new Promise<boolean>((resolve) => resolve(send(batch.map((entry) => entry.item))))
      .catch(() => false)
      .then((delivered) => {
        if (delivered) entries = entries.filter((entry) => !batch.includes(entry));
        else for (const entry of batch) entry.sending = false;
      });
  };

  const flush = (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    const sends: Promise<void>[] = [];
    let batch: Entry<T>[] = [];
    let bytes = 0;
    for (const entry of waiting()) {
      if (batch.length && (batch.length >= maxBatch || bytes + entry.bytes > maxBytes)) {
        sends.push(deliver(batch));
        batch = [];
        bytes = 0;
      }
      batch.push(entry);
      bytes += entry.bytes;
    }
    if (batch.length) sends.push(deliver(batch));
    return Promise.all(sends).then(() => undefined);
  };

  const add = (item: T): void => {
    // Measured before queuing, so an item that cannot be serialized never blocks the others.
    const bytes = new TextEncoder().encode(JSON.stringify(item)).length;
    if (waiting().reduce((sum, entry) => sum + entry.bytes, bytes) > maxBytes) flush();
    entries.push({ item, bytes, sending: false });
    if (waiting().length >= maxItems) flush();
    else timer ??= setTimeout(flush, maxDelay);
  };

  return { add, flush };
}
