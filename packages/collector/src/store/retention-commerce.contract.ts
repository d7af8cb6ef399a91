import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CommerceQuery, EventRow, EventStore, ReportFilter, RetentionQuery } from './event-store.js';
import { expectedCommerce, expectedRetention } from './retention-commerce.oracle.js';
import { generatedDataset } from './reports.oracle.js';

/**
 * The retention and commerce definitions of docs/metrics.md as a contract: a small,
 * hand-computed data set (site `rcshop`, CNY, UTC; the range is the two ISO weeks of
 * 2026-11-02 and 2026-11-09, that is [2026-11-02, 2026-11-16)), then the generated data
 * set against `retention-commerce.oracle.ts`. Run by both stores' test files.
 *
 * | visitor | first visit | orders (UTC, 12:00 unless said)                                   | else |
 * |---------|-------------|--------------------------------------------------------------------|------|
 * | P       | 10-20       | T1 100 CNY 11-03 [SKU-A 100]; T2 50 CNY 11-05 [SKU-C 50], refunded without value 11-06; T3 30 CNY 11-12 | |
 * | Q       | 11-02 10:00 (search, mobile) | T4 200 CNY 11-02 10:05 [SKU-A 100 × 2] (re-sent 10:06), refund 50 on 11-04; T5 80 USD 11-17 [SKU-B] | view_item and add_to_cart SKU-A; direct page_view 11-10 |
 * | R       | 11-03       | T6 40 USD 11-04 [SKU-B "Tea" 40]; T7 60 USD 11-11 [SKU-B 30 × 2] | |
 * | U       | 11-04       | T9 10 CNY 11-05; T10 20 CNY 11-06                                 | |
 * | S       | 11-09       | 11-10 purchase without id or currency, 25 [SKU-B 25]              | view_item SKU-B; page_view 11-16 |
 * | D (bot) | 11-02       | T99 999 CNY 11-03: never counted                                  | |
 * | P       | (site `other`) | T98 77 CNY 11-04: never counted                                 | |
 */
const SITE = 'rcshop';
const FROM = new Date('2026-11-02T00:00:00Z');
const TO = new Date('2026-11-16T00:00:00Z');
const W1 = '2026-11-02';
const W2 = '2026-11-09';
const D = 86_400_000;

let seq = 0;
function ev(visitor: string, session: string, name: string, at: string, over: Partial<EventRow> = {}): EventRow {
  const ts = new Date(at);
  return {
    site: SITE, event_id: `r${String(++seq).padStart(4, '0')}`, name, ts, client_ts: ts, received_at: ts,
    visitor_id: visitor, session_id: session, user_id: null, url: 'https://shop.example/', host: 'shop.example',
    path: '/', title: null, referrer: null, referrer_host: null, channel: 'direct', source: null,
    utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, is_bot: false,
    browser: 'Chrome', os: 'Windows', device_type: 'desktop', country: 'CN', transaction_id: null, value: null,
    currency: null, props: '{}', ...over,
  };
}

type Item = { item_id: string; item_name?: string; price?: number; quantity?: number };
const order = (tx: string | null, value: number | null, currency: string | null, items: Item[] = []) => ({
  transaction_id: tx, value, currency,
  props: JSON.stringify({ ...(tx ? { transaction_id: tx } : {}), ...(value !== null ? { value } : {}), ...(currency ? { currency } : {}), ...(items.length ? { items } : {}) }),
});
const withItems = (items: Item[]) => ({ props: JSON.stringify({ items }) });

/** The data set described above. */
export function retentionCommerceDataset(): EventRow[] {
  seq = 0;
  const search = { channel: 'search' as const, device_type: 'mobile' };
  const skuA = { item_id: 'SKU-A', item_name: '围巾' };
  return [
    ev('P', 'P0', 'page_view', '2026-10-20T12:00:00Z'),
    ev('P', 'P1', 'purchase', '2026-11-03T12:00:00Z', order('T1', 100, 'CNY', [{ ...skuA, price: 100 }])),
    ev('P', 'P2', 'purchase', '2026-11-05T12:00:00Z', order('T2', 50, 'CNY', [{ item_id: 'SKU-C', price: 50 }])),
    ev('P', 'P3', 'refund', '2026-11-06T12:00:00Z', order('T2', null, 'CNY')),
    ev('P', 'P4', 'purchase', '2026-11-12T12:00:00Z', order('T3', 30, 'CNY')),
    ev('Q', 'Q1', 'page_view', '2026-11-02T10:00:00Z', search),
    ev('Q', 'Q1', 'view_item', '2026-11-02T10:01:00Z', { ...search, ...withItems([skuA]) }),
    ev('Q', 'Q1', 'add_to_cart', '2026-11-02T10:02:00Z', { ...search, ...withItems([{ ...skuA, price: 100, quantity: 2 }]) }),
    ev('Q', 'Q1', 'purchase', '2026-11-02T10:05:00Z', { ...search, ...order('T4', 200, 'CNY', [{ ...skuA, price: 100, quantity: 2 }]) }),
    ev('Q', 'Q1', 'purchase', '2026-11-02T10:06:00Z', { ...search, ...order('T4', 200, 'CNY', [{ ...skuA, price: 100, quantity: 2 }]) }),
    ev('Q', 'Q2', 'refund', '2026-11-04T12:00:00Z', order('T4', 50, 'CNY')),
    ev('Q', 'Q3', 'page_view', '2026-11-10T12:00:00Z'),
    ev('Q', 'Q4', 'purchase', '2026-11-17T12:00:00Z', order('T5', 80, 'USD', [{ item_id: 'SKU-B', price: 80 }])),
    ev('R', 'R1', 'page_view', '2026-11-03T12:00:00Z'),
    ev('R', 'R2', 'purchase', '2026-11-04T12:00:00Z', order('T6', 40, 'USD', [{ item_id: 'SKU-B', item_name: 'Tea', price: 40 }])),
    ev('R', 'R3', 'purchase', '2026-11-11T12:00:00Z', order('T7', 60, 'USD', [{ item_id: 'SKU-B', price: 30, quantity: 2 }])),
    ev('U', 'U1', 'page_view', '2026-11-04T12:00:00Z'),
    ev('U', 'U1', 'purchase', '2026-11-05T12:00:00Z', order('T9', 10, 'CNY')),
    ev('U', 'U2', 'purchase', '2026-11-06T12:00:00Z', order('T10', 20, 'CNY')),
    ev('S', 'S1', 'page_view', '2026-11-09T12:00:00Z'),
    ev('S', 'S1', 'view_item', '2026-11-09T12:01:00Z', withItems([{ item_id: 'SKU-B' }])),
    ev('S', 'S2', 'purchase', '2026-11-10T12:00:00Z', order(null, 25, null, [{ item_id: 'SKU-B', price: 25 }])),
    ev('S', 'S3', 'page_view', '2026-11-16T12:00:00Z'),
    ev('D', 'D1', 'page_view', '2026-11-02T12:00:00Z', { is_bot: true }),
    ev('D', 'D1', 'purchase', '2026-11-03T12:00:00Z', { is_bot: true, ...order('T99', 999, 'CNY', [{ item_id: 'SKU-A', price: 999 }]) }),
    ev('P', 'X1', 'purchase', '2026-11-04T12:00:00Z', { site: 'other', ...order('T98', 77, 'CNY', [{ item_id: 'SKU-A', price: 77 }]) }),
  ];
}

const scope = (filters: ReportFilter[] = []) => ({ site: SITE, from: FROM, to: TO, tz: 'UTC', currency: 'CNY', filters });
/** Weekly retention over 3 periods: activity is read to the end of week 3 of the last cohort (2026-11-09 + 4 weeks). */
const retentionQuery = (over: Partial<RetentionQuery> = {}): RetentionQuery => ({
  ...scope(), cohort: 'first_visit', period: 'week', returnEvent: 'any', periods: 3, activityTo: new Date('2026-12-07T00:00:00Z'), ...over,
});
const commerceQuery = (over: Partial<CommerceQuery> = {}): CommerceQuery => ({
  ...scope(), period: 'week', periods: 2, activityTo: new Date('2026-11-30T00:00:00Z'), limit: 10, ...over,
});

/** Runs the retention and commerce contract against a store from `open()`. */
export function describeRetentionCommerceContract(name: string, open: () => Promise<EventStore>): void {
  describe(`${name} retention and commerce contract`, () => {
    let store: EventStore;
    const generated = generatedDataset();
    beforeAll(async () => {
      store = await open();
      await store.write(retentionCommerceDataset(), []);
      await store.write(generated, []);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('counts first-visit cohorts by ISO week and the visitors who come back in later weeks', async () => {
      expect(await store.retention(retentionQuery())).toEqual({
        // P's first visit was in October: P is in no cohort. The bot never counts.
        cohorts: [{ cohort: W1, size: 3 }, { cohort: W2, size: 1 }],
        // Q and R come back in week 1, Q again in week 2 (after the range: returns are read to activityTo).
        returns: [{ cohort: W1, period: 1, visitors: 2 }, { cohort: W1, period: 2, visitors: 1 }, { cohort: W2, period: 1, visitors: 1 }],
      });
    });

    it('counts first-purchase cohorts and purchases as the return event', async () => {
      expect(await store.retention(retentionQuery({ cohort: 'first_purchase', returnEvent: 'purchase' }))).toEqual({
        cohorts: [{ cohort: W1, size: 4 }, { cohort: W2, size: 1 }],
        returns: [{ cohort: W1, period: 1, visitors: 2 }, { cohort: W1, period: 2, visitors: 1 }],
      });
      // Only the periods asked for; S's own visit on 11-16 is not a purchase.
      expect((await store.retention(retentionQuery({ cohort: 'first_purchase', returnEvent: 'purchase', periods: 1 }))).returns).toEqual([
        { cohort: W1, period: 1, visitors: 2 },
      ]);
    });

    it('lets filters pick the cohort, and counts returns in any session', async () => {
      // Q's first session came from search; Q's return visit on 11-10 was direct, and counts.
      expect(await store.retention(retentionQuery({ filters: [{ dimension: 'channel', values: ['search'] }] }))).toEqual({
        cohorts: [{ cohort: W1, size: 1 }],
        returns: [{ cohort: W1, period: 1, visitors: 1 }, { cohort: W1, period: 2, visitors: 1 }],
      });
    });

    it('counts daily cohorts in the time zone and months from the 1st', async () => {
      const days = await store.retention(retentionQuery({ period: 'day', periods: 7, activityTo: new Date('2026-11-23T00:00:00Z') }));
      expect(days.cohorts).toEqual([
        { cohort: '2026-11-02', size: 1 }, { cohort: '2026-11-03', size: 1 }, { cohort: '2026-11-04', size: 1 }, { cohort: '2026-11-09', size: 1 },
      ]);
      // Q's refund on day 2 is activity too; R buys on day 1; U on days 1 and 2; S buys on day 1 and visits on day 7.
      expect(days.returns).toEqual([
        { cohort: '2026-11-02', period: 2, visitors: 1 }, { cohort: '2026-11-03', period: 1, visitors: 1 }, { cohort: '2026-11-04', period: 1, visitors: 1 },
        { cohort: '2026-11-04', period: 2, visitors: 1 }, { cohort: '2026-11-09', period: 1, visitors: 1 }, { cohort: '2026-11-09', period: 7, visitors: 1 },
      ]);
      const months = await store.retention(retentionQuery({ period: 'month', periods: 1, activityTo: new Date('2027-01-01T00:00:00Z') }));
      expect(months).toEqual({ cohorts: [{ cohort: '2026-11-01', size: 4 }], returns: [] });
    });

    it('segments customers by recency and frequency, with net revenue per currency', async () => {
      const data = await store.commerce(commerceQuery());
      expect(data.segments).toEqual([
        { segment: 'champions', customers: 1, orders: 3, repeat_customers: 1 },
        { segment: 'loyal', customers: 1, orders: 2, repeat_customers: 1 },
        { segment: 'new', customers: 1, orders: 1, repeat_customers: 0 },
        { segment: 'at_risk', customers: 1, orders: 2, repeat_customers: 1 },
        { segment: 'hibernating', customers: 1, orders: 1, repeat_customers: 0 },
      ]);
      // T2 refunded without a value is worth nothing; T4 less its partial refund is 150.
      expect(data.segmentMoney).toEqual([
        { segment: 'champions', currency: 'CNY', net: 130 },
        { segment: 'loyal', currency: 'USD', net: 100 },
        { segment: 'new', currency: 'CNY', net: 25 },
        { segment: 'at_risk', currency: 'CNY', net: 30 },
        { segment: 'hibernating', currency: 'CNY', net: 150 },
      ]);
      expect(data.gaps).toEqual([D, 2 * D, 7 * D, 7 * D]);
    });

    it('sums LTV by acquisition week and period after it, per currency', async () => {
      const data = await store.commerce(commerceQuery());
      expect(data.ltvCohorts).toEqual([{ cohort: W1, size: 3 }, { cohort: W2, size: 1 }]);
      expect(data.ltvMoney).toEqual([
        { cohort: W1, period: 0, currency: 'CNY', net: 180 },
        { cohort: W1, period: 0, currency: 'USD', net: 40 },
        { cohort: W1, period: 1, currency: 'USD', net: 60 },
        { cohort: W1, period: 2, currency: 'USD', net: 80 },
        { cohort: W2, period: 0, currency: 'CNY', net: 25 },
      ]);
    });

    it('follows each product from view to cart to order, with units and net revenue', async () => {
      const data = await store.commerce(commerceQuery());
      expect(data.products).toEqual([
        { item_id: 'SKU-A', item_name: '围巾', view_visitors: 1, cart_visitors: 1, purchase_visitors: 2, units: 3 },
        { item_id: 'SKU-B', item_name: 'Tea', view_visitors: 1, cart_visitors: 0, purchase_visitors: 2, units: 4 },
        { item_id: 'SKU-C', item_name: '', view_visitors: 0, cart_visitors: 0, purchase_visitors: 1, units: 1 },
      ]);
      // SKU-A: 200 × 150/200 (T4's refund) + 100; SKU-C's order was refunded whole.
      expect(data.productMoney).toEqual([
        { item_id: 'SKU-A', currency: 'CNY', net: 250 },
        { item_id: 'SKU-B', currency: 'CNY', net: 25 },
        { item_id: 'SKU-B', currency: 'USD', net: 100 },
        { item_id: 'SKU-C', currency: 'CNY', net: 0 },
      ]);
      expect((await store.commerce(commerceQuery({ limit: 1 }))).products.map((p) => p.item_id)).toEqual(['SKU-A']);
    });

    it('applies filters to orders, customers and products', async () => {
      const data = await store.commerce(commerceQuery({ filters: [{ dimension: 'device', values: ['mobile'] }] }));
      expect(data.segments).toEqual([{ segment: 'hibernating', customers: 1, orders: 1, repeat_customers: 0 }]);
      expect(data.products).toEqual([{ item_id: 'SKU-A', item_name: '围巾', view_visitors: 1, cart_visitors: 1, purchase_visitors: 1, units: 2 }]);
      expect(data.productMoney).toEqual([{ item_id: 'SKU-A', currency: 'CNY', net: 150 }]);
      expect(data.ltvCohorts).toEqual([{ cohort: W1, size: 1 }]);
      expect(data.gaps).toEqual([]);
    });

    it('answers unknown sites with nothing', async () => {
      expect(await store.retention(retentionQuery({ site: 'nope' }))).toEqual({ cohorts: [], returns: [] });
      expect(await store.commerce(commerceQuery({ site: 'nope' }))).toEqual({
        segments: [], segmentMoney: [], gaps: [], ltvCohorts: [], ltvMoney: [], products: [], productMoney: [],
      });
    });

    // The generated events (site `gen`) against the reference in retention-commerce.oracle.ts.
    const gen = { site: 'gen', from: new Date('2026-10-26T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), currency: 'CNY', filters: [] as ReportFilter[] };
    const retentionCases: [string, Partial<RetentionQuery>][] = [
      ['daily first visits in Shanghai', { tz: 'Asia/Shanghai', period: 'day', periods: 10 }],
      ['daily first visits in New York across DST', { tz: 'America/New_York', period: 'day', periods: 14 }],
      ['weekly first purchases, purchases returning', { tz: 'UTC', period: 'week', cohort: 'first_purchase', returnEvent: 'purchase' }],
      ['monthly first visits', { tz: 'Asia/Shanghai', period: 'month', periods: 2 }],
      ['first visits from search or social', { tz: 'UTC', period: 'day', filters: [{ dimension: 'channel', values: ['search', 'social'] }] }],
      ['first purchases of SKU-2 on mobile', { tz: 'UTC', period: 'week', cohort: 'first_purchase', filters: [{ dimension: 'product', values: ['SKU-2'] }, { dimension: 'device', values: ['mobile'] }] }],
    ];
    for (const [title, over] of retentionCases) {
      it(`matches the reference retention on the generated events: ${title}`, async () => {
        const query: RetentionQuery = { ...gen, tz: 'UTC', cohort: 'first_visit', period: 'day', returnEvent: 'any', periods: 8, activityTo: new Date('2026-11-30T00:00:00Z'), ...over };
        const expected = expectedRetention(generated, query);
        expect(expected.cohorts.length).toBeGreaterThan(0);
        expect(await store.retention(query)).toEqual(expected);
      });
    }
    const commerceCases: [string, Partial<CommerceQuery>][] = [
      ['weekly cohorts in UTC', { tz: 'UTC', period: 'week' }],
      ['monthly cohorts in Shanghai, top 1 product', { tz: 'Asia/Shanghai', period: 'month', periods: 1, limit: 1 }],
      ['sessions from search', { tz: 'America/New_York', period: 'week', filters: [{ dimension: 'channel', values: ['search'] }] }],
      ['sessions with SKU-1', { tz: 'UTC', period: 'week', filters: [{ dimension: 'product', values: ['SKU-1'] }] }],
    ];
    for (const [title, over] of commerceCases) {
      it(`matches the reference commerce report on the generated events: ${title}`, async () => {
        const query: CommerceQuery = { ...gen, tz: 'UTC', period: 'week', periods: 3, activityTo: new Date('2026-11-30T00:00:00Z'), limit: 10, ...over };
        const expected = expectedCommerce(generated, query);
        expect(expected.segments.length).toBeGreaterThan(0);
        expect(expected.products.length).toBeGreaterThan(0);
        expect(await store.commerce(query)).toEqual(expected);
      });
    }
  });
}
