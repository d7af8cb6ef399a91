import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { OUTBOX_LIMITS, WRITE_DELAY, type OutboxStore } from './outbox.js';
import { BATCH_BYTES, createQueue, SEND_WHEN, UNLOAD_BYTES, type QueueOptions, type Send } from './queue.js';
import type { Outcome } from './retry.js';

interface Item {
  id: string;
  n: number;
  pad?: string;
}
const item = (n: number, pad?: string): Item => ({ id: `e${n}`, n, ...(pad ? { pad } : {}) });
const items = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => item(from + index));
const numbers = (batch: Item[]) => batch.map((entry) => entry.n);
/** Items as the queue hands them to the transport and the store: their JSON texts. */
const parse = (texts: string[]): Item[] => texts.map((text) => JSON.parse(text));
/** Enough items for a send to be due by their count. */
const N = SEND_WHEN.items;

/** UTF-8 bytes of the items' JSON, as a request body carries them (without the envelope and commas). */
const jsonBytes = (batch: Item[]) => batch.reduce((sum, entry) => sum + new TextEncoder().encode(JSON.stringify(entry)).length, 0);

/** A transport whose answers the test gives, one pending promise per request. */
function manualSend() {
  const calls: Array<{ items: Item[]; bytes: number; keepalive: boolean; answer: (outcome: Outcome | Error) => void }> = [];
  const send: Send = (texts, keepalive) =>
    new Promise((resolve, reject) => {
      const batch = parse(texts);
      calls.push({ items: batch, bytes: jsonBytes(batch), keepalive, answer: (outcome) => (outcome instanceof Error ? reject(outcome) : resolve(outcome)) });
    });
  return { send, calls, sent: () => calls.map((call) => numbers(call.items)) };
}

/** A transport that answers each request at once with the next of `outcomes` (then 'done'). */
function answering(...outcomes: Array<Outcome | Error>) {
  const batches: number[][] = [];
  const send = vi.fn<Send>(async (texts) => {
    batches.push(numbers(parse(texts)));
    const outcome = outcomes.shift() ?? 'done';
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  return { send, batches };
}

/**
 * An in-memory OutboxStore, as IndexedDB would behave (records of JSON texts, keyed by
 * their first), recording its calls: the items written, the ids of the first items of
 * the records deleted.
 */
function memoryStore(initial: Item[][] = []) {
  const records = new Map(initial.map((record) => record.map((entry) => JSON.stringify(entry))).map((record) => [record[0]!, record]));
  const log: string[] = [];
  const store: OutboxStore = {
    load: async () => [...records.values()],
    put: async (record) => (log.push(`put ${numbers(parse(record))}`), records.set(record[0]!, record)),
    remove: async (keys) => (log.push(`remove ${parse(keys).map((entry) => entry.id)}`), keys.forEach((key) => records.delete(key))),
    clear: async () => (log.push('clear'), records.clear()),
  };
  /** The ids of every stored item. */
  const storedIds = () => parse([...records.values()].flat()).map((entry) => entry.id);
  return { store, records, log, storedIds };
}

const online = () => true;
/** Lets pending promise callbacks run without moving the fake clock. */
const settle = () => vi.advanceTimersByTimeAsync(0);

/** A queue persisted to a fresh memory store, the store's first load settled. */
async function persistedQueue(options: QueueOptions) {
  const memory = memoryStore();
  const queue = createQueue(options);
  queue.persistTo(memory.store);
  await settle();
  return { queue, ...memory };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('createQueue: when it sends', () => {
  it('sends once SEND_WHEN.items are waiting, in order', async () => {
    const { send, batches } = answering();
    const queue = createQueue({ send, online });
    items(0, N - 1).forEach(queue.add);
    await settle();
    expect(send).not.toHaveBeenCalled();
    queue.add(item(N - 1));
    await settle();
    expect(batches).toEqual([numbers(items(0, N))]);
  });

  it('sends SEND_WHEN.delay after the first waiting item, not after the last', async () => {
    const { send, batches } = answering();
    const queue = createQueue({ send, online });
    queue.add(item(1));
    await vi.advanceTimersByTimeAsync(4000);
    queue.add(item(2));
    await vi.advanceTimersByTimeAsync(999);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('sends once SEND_WHEN.bytes are waiting, in ordinary (not keepalive) requests', async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    // Four items of a quarter of SEND_WHEN.bytes, give or take their other fields.
    const pad = 'x'.repeat(SEND_WHEN.bytes / 4 - 10);
    for (let n = 0; n < 3; n++) queue.add(item(n, pad));
    await settle();
    expect(calls).toHaveLength(0);
    queue.add(item(3, pad));
    expect(calls).toHaveLength(1);
    expect(numbers(calls[0]!.items)).toEqual([0, 1, 2, 3]);
    expect(calls[0]!.keepalive).toBe(false);
  });

  it('cuts a backlog into ordinary requests of at most BATCH_BYTES, one at a time', async () => {
    let isOnline = false;
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online: () => isOnline });
    // Items of a quarter of BATCH_BYTES, give or take their other fields: 4 per request.
    const pad = 'x'.repeat(BATCH_BYTES / 4 - 40);
    for (let n = 0; n < 9; n++) queue.add(item(n, pad));
    isOnline = true;
    queue.retryNow();
    const sent: number[] = [];
    for (let answered = 0; answered < calls.length; answered++) {
      const call = calls[answered]!;
      expect(call.bytes).toBeLessThanOrEqual(BATCH_BYTES);
      expect(call.keepalive).toBe(false);
      sent.push(...numbers(call.items));
      call.answer('done');
      // The rest goes at once while a send is due; the tail, under the thresholds, within the delay.
      await settle();
      if (answered == 1) expect(calls).toHaveLength(2);
      await vi.advanceTimersByTimeAsync(SEND_WHEN.delay);
    }
    expect(calls.map((call) => call.items.length)).toEqual([4, 4, 1]);
    expect(sent).toEqual(Array.from({ length: 9 }, (_, n) => n));
  });

  it('keeps one request in flight; what is tracked meanwhile goes next in one batch, at once if a send is due', async () => {
    const { send, calls, sent } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N).forEach(queue.add);
    await settle();
    items(N, 2 * N).forEach(queue.add);
    await settle();
    expect(sent()).toEqual([numbers(items(0, N))]);
    calls[0]!.answer('done');
    await settle();
    expect(sent()).toEqual([numbers(items(0, N)), numbers(items(N, 2 * N))]);
  });

  it('after a request, sends fewer than the thresholds within the delay: a steady trickle makes one request per SEND_WHEN, not one per round trip', async () => {
    const { send, calls, sent } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N).forEach(queue.add);
    await settle();
    items(N, N + 5).forEach(queue.add);
    calls[0]!.answer('done');
    await settle();
    items(N + 5, N + 10).forEach(queue.add);
    await vi.advanceTimersByTimeAsync(SEND_WHEN.delay - 1);
    expect(sent()).toEqual([numbers(items(0, N))]);
    await vi.advanceTimersByTimeAsync(1);
    expect(sent()).toEqual([numbers(items(0, N)), numbers(items(N, N + 10))]);
  });

  it('flush sends everything waiting at once, never resending what is in flight', async () => {
    const { send, calls, sent } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N).forEach(queue.add);
    await settle();
    items(N, N + 3).forEach(queue.add);
    const flushed = queue.flush();
    expect(sent()).toEqual([numbers(items(0, N)), [N, N + 1, N + 2]]);
    calls.forEach((call) => call.answer('done'));
    await flushed;
    await queue.flush();
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(2);
  });

  it('treats a transport that throws synchronously as a failed send, and never rejects', async () => {
    let fail = true;
    const delivered: number[][] = [];
    const queue = createQueue<Item>({
      send: (texts) => {
        if (fail) throw new TypeError('keepalive refused');
        delivered.push(numbers(parse(texts)));
        return Promise.resolve('done');
      },
      online,
    });
    queue.add(item(1));
    await expect(queue.flush()).resolves.toBeUndefined();
    fail = false;
    await vi.runAllTimersAsync();
    expect(delivered).toEqual([[1]]);
  });

  it('throws for an item it cannot serialize, without blocking the others', async () => {
    const { send, batches } = answering();
    const queue = createQueue({ send, online });
    const circular: Item & { self?: unknown } = item(2);
    circular.self = circular;
    queue.add(item(1));
    expect(() => queue.add(circular)).toThrow(TypeError);
    queue.add(item(3));
    await queue.flush();
    expect(batches).toEqual([[1, 3]]);
  });
});

describe('createQueue: failures and retries', () => {
  it('keeps a failed batch, with the same items (hence event ids), and retries after an exponential backoff', async () => {
    vi.spyOn(Math, 'random').mockReturnValue(0); // backoff = half a step: 500, 1000, 2000 ms
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    const first = items(0, N);
    first.forEach(queue.add);
    await settle();
    for (const wait of [500, 1000, 2000]) {
      calls.at(-1)!.answer(calls.length % 2 ? 'retry' : new TypeError('Failed to fetch'));
      await vi.advanceTimersByTimeAsync(wait - 1);
      const before = calls.length;
      await vi.advanceTimersByTimeAsync(1);
      expect(calls.length, `retried after ${wait} ms`).toBe(before + 1);
    }
    calls.at(-1)!.answer('done');
    await vi.runAllTimersAsync();
    expect(calls).toHaveLength(4);
    for (const call of calls) expect(call.items).toEqual(first);
  });

  it("waits the collector's Retry-After, even for newly tracked events and explicit flushes", async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N).forEach(queue.add);
    await settle();
    calls[0]!.answer(30_000);
    await settle();
    items(N, N + 15).forEach(queue.add);
    await queue.flush();
    await vi.advanceTimersByTimeAsync(29_999);
    expect(calls).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(1);
    // Again from the oldest, in order. N is also the collector's limit per batch: the 15
    // go next, within the delay, as fewer than the thresholds.
    expect(calls).toHaveLength(2);
    expect(numbers(calls[1]!.items)).toEqual(numbers(items(0, N)));
    calls[1]!.answer('done');
    await vi.advanceTimersByTimeAsync(SEND_WHEN.delay);
    expect(numbers(calls[2]!.items)).toEqual(numbers(items(N, N + 15)));
  });

  it("forgets a batch refused for good ('done') and goes on with the next", async () => {
    const { send, batches } = answering('done');
    const queue = createQueue({ send, online });
    queue.add(item(1));
    await queue.flush();
    queue.add(item(2));
    await queue.flush();
    expect(batches).toEqual([[1], [2]]);
  });

  it('keeps the order of batches that fail while another is in flight', async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    items(0, 2).forEach(queue.add);
    void queue.flush();
    items(2, 4).forEach(queue.add);
    void queue.flush();
    calls[0]!.answer('retry');
    await settle();
    calls[1]!.answer('retry');
    await vi.runAllTimersAsync();
    expect(numbers(calls[2]!.items)).toEqual([0, 1, 2, 3]);
  });

  it('sends nothing while offline, and everything once back online', async () => {
    let isOnline = false;
    const { send, batches } = answering();
    const queue = createQueue({ send, online: () => isOnline });
    items(0, 25).forEach(queue.add);
    await queue.flush(true);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).not.toHaveBeenCalled();
    isOnline = true;
    queue.retryNow();
    await vi.runAllTimersAsync();
    expect(batches.flat()).toEqual(numbers(items(0, 25)));
  });

  it('resume forgets a running backoff', async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N).forEach(queue.add);
    await settle();
    calls[0]!.answer(60_000);
    await settle();
    queue.retryNow();
    await settle();
    expect(calls).toHaveLength(2);
  });
});

describe('createQueue: unload', () => {
  it('sends everything synchronously, in keepalive chunks under the keepalive limit, the ordinary request in flight included', () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    const pad = 'x'.repeat(1000);
    for (let n = 0; n < 150; n++) queue.add(item(n, pad));
    // Once a send was due, an ordinary request went, which the page's end will cancel.
    expect(calls.map((call) => call.keepalive)).toEqual([false]);
    expect(numbers(calls[0]!.items)).toEqual(numbers(items(0, calls[0]!.items.length)));
    void queue.flush(true);
    const unload = calls.slice(1);
    expect(unload.length).toBeGreaterThanOrEqual(3);
    for (const call of unload) expect(call.keepalive).toBe(true);
    for (const call of unload) expect(call.bytes).toBeLessThanOrEqual(UNLOAD_BYTES);
    // Envelope and commas included, every body stays under 60 KB.
    for (const call of unload) expect(call.bytes + call.items.length + 100).toBeLessThan(60_000);
    expect(unload.flatMap((call) => numbers(call.items))).toEqual(Array.from({ length: 150 }, (_, n) => n));
    // Neither is sent again while both are in flight; an explicit flush does not resend the ordinary request.
    void queue.flush(true);
    void queue.flush();
    expect(calls.length).toBe(unload.length + 1);
  });

  it('an explicit flush sends in keepalive requests, and leaves an ordinary request in flight alone', () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N + 2).forEach(queue.add);
    void queue.flush();
    expect(calls.map((call) => [call.keepalive, numbers(call.items)])).toEqual([
      [false, numbers(items(0, N))],
      [true, [N, N + 1]],
    ]);
  });

  it('during a backoff, leaves a persisted outbox to the next page load, but sends a memory one (last chance)', async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, online });
    items(0, N).forEach(queue.add);
    await settle();
    calls[0]!.answer(30_000);
    await settle();
    void queue.flush(true);
    expect(calls).toHaveLength(2);

    const persisted = manualSend();
    const durable = createQueue({ send: persisted.send, online });
    durable.persistTo(memoryStore().store);
    items(0, N).forEach(durable.add);
    await settle();
    persisted.calls[0]!.answer(30_000);
    await settle();
    void durable.flush(true);
    expect(persisted.calls).toHaveLength(1);
  });
});

describe('createQueue: the outbox', () => {
  it('keeps about 1,000 items, dropping and counting the oldest', async () => {
    const { send, batches } = answering();
    const queue = createQueue({ send, online: () => false });
    items(0, OUTBOX_LIMITS.items + 25).forEach(queue.add);
    expect(queue.droppedCount).toBe(25);
    queue.retryNow();
    await vi.runAllTimersAsync();
    expect(send).not.toHaveBeenCalled();
  });

  it('keeps about 1 MB, dropping the oldest', async () => {
    let isOnline = false;
    const { send, batches } = answering();
    const queue = createQueue({ send, online: () => isOnline });
    const pad = 'x'.repeat(10_000);
    for (let n = 0; n < 120; n++) queue.add(item(n, pad));
    expect(queue.droppedCount).toBe(21);
    isOnline = true;
    queue.retryNow();
    await vi.runAllTimersAsync();
    expect(batches.flat()).toEqual(Array.from({ length: 99 }, (_, n) => n + 21));
  });

  it('writes new items to the store WRITE_DELAY after the first, as one record, and deletes a record once all its items are delivered or dropped', async () => {
    const { send, calls } = manualSend();
    const { queue, records, log } = await persistedQueue({ send, online });
    items(0, 4).forEach(queue.add);
    await vi.advanceTimersByTimeAsync(WRITE_DELAY / 2);
    queue.add(item(4));
    await vi.advanceTimersByTimeAsync(WRITE_DELAY / 2 - 1);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(log).toEqual(['put 0,1,2,3,4']);
    items(5, 7).forEach(queue.add);
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(log).toEqual(['put 0,1,2,3,4', 'put 5,6']);
    // One request delivers both records' items: both are deleted, in one call; this one is a
    // flush's keepalive request, so WRITE_DELAY later (see Queue.flush).
    void queue.flush();
    calls[0]!.answer('done');
    await settle();
    expect(log).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(log.slice(2)).toEqual(['remove e0,e5']);
    expect(records.size).toBe(0);
  });

  it('keeps a record while some of its items wait, and deletes it with the last', async () => {
    const { send, calls } = manualSend();
    const { queue, log } = await persistedQueue({ send, online });
    items(0, N + 2).forEach(queue.add); // sent at the Nth: the last two wait
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(log).toEqual([`put ${numbers(items(0, N + 2))}`]);
    calls[0]!.answer('done');
    await vi.advanceTimersByTimeAsync(SEND_WHEN.delay);
    expect(log).toHaveLength(1);
    calls[1]!.answer('done');
    await settle();
    expect(log.at(-1)).toBe('remove e0');
  });

  it('never writes items delivered before their turn to be written', async () => {
    const { send, calls } = manualSend();
    const { queue, log } = await persistedQueue({ send, online });
    queue.add(item(0));
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    items(1, N).forEach(queue.add); // a send is due at the Nth
    calls[0]!.answer('done');
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    // Item 0 was written alone, and deleted once delivered; the others went before their write.
    expect(log).toEqual(['put 0', 'remove e0']);
  });

  it('writes what waits at once when the page goes (or on a flush), offline too', async () => {
    const { queue, log } = await persistedQueue({ send: answering().send, online: () => false });
    queue.add(item(0));
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    queue.add(item(1));
    void queue.flush(true);
    expect(log).toEqual(['put 0', 'put 1']);
    // The write then due finds nothing left to write.
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(log).toHaveLength(2);
  });

  it('writes on a hide after which the page may live on WRITE_DELAY later, if the keepalive requests carry the items', async () => {
    // Chromium evicts a page from the back/forward cache if an IndexedDB request answers it once frozen.
    const { send, calls } = manualSend();
    const { queue, log } = await persistedQueue({ send, online });
    queue.add(item(0));
    void queue.flush(true, true);
    expect(calls.map((call) => call.keepalive)).toEqual([true]);
    expect(log).toEqual([]);
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(log).toEqual(['put 0']);
  });

  it('writes at once on such a hide when nothing can be sent (offline)', async () => {
    const { queue, log } = await persistedQueue({ send: answering().send, online: () => false });
    queue.add(item(0));
    void queue.flush(true, true);
    expect(log).toEqual(['put 0']);
  });

  it('restores what an earlier page left in the store, and sends it at once', async () => {
    const { store } = memoryStore([items(100, 102), items(102, 103)]);
    const { send, batches } = answering();
    const queue = createQueue({ send, online });
    queue.add(item(1));
    queue.persistTo(store);
    await settle();
    expect(batches).toEqual([[100, 101, 102, 1]]);
  });

  it('deletes restored records from the store once their items are delivered', async () => {
    const { store, records, log } = memoryStore([items(100, 102), items(102, 103)]);
    const { send, batches } = answering();
    const queue = createQueue({ send, online });
    queue.persistTo(store);
    await vi.runAllTimersAsync();
    expect(batches).toEqual([[100, 101, 102]]);
    expect(log).toEqual(['remove e100,e102']);
    expect(records.size).toBe(0);
  });

  it('never writes items dropped from a full outbox before their write', async () => {
    const { store, storedIds } = memoryStore();
    const queue = createQueue({ send: answering().send, online: () => false });
    queue.persistTo(store);
    await settle();
    items(0, OUTBOX_LIMITS.items + 5).forEach(queue.add);
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(queue.droppedCount).toBe(5);
    expect(storedIds()).toEqual(items(5, OUTBOX_LIMITS.items + 5).map((entry) => entry.id));
  });

  it('carries on in memory when the store fails, synchronously or not, without a rejection escaping', async () => {
    const unhandled = vi.fn();
    process.on('unhandledRejection', unhandled);
    try {
      for (const failure of ['throws', 'rejects'] as const) {
        const fail = (): Promise<never> => {
          if (failure == 'throws') throw new DOMException('The operation is insecure.', 'SecurityError');
          return Promise.reject(new DOMException('Quota exceeded', 'QuotaExceededError'));
        };
        const store: OutboxStore<Item> = { load: fail, put: fail, remove: fail, clear: fail };
        const { send, batches } = answering();
        const queue = createQueue({ send, online });
        expect(() => queue.persistTo(store)).not.toThrow();
        items(0, 12).forEach(queue.add);
        await vi.runAllTimersAsync();
        expect(batches.flat()).toEqual(numbers(items(0, 12)));
      }
      await settle();
      expect(unhandled).not.toHaveBeenCalled();
    } finally {
      process.off('unhandledRejection', unhandled);
    }
  });

  it('clears the store when persisting stops (consent withdrawn)', async () => {
    const { store, records, log } = memoryStore();
    const queue = createQueue({ send: answering().send, online: () => false });
    queue.persistTo(store);
    queue.add(item(1));
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(records.size).toBe(1);
    queue.persistTo(undefined);
    await settle();
    expect(log.at(-1)).toBe('clear');
    expect(records.size).toBe(0);
    queue.add(item(2));
    await vi.advanceTimersByTimeAsync(WRITE_DELAY);
    expect(records.size).toBe(0);
  });
});
