import { describe, expect, it } from 'vitest';
import type { EventRow, EventStore, NewSite } from './event-store.js';

/** How a backend's test file hands a fresh, empty store to the contract. */
export interface ContractHarness {
  /** Opens an empty store. */
  open(): Promise<EventStore>;
  /** Closes `store` and opens the same data again (a restart). */
  reopen(store: EventStore): Promise<EventStore>;
}

const base = Date.parse('2026-11-20T10:00:00Z');
const from = new Date('2026-11-20T00:00:00Z');
const to = new Date('2026-11-21T00:00:00Z');

/** An event row for `visitor` doing `name` `minute` minutes after the base time. */
export function eventRow(visitor: string, name: string, minute: number, over: Partial<EventRow> = {}): EventRow {
  const ts = new Date(base + minute * 60_000);
  return {
    site: 'shop', event_id: `${visitor}-${name}-${minute}`, name, ts, client_ts: ts, received_at: ts,
    visitor_id: visitor, session_id: `${visitor}-s`, user_id: null, url: 'https://shop.example/p?utm_source=x',
    host: 'shop.example', path: '/p', title: null, referrer: null, referrer_host: null, channel: 'direct', source: null,
    utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, is_bot: false,
    browser: 'Chrome', os: 'Windows', device_type: 'desktop', country: null, transaction_id: null, value: null,
    currency: null, props: '{}', ...over,
  };
}

const site = (key: string, over: Partial<NewSite> = {}): NewSite => ({
  key, name: key, origins: [], currency: 'CNY', timezone: 'Asia/Shanghai', cookieless: false, ...over,
});

/**
 * The behaviour every EventStore must have, run against each backend with a real
 * server or file: the same inputs must give the same answers on DuckDB and ClickHouse.
 */
export function describeEventStoreContract(name: string, harness: ContractHarness): void {
  describe(`${name} store contract`, () => {
    const withStore = (test: (store: EventStore) => Promise<void>) => async () => {
      const store = await harness.open();
      try {
        await test(store);
      } finally {
        await store.close().catch(() => undefined);
      }
    };

    it('counts each funnel step only for visitors who did the earlier steps first', withStore(async (store) => {
      await store.write([
        // a converts; b stops at the cart; c adds to cart before viewing; d never views a page.
        eventRow('a', 'page_view', 0), eventRow('a', 'view_item', 1), eventRow('a', 'add_to_cart', 2), eventRow('a', 'purchase', 3),
        eventRow('b', 'page_view', 0), eventRow('b', 'view_item', 1), eventRow('b', 'add_to_cart', 2),
        eventRow('c', 'page_view', 0), eventRow('c', 'add_to_cart', 1), eventRow('c', 'view_item', 2),
        eventRow('d', 'view_item', 1), eventRow('d', 'add_to_cart', 2),
        // Another site's events and bots never count.
        eventRow('a', 'purchase', 5, { site: 'other' }),
        eventRow('bot', 'page_view', 0, { is_bot: true }), eventRow('bot', 'view_item', 1, { is_bot: true }),
      ], []);
      const counts = await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item', 'add_to_cart', 'purchase'], from, to });
      expect(counts).toEqual([3, 3, 2, 1]);
    }));

    it('walks the funnel per session when asked, and times each step from the first', withStore(async (store) => {
      await store.write([
        // a: views in one session, buys in the next. b: converts within one session.
        eventRow('a', 'page_view', 0), eventRow('a', 'view_item', 1), eventRow('a', 'purchase', 30, { session_id: 'a-s2' }),
        eventRow('b', 'page_view', 2), eventRow('b', 'view_item', 4), eventRow('b', 'purchase', 5),
        eventRow('c', 'page_view', 0),
      ], []);
      const query = { site: 'shop', steps: ['page_view', 'view_item', 'purchase'], from, to };
      expect(await store.funnelCounts(query)).toEqual([3, 2, 2]);
      expect(await store.funnelCounts({ ...query, unit: 'sessions' })).toEqual([3, 2, 1]);
      expect(await store.funnelTimes(query)).toEqual([[60_000, 120_000], [180_000, 1_800_000]]);
      expect(await store.funnelTimes({ ...query, unit: 'sessions' })).toEqual([[60_000, 120_000], [180_000]]);
      expect(await store.funnelTimes({ ...query, site: 'nope' })).toEqual([[], []]);
    }));

    it('counts steps of different names that share a millisecond as done in order', withStore(async (store) => {
      await store.write([eventRow('a', 'page_view', 0), eventRow('a', 'view_item', 0)], []);
      expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([1, 1]);
    }));

    it('restricts the funnel to the half-open range', withStore(async (store) => {
      await store.write([eventRow('a', 'page_view', -11 * 60), eventRow('a', 'view_item', 1), eventRow('b', 'page_view', 14 * 60)], []);
      expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([0, 0]);
    }));

    it('needs a later event when a step repeats the previous event name', withStore(async (store) => {
      await store.write([eventRow('a', 'page_view', 0), eventRow('b', 'page_view', 0), eventRow('b', 'page_view', 1)], []);
      expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'page_view'], from, to })).toEqual([2, 1]);
    }));

    it('stores SQL-looking strings inert and matches them only as data', withStore(async (store) => {
      const hostile = "x'); DROP TABLE events; --";
      await store.write([eventRow('a', 'page_view', 0, { title: hostile, props: JSON.stringify({ q: hostile }) }), eventRow('a', hostile, 1)], []);
      expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', hostile], from, to })).toEqual([1, 1]);
      expect(await store.funnelCounts({ site: "shop' OR '1'='1", steps: ['page_view', hostile], from, to })).toEqual([0, 0]);
    }));

    it('finds already-stored event ids within a client-time range', withStore(async (store) => {
      await store.write([eventRow('a', 'page_view', 0), eventRow('a', 'view_item', 5), eventRow('a', 'page_view', 0, { site: 'other' })], []);
      const ids = ['a-page_view-0', 'a-view_item-5', 'never-sent'];
      expect(await store.existingEventIds('shop', ids, from, to)).toEqual(new Set(['a-page_view-0', 'a-view_item-5']));
      // Outside the range the store need not look, and must not report ids it did not check.
      expect(await store.existingEventIds('shop', ids, new Date(base + 3 * 60_000), to)).toEqual(new Set(['a-view_item-5']));
      expect(await store.existingEventIds('nope', ids, from, to)).toEqual(new Set());
    }));

    it('lists recently received event keys, newest first', withStore(async (store) => {
      await store.write([eventRow('a', 'page_view', 0), eventRow('b', 'page_view', 10, { site: 'other' })], []);
      expect(await store.recentEventKeys(new Date(base - 1), 10)).toEqual(['other\u0000b-page_view-10', 'shop\u0000a-page_view-0']);
      expect(await store.recentEventKeys(new Date(base + 1), 10)).toEqual(['other\u0000b-page_view-10']);
      expect(await store.recentEventKeys(new Date(base - 1), 1)).toHaveLength(1);
    }));

    it('registers, lists and disables sites, and refuses a taken key', withStore(async (store) => {
      const shop = await store.addSite(site('shop', { origins: ['https://shop.example'], cookieless: true }));
      expect(shop).toMatchObject({ key: 'shop', origins: ['https://shop.example'], currency: 'CNY', timezone: 'Asia/Shanghai', cookieless: true, disabled: false });
      expect(shop.id).toMatch(/^site_/);
      await expect(store.addSite(site('shop'))).rejects.toThrow();
      await store.addSite(site('blog'));
      expect((await store.listSites()).map((s) => s.key)).toEqual(['shop', 'blog']);
      expect(await store.setSiteDisabled(shop.id, true)).toMatchObject({ key: 'shop', disabled: true });
      expect(await store.setSiteDisabled('blog', true)).toMatchObject({ key: 'blog', disabled: true });
      expect(await store.setSiteDisabled('missing', true)).toBeNull();
    }));

    it('keeps events, rejected payloads and sites across a restart', async () => {
      let store = await harness.open();
      try {
        await store.addSite(site('shop'));
        await store.write(
          [eventRow('a', 'page_view', 0, { title: '丝绸围巾 🧣', value: 12.5, currency: 'CNY' })],
          [{ site: 'shop', received_at: new Date(base), event_index: 3, reason: '/ts: Expected integer', raw: '{"ts":"x"}' }],
        );
        store = await harness.reopen(store);
        expect((await store.listSites()).map((s) => s.key)).toEqual(['shop']);
        expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([1, 0]);
        expect(await store.rejected('shop', 10)).toEqual([
          { site: 'shop', received_at: new Date(base), event_index: 3, reason: '/ts: Expected integer', raw: '{"ts":"x"}' },
        ]);
      } finally {
        await store.close().catch(() => undefined);
      }
    });

    it('commits concurrent writes without losing any', withStore(async (store) => {
      await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.write([eventRow(`v${i}`, 'page_view', 0), eventRow(`v${i}`, 'view_item', 1)], [])),
      );
      expect(await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from, to })).toEqual([50, 50]);
    }));
  });
}
