import { describe, expect, it, vi } from 'vitest';
import { Deduplicator } from './dedup.js';

const now = Date.parse('2026-11-24T12:00:00Z');
const ev = (id: string, ageMs = 0) => ({ id, client_ts: now - ageMs, ts: now - ageMs });

/** A store that knows `stored` ids, and records its lookups. */
function fakeStore(stored: string[] = [], recent: string[] = []) {
  return {
    existingEventIds: vi.fn(async (_site: string, ids: string[]) => new Set(ids.filter((id) => stored.includes(id)))),
    recentEventKeys: vi.fn(async (_since: Date, limit: number) => recent.slice(0, limit)),
  };
}

describe('Deduplicator', () => {
  it('drops a repeated id within a batch and across batches, per site', async () => {
    const dedup = new Deduplicator(fakeStore(), {}, now - 3_600_000);
    expect(await dedup.claim('shop', [ev('a'), ev('b'), ev('a')], now)).toEqual(new Set([2]));
    expect(await dedup.claim('shop', [ev('a'), ev('c')], now)).toEqual(new Set([0]));
    expect(await dedup.claim('blog', [ev('a')], now)).toEqual(new Set());
  });

  it('answers recent events from memory without asking the store', async () => {
    const store = fakeStore();
    const dedup = new Deduplicator(store, {}, now - 3_600_000);
    await dedup.claim('shop', [ev('a', 1000)], now);
    expect(store.existingEventIds).not.toHaveBeenCalled();
  });

  it('asks the store about events older than the memory horizon, over their client-time range', async () => {
    const store = fakeStore(['old-1']);
    const dedup = new Deduplicator(store, {}, now - 3_600_000);
    const day = 86_400_000;
    expect(await dedup.claim('shop', [ev('old-1', 2 * day), ev('old-2', day), ev('new', 0)], now)).toEqual(new Set([0]));
    expect(store.existingEventIds).toHaveBeenCalledWith('shop', ['old-1', 'old-2'], new Date(now - 2 * day), new Date(now - day));
  });

  it('releases the keys of a failed write so the retry is accepted', async () => {
    const dedup = new Deduplicator(fakeStore(), {}, now - 3_600_000);
    await dedup.claim('shop', [ev('a'), ev('b')], now);
    dedup.release('shop', ['a', 'b']);
    expect(await dedup.claim('shop', [ev('a'), ev('b')], now)).toEqual(new Set());
  });

  it('lets only one of two concurrent deliveries of an event through', async () => {
    const dedup = new Deduplicator(fakeStore(), {}, now);
    const day = 86_400_000;
    // Both go to the store (old events), so both await; the second must still lose.
    const [first, second] = await Promise.all([dedup.claim('shop', [ev('x', day)], now), dedup.claim('shop', [ev('x', day)], now)]);
    expect([first.size, second.size].sort()).toEqual([0, 1]);
  });

  it('stays within its key bound by dropping the oldest generation, moving the horizon', async () => {
    const dedup = new Deduplicator(fakeStore(), { maxKeys: 100, generations: 4 }, now - 10_000);
    for (let i = 0; i < 1000; i++) await dedup.claim('shop', [ev(`e${i}`)], now - 10_000 + i);
    expect(dedup.size).toBeLessThanOrEqual(100);
    expect(dedup.horizon).toBeGreaterThan(now - 10_000);
    // The newest keys are still caught from memory.
    expect(await dedup.claim('shop', [ev('e999')], now)).toEqual(new Set([0]));
  });

  it('warms up from recently stored keys, narrowing the window until they fit', async () => {
    const store = fakeStore([], ['shop\u0000a', 'shop\u0000b']);
    const dedup = new Deduplicator(store, { maxKeys: 10 }, now);
    await dedup.warmUp(now);
    expect(dedup.horizon).toBe(now - 86_400_000);
    expect(await dedup.claim('shop', [ev('a'), ev('z')], now)).toEqual(new Set([0]));

    const crowded = fakeStore([], Array.from({ length: 50 }, (_, i) => `shop\u0000k${i}`));
    crowded.recentEventKeys.mockImplementation(async (since: Date, limit: number) =>
      since.getTime() < now - 3_600_000 ? Array.from({ length: limit }, (_, i) => `shop\u0000k${i}`) : ['shop\u0000k1'],
    );
    const narrowed = new Deduplicator(crowded, { maxKeys: 10 }, now);
    await narrowed.warmUp(now);
    expect(narrowed.horizon).toBe(now - 3_600_000);
  });
});
