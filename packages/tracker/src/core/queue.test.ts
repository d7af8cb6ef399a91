import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createQueue, type Send } from './queue.js';

/** A transport that records each batch and answers with the next of `outcomes` (then success). */
function recordingSend<T = number>(...outcomes: Array<boolean | Error>) {
  const batches: T[][] = [];
  const send = vi.fn<Send<T>>(async (items) => {
    batches.push(items);
    const outcome = outcomes.shift() ?? true;
    if (outcome instanceof Error) throw outcome;
    return outcome;
  });
  return { send, batches };
}

/** A transport whose answers the test gives, one pending promise per batch. */
function manualSend() {
  const calls: Array<{ items: number[]; answer: (delivered: boolean) => void }> = [];
  const send: Send<number> = (items) => new Promise((answer) => calls.push({ items, answer }));
  return { send, calls };
}

const addAll = (queue: { add(item: number): void }, items: number[]) => items.forEach((item) => queue.add(item));
const range = (from: number, to: number) => Array.from({ length: to - from }, (_, index) => from + index);

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('createQueue', () => {
  it('sends once maxItems are waiting, in order', async () => {
    const { send, batches } = recordingSend();
    const queue = createQueue({ send, maxItems: 10 });
    addAll(queue, range(0, 9));
    expect(send).not.toHaveBeenCalled();
    queue.add(9);
    await queue.flush();
    expect(batches).toEqual([range(0, 10)]);
  });

  it('sends maxDelay after the first waiting item, not after the last', async () => {
    const { send, batches } = recordingSend();
    const queue = createQueue({ send, maxDelay: 5000 });
    queue.add(1);
    await vi.advanceTimersByTimeAsync(4000);
    queue.add(2);
    await vi.advanceTimersByTimeAsync(999);
    expect(send).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(batches).toEqual([[1, 2]]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('sends on flush, and flushing an empty queue sends nothing', async () => {
    const { send, batches } = recordingSend();
    const queue = createQueue({ send });
    await queue.flush();
    expect(send).not.toHaveBeenCalled();
    addAll(queue, [1, 2, 3]);
    await queue.flush();
    expect(batches).toEqual([[1, 2, 3]]);
    await vi.runAllTimersAsync();
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('keeps a failed batch, in order and ahead of newer items, for the next send', async () => {
    const { send, batches } = recordingSend(false, new Error('offline'));
    const queue = createQueue({ send });
    addAll(queue, [1, 2, 3]);
    await queue.flush(); // answered false
    queue.add(4);
    await queue.flush(); // rejected
    queue.add(5);
    await queue.flush(); // delivered
    await queue.flush();
    expect(batches).toEqual([
      [1, 2, 3],
      [1, 2, 3, 4],
      [1, 2, 3, 4, 5],
    ]);
  });

  it('treats a transport that throws synchronously as a failed send', async () => {
    let fail = true;
    const batches: number[][] = [];
    const queue = createQueue<number>({
      send: (items) => {
        if (fail) throw new TypeError('keepalive refused');
        batches.push(items);
        return Promise.resolve(true);
      },
    });
    queue.add(1);
    await expect(queue.flush()).resolves.toBeUndefined();
    fail = false;
    await queue.flush();
    expect(batches).toEqual([[1]]);
  });

  it('re-arms the timer for kept items when a new item arrives', async () => {
    const { send, batches } = recordingSend(false);
    const queue = createQueue({ send, maxDelay: 5000 });
    queue.add(1);
    await vi.advanceTimersByTimeAsync(5000); // fails
    queue.add(2);
    await vi.advanceTimersByTimeAsync(5000);
    expect(batches).toEqual([[1], [1, 2]]);
  });

  it('neither resends nor counts items whose request is still in flight', async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send, maxItems: 3 });
    addAll(queue, [1, 2, 3]);
    addAll(queue, [4, 5]);
    expect(calls.map((call) => call.items)).toEqual([[1, 2, 3]]);
    const flushed = queue.flush();
    expect(calls.map((call) => call.items)).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
    calls.forEach((call) => call.answer(true));
    await flushed;
    await queue.flush();
    expect(calls).toHaveLength(2);
  });

  it('keeps the order of two failed batches whatever order their answers come in', async () => {
    const { send, calls } = manualSend();
    const queue = createQueue({ send });
    addAll(queue, [1, 2]);
    void queue.flush();
    addAll(queue, [3, 4]);
    const second = queue.flush();
    // The first request fails, then the second, which would reorder a naive re-queue.
    calls[0]!.answer(false);
    await Promise.resolve();
    calls[1]!.answer(false);
    await second;
    queue.add(5);
    void queue.flush();
    expect(calls[2]!.items).toEqual([1, 2, 3, 4, 5]);
    calls[2]!.answer(true);
  });

  it('sends before a batch would exceed maxBytes, and an oversized item alone', async () => {
    const { send, batches } = recordingSend();
    // Each item below serializes to 4 bytes ("1000").
    const queue = createQueue({ send, maxBytes: 10, maxItems: 100 });
    addAll(queue, [1000, 1001, 1002]);
    expect(batches).toEqual([[1000, 1001]]);
    queue.add(123_456_789_012);
    queue.add(1003);
    await queue.flush();
    expect(batches).toEqual([[1000, 1001], [1002], [123_456_789_012], [1003]]);
  });

  it('measures bytes in UTF-8, so non-Latin text does not overshoot', () => {
    const { send, batches } = recordingSend<string>();
    // "茶" is 3 bytes in UTF-8: each item below is 2 + 3 × 3 = 11 bytes, and two exceed 20.
    const queue = createQueue({ send, maxBytes: 20 });
    queue.add('绿茶叶');
    queue.add('红茶叶');
    expect(batches).toEqual([['绿茶叶']]);
  });

  it('splits what has piled up into batches of at most maxBatch items', async () => {
    const { send, batches } = recordingSend(false);
    const queue = createQueue({ send, maxItems: 1000, maxBatch: 4 });
    addAll(queue, range(0, 3));
    await queue.flush(); // fails: 3 kept
    addAll(queue, range(3, 10));
    await queue.flush();
    expect(batches).toEqual([range(0, 3), range(0, 4), range(4, 8), range(8, 10)]);
  });

  it('refuses an item that cannot be serialized without blocking the others', async () => {
    const { send, batches } = recordingSend<object>();
    const queue = createQueue({ send });
    const circular: { self?: object } = {};
    circular.self = circular;
    queue.add({ a: 1 });
    expect(() => queue.add(circular)).toThrow(TypeError);
    queue.add({ b: 2 });
    await queue.flush();
    expect(batches).toEqual([[{ a: 1 }, { b: 2 }]]);
  });
});
