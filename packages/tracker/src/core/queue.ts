import { LIMITS } from '@vitrine/schema';
import { entryOf, OUTBOX_LIMITS, WRITE_DELAY, type Entry, type OutboxStore } from './outbox.js';
import { backoff, type Outcome } from './retry.js';

/**
 * Delivers one batch, given as its items' JSON texts (serialized once, when queued), and
 * says what to do with it next (see {@link Outcome}). A rejection (a network error) counts
 * as `'retry'`. `keepalive`: the request must outlive the page (a flush, maybe the page's
 * last act); such requests are at most {@link UNLOAD_BYTES}. Other requests must not be
 * keepalive: browsers count keepalive bodies against a 64 KiB quota that a stream of
 * ordinary requests would exhaust, and then refuse the ones that matter.
 */
export type Send = (items: string[], keepalive: boolean) => Promise<Outcome>;

/** How a {@link Queue} delivers. */
export interface QueueOptions {
  /** The injected transport: the queue knows nothing about HTTP or the browser. */
  send: Send;
  /** `navigator.onLine`: while false, nothing is sent, until {@link Queue.retryNow}. */
  online: () => boolean;
}

/**
 * When a send is due: once `bytes` are waiting (or `items`, the collector's limit per
 * batch, if they are tiny), or `delay` ms after the oldest waiting item, so that a quiet
 * page still reports promptly; the delay, and the flush as the page is hidden, bound how
 * long an event waits.
 *
 * Why not sooner: each request costs the page's main thread about 1 ms, plus about 15 µs
 * per KB of body (measured in headless Chromium: fetch, XHR and sendBeacon alike), more
 * than a hundred `track` calls. Why not later: what waits must still fit the one keepalive
 * request of {@link UNLOAD_BYTES} that the browser lets a closing page make.
 */
export const SEND_WHEN = { items: LIMITS.eventsPerBatch, bytes: 60_000, delay: 5000 };

/**
 * Bytes of items in one ordinary request: what waits while a request is in flight goes
 * in the next, so a burst of events (or the backlog of a page that was offline) makes a
 * few large requests rather than many small ones, under the collector's 256 KB per
 * request with the envelope (item bytes are counted as UTF-8 at most, see `entryOf`).
 */
export const BATCH_BYTES = 200_000;

/** Bytes of items in one keepalive request, as the page goes away: with the envelope and commas (at most 500 events), under 60 KB. */
export const UNLOAD_BYTES = 59_000;

/** {@link Entry.sending}: in an ordinary request, or in a keepalive one (which outlives the page). */
const ORDINARY = 1;
const KEEPALIVE = 2;

/** The outbox and its delivery. See {@link createQueue}. */
export interface Queue<T> {
  /** Items dropped because the outbox was full: a count that its reader may set back to 0 once it has reported it. */
  droppedCount: number;
  /** Queues `item`; a send is scheduled. Throws, without queuing, if `item` cannot be serialized. */
  add(item: T): void;
  /**
   * Sends every waiting item now, synchronously, in keepalive requests of at most
   * {@link UNLOAD_BYTES} (browsers cap all keepalive bodies in flight at 64 KiB; chunks
   * refused for that wait in the outbox), unless offline or waiting out a backoff (the
   * collector asked for it). First, what waits to be written goes to the store at once,
   * whatever {@link WRITE_DELAY} (but see `later`). Settles when the attempts do; never rejects.
   *
   * `unloading`: the page is being hidden, maybe for good. Items in an ordinary request
   * still in flight go again, as that request dies with the page (the collector drops
   * whichever copy comes second). During a backoff it waits if the outbox is persisted
   * (the next page load sends it), and sends anyway if it is not: this is the last chance.
   *
   * `later`: the page may live on (hidden, or frozen in the back/forward cache), so the
   * store's write waits {@link WRITE_DELAY} (a write in the next task still ran before the
   * freeze), if the keepalive requests carry the items anyway. Chromium evicts a page from the back/forward cache when an IndexedDB request
   * answers it after it was frozen: a write begun as the page is hidden for a navigation
   * did, so going back reloaded the page. A frozen page runs the write when it is shown
   * again; a page that is unloaded instead gets `pagehide` without `persisted`, and a
   * flush without `later` then writes at once.
   */
  flush(unloading?: boolean, later?: boolean): Promise<void>;
  /** Back online (or restored from storage): forgets the backoff and sends what is due. */
  retryNow(): void;
  /**
   * Sets where the outbox is persisted, or stops persisting (`undefined`: no consent,
   * cookieless). The previous store is cleared. What the new one held (left by an
   * earlier page, or another tab) joins the outbox and is sent at once; items queued
   * from now on are written to it (those already queued are about to be sent anyway).
   */
  persistTo(store: OutboxStore | undefined): void;
}

/**
 * Creates the outbox, a bounded list of items (about 1,000 or 1 MB; beyond, the oldest
 * are dropped and counted), persisted to an optional store, and the queue that sends it
 * in batches when {@link SEND_WHEN} says so, and on {@link Queue.flush} (page hide included).
 *
 * - One ordinary request at a time: items tracked while it is in flight form the next
 *   batch, sent as soon as it returns if a send is due by then (else within the delay),
 *   so 1,000 quick `track` calls make a few large requests, not a hundred small ones.
 * - Items stay in the outbox, in order, until a send is `'done'`; a failed send only
 *   clears their in-flight mark, so a failure loses and reorders nothing, even with
 *   several requests in flight (as on unload). Each item keeps its identity, hence its
 *   event id, across retries, for the collector's deduplication.
 * - A failure waits the collector's `Retry-After`, or an exponential backoff with jitter.
 * - The store gets one write {@link WRITE_DELAY} after an item is queued, of the items
 *   queued since the last write and not yet delivered, and one when the page is hidden
 *   or left (or flushed); it is abandoned for memory at its first failure: the page must
 *   never see an IndexedDB error.
 *
 * Timers, `Date.now` and `Math.random` are the globals, read at call time, so tests can fake them.
 */
export function createQueue<T extends { id: string }>(options: QueueOptions): Queue<T> {
  const { send, online } = options;
  let entries: Entry[] = [];
  /** Bytes of all entries. */
  let total = 0;
  let store: OutboxStore | undefined;
  /** Entries queued since the last write to the store: while there are any, a write is due. */
  let unwritten: Entry[] = [];
  let inFlight = 0;
  let attempt = 0;
  /** While in the future, the queue is backing off. */
  let retryAt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  /** Runs a store operation; any failure, synchronous or not, abandons the store. */
  const use = (operation: (store: OutboxStore) => Promise<unknown>): void => {
    const current = store;
    if (current)
      new Promise((resolve) => resolve(operation(current))).catch(() => {
        if (store == current) store = undefined;
      });
  };
  /**
   * Forgets entries (delivered, refused for good, or dropped from a full outbox), and
   * deletes the store records that no entry left in the outbox is held by. Entries are
   * marked gone: one dropped in the task that queued it is not written at its end.
   */
  const forget = (gone: Entry[], later?: boolean): void => {
    for (const entry of gone) entry.gone = true;
    // Only entries still in the outbox count: one dropped while in flight is not counted twice.
    entries = entries.filter((entry) => !entry.gone || ((total -= entry.jsonBytes), false));
    const emptied = [...new Set(gone.map((entry) => entry.record!))].filter((record) => record && !entries.some((entry) => entry.record == record));
    // `later` (delivered by a keepalive request): WRITE_DELAY later, as writes on page hide
    // (see Queue.flush). Its answer can come as the page is frozen for the back/forward
    // cache, and an IndexedDB request answered after that would evict the page. A delete
    // that never happens only sends delivered events again, for the collector to drop.
    const remove = (): void => use((current) => current.remove(emptied));
    if (emptied[0]) later ? setTimeout(remove, WRITE_DELAY) : remove();
  };
  /** Adds entries (restored ones first, as the oldest), then drops and counts the oldest beyond the bounds. */
  const keep = (added: Entry[], restored?: boolean): void => {
    // `push`, not `concat`: a loop of 1,000 `track` calls must not copy the outbox 1,000 times.
    if (restored) entries = added.concat(entries);
    else entries.push(...added);
    for (const entry of added) total += entry.jsonBytes;
    let size = total;
    let cut = 0;
    while (entries.length - cut > OUTBOX_LIMITS.items || size > OUTBOX_LIMITS.bytes) size -= entries[cut++]!.jsonBytes;
    if (cut) {
      queue.droppedCount += cut;
      forget(entries.slice(0, cut));
    }
  };

  /**
   * The entries to send, cut into requests of at most `limit` bytes and the collector's
   * limit of items (an oversized item goes alone): those not in flight, and with
   * `resend`, also those in an ordinary request (not keepalive), which the page's end cancels.
   */
  const batches = (limit: number, resend?: boolean): Entry[][] => {
    const result: Entry[][] = [];
    let batch: Entry[] = [];
    let size = 0;
    for (const entry of entries)
      if (!entry.sending || (resend && entry.sending < KEEPALIVE)) {
        // A new batch first, and whenever this one is full by count or by size.
        if (!batch[0] || batch.length >= LIMITS.eventsPerBatch || (size += entry.jsonBytes) > limit) {
          result.push((batch = []));
          size = entry.jsonBytes;
        }
        batch.push(entry);
      }
    return result;
  };

  /** Sends the next batch, unless a request is in flight (its end calls again), offline (`online` does) or backing off (a timer does). */
  const pump = (): void => {
    const wait = retryAt - Date.now();
    clearTimeout(timer);
    timer = wait > 0 ? setTimeout(pump, wait) : undefined;
    if (timer || inFlight || !online()) return;
    const [batch] = batches(BATCH_BYTES);
    if (batch) void deliver(batch, false);
  };

  /** Writes the entries queued since the last write that are still in the outbox, as one record. */
  const write = (): void => {
    const record = unwritten.splice(0).filter((entry) => !entry.gone);
    for (const entry of record) entry.record = record[0]!.jsonText;
    if (record[0]) use((current) => current.put(record.map((entry) => entry.jsonText)));
  };

  /**
   * A send is due at once past the thresholds, else within the delay of the oldest
   * waiting item. (While a request is in flight, its end sends what waits.)
   */
  const schedule = (): void => {
    if (entries.length < SEND_WHEN.items && total < SEND_WHEN.bytes) timer ??= setTimeout(pump, SEND_WHEN.delay);
    else if (!inFlight) pump();
  };

  const deliver = (batch: Entry[], keepalive: boolean): Promise<void> => {
    const mark = keepalive ? KEEPALIVE : ORDINARY;
    for (const entry of batch) entry.sending = mark;
    inFlight++;
    // The executor turns a transport that throws synchronously into a failed send.
    return new Promise<Outcome>((resolve) => resolve(send(batch.map((entry) => entry.jsonText), keepalive)))
      .catch((): Outcome => 'retry')
      .then((outcome) => {
        inFlight--;
        // Unless sent again meanwhile, in a request that outlives the page.
        for (const entry of batch) if (entry.sending == mark) entry.sending = 0;
        if (outcome == 'done') {
          forget(batch, keepalive);
          attempt = 0;
          // What waited while this request was in flight goes next, at once if a send is
          // due, else within the delay: a steady trickle of events makes one request per
          // SEND_WHEN, not one per round trip.
          schedule();
        } else {
          retryAt = Date.now() + (typeof outcome == 'number' ? outcome : backoff(attempt++));
          pump();
        }
      });
  };

  const queue: Queue<T> = {
    droppedCount: 0,
    add(item) {
      // Serialized once for all: requests and the store reuse the text.
      const entry = entryOf(JSON.stringify(item));
      keep([entry]);
      // One write for every item queued within WRITE_DELAY. (After a write on page hide, the
      // write then due finds nothing to write, or what was tracked since.)
      if (store && unwritten.push(entry) == 1) setTimeout(write, WRITE_DELAY);
      schedule();
    },
    flush(unloading, later) {
      // Offline, or waiting out a backoff: nothing to send.
      const sending = online() && !(retryAt > Date.now() && (!unloading || store));
      // The page may be going: what waits to be written goes to the store, as the keepalive
      // requests may fail, or not be sent at all. At once, unless `later` and they are sent:
      // see Queue.flush.
      later && sending ? setTimeout(write, WRITE_DELAY) : write();
      return Promise.all(sending ? batches(UNLOAD_BYTES, unloading).map((batch) => deliver(batch, true)) : []).then(() => undefined);
    },
    retryNow() {
      attempt = retryAt = 0;
      pump();
    },
    persistTo(next) {
      use((current) => current.clear());
      store = next;
      use((current) =>
        current.load().then((records) => {
          // The store cannot hold this page's own items: they are written after this
          // read, in the order IndexedDB keeps transactions in. (Were one sent twice, the
          // collector would drop the copy by its id.)
          // First, as the oldest: an earlier page's events go before this page's (each
          // carries its own `ts`, so the order among them does not matter to reports).
          keep(
            records.flatMap((record) => record.map((json) => entryOf(json, record[0]))),
            true,
          );
          queue.retryNow();
        }),
      );
    },
  };
  return queue;
}
