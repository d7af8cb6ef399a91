import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventRow } from '../event-store.js';
import { DuckDBStore } from './duckdb-store.js';

const base = Date.parse('2026-11-20T10:00:00Z');
const from = new Date('2026-11-20T00:00:00Z');
const to = new Date('2026-11-21T00:00:00Z');

/** An event row for `visitor` doing `name` `minute` minutes after the base time. */
function row(visitor: string, name: string, minute: number, site = 'shop'): EventRow {
  const ts = new Date(base + minute * 60_000);
  return {
    site, event_id: `${visitor}-${name}-${minute}`, name, ts, client_ts: ts, received_at: ts, visitor_id: visitor,
    session_id: `${visitor}-s`, user_id: null, url: 'https://shop.example/p', host: 'shop.example', path: '/p',
    title: null, referrer: null, transaction_id: null, value: null, currency: null, props: '{}',
  };
}

describe('DuckDBStore', () => {
  let dir: string;
  let store: DuckDBStore;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vitrine-store-'));
    store = await DuckDBStore.open(join(dir, 'db', 'vitrine.duckdb'));
    await store.addSite('shop');
  });
  afterEach(async () => {
    await store.close().catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  });

  it('counts each funnel step only for visitors who did the earlier steps first', async () => {
    await store.write(
      [
        // a: converts fully. b: stops at the cart. c: adds to cart before viewing, so only the view counts.
        row('a', 'page_view', 0), row('a', 'view_item', 1), row('a', 'add_to_cart', 2), row('a', 'purchase', 3),
        row('b', 'page_view', 0), row('b', 'view_item', 1), row('b', 'add_to_cart', 2),
        row('c', 'page_view', 0), row('c', 'add_to_cart', 1), row('c', 'view_item', 2),
        // d: no page view, so it never enters the funnel.
        row('d', 'view_item', 1), row('d', 'add_to_cart', 2),
        // another site's events never leak in.
        row('a', 'purchase', 5, 'other'),
      ],
      [],
    );
    const counts = await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item', 'add_to_cart', 'purchase'], from, to });
    expect(counts).toEqual([3, 3, 2, 1]);
  });

  it('restricts the funnel to the half-open range', async () => {
    await store.write([row('a', 'page_view', -11 * 60), row('a', 'view_item', 1), row('b', 'page_view', 14 * 60)], []);
    // a's page view is the day before; b's is exactly at `to`, which is exclusive.
    expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([0, 0]);
  });

  it('needs a later event when a step repeats the previous event name', async () => {
    await store.write([row('a', 'page_view', 0), row('b', 'page_view', 0), row('b', 'page_view', 1)], []);
    expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'page_view'], from, to })).toEqual([2, 1]);
  });

  it('treats step names as data, not SQL', async () => {
    const hostile = "x') OR 1=1 --";
    await store.write([row('a', 'page_view', 0)], []);
    expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', hostile], from, to })).toEqual([1, 0]);
  });

  it('keeps committed events and rejected payloads across a reopen', async () => {
    const path = join(dir, 'db', 'vitrine.duckdb');
    await store.write(
      [row('a', 'page_view', 0)],
      [{ site: 'shop', received_at: new Date(base), event_index: 3, reason: '/ts: Expected integer', raw: '{"ts":"x"}' }],
    );
    await store.close();
    store = await DuckDBStore.open(path);
    expect(await store.hasSite('shop')).toBe(true);
    expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([1, 0]);
    expect(await store.rejected('shop', 10)).toEqual([
      { site: 'shop', received_at: new Date(base), event_index: 3, reason: '/ts: Expected integer', raw: '{"ts":"x"}' },
    ]);
  });

  it('commits concurrent writes without losing any', async () => {
    const writes = Array.from({ length: 50 }, (_, i) => store.write([row(`v${i}`, 'page_view', 0), row(`v${i}`, 'view_item', 1)], []));
    await Promise.all(writes);
    expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([50, 50]);
  });
});
