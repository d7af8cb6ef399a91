import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BreakdownQuery, EventRow, EventStore, ReportFilter, TrendsQuery } from './event-store.js';
import { expectedBreakdown, expectedTrends, generatedDataset } from './reports.oracle.js';

/**
 * The report definitions of docs/metrics.md as a contract: one small, hand-computed data
 * set, the exact numbers it must give, run on each store. The same inputs give the same
 * answers on DuckDB and ClickHouse because both must give these.
 *
 * The data, in Asia/Shanghai (UTC+8) and the range 2026-11-02..2026-11-03 local, that is
 * [2026-11-01T16:00Z, 2026-11-03T16:00Z):
 *
 * | session | visitor | events (UTC)                                                        | channel / device   |
 * |---------|---------|---------------------------------------------------------------------|--------------------|
 * | A0      | A       | page_view 2026-10-20 (before the range: A is returning)             | direct / desktop   |
 * | A1      | A       | 11-02 01:00 page_view `/` · view_item · add_to_cart · 01:05 purchase T1 100 CNY | search / desktop (referrer www.baidu.com) |
 * | B1      | B       | 11-01 16:30 page_view `/blog/a` (local 11-02 00:30: a bounce)       | social / mobile    |
 * | B2      | B       | 11-03 15:30 page_view `/`, 15:31 page_view `/blog/b` (local 23:30)  | social / mobile    |
 * | C1      | C       | 11-03 02:00 page_view `/`, 02:10 purchase T2 50 USD (sent twice, 02:11) | search / mobile |
 * | A2      | A       | 11-03 04:00 refund T1 30 CNY                                        | direct / desktop   |
 * | F1      | F       | 11-03 06:00 page_view `/p`, 06:01 content_click hero, 06:02 purchase 20 (no currency, no id) | direct / tablet |
 * | E*      | E       | 11-01 15:59 and 11-03 16:00: just outside the range                 | direct / desktop   |
 * | D*      | D (bot) | page_view and a 999 CNY purchase in range: never counted            | search             |
 * | X*      | A       | another site's page_view in range: never counted                    |                    |
 */
const SITE = 'shop';
const TZ = 'Asia/Shanghai';
const FROM = new Date('2026-11-01T16:00:00Z');
const TO = new Date('2026-11-03T16:00:00Z');
const DAY1 = '2026-11-02';
const DAY2 = '2026-11-03';

let seq = 0;
function ev(visitor: string, session: string, name: string, at: string, over: Partial<EventRow> = {}): EventRow {
  const ts = new Date(at);
  return {
    site: SITE, event_id: `e${String(++seq).padStart(4, '0')}`, name, ts, client_ts: ts, received_at: ts,
    visitor_id: visitor, session_id: session, user_id: null, url: `https://shop.example${over.path ?? '/'}`, host: 'shop.example',
    path: '/', title: null, referrer: null, referrer_host: null, channel: 'direct', source: null,
    utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, is_bot: false,
    browser: 'Chrome', os: 'Windows', device_type: 'desktop', country: 'CN', transaction_id: null, value: null,
    currency: null, props: '{}', ...over,
  };
}

/** The data set described above. */
export function reportDataset(): EventRow[] {
  seq = 0;
  const search = { channel: 'search' as const, source: 'Baidu' };
  const social = { channel: 'social' as const, source: 'WeChat', device_type: 'mobile', os: 'iOS', browser: 'WeChat' };
  const mobile = { device_type: 'mobile', os: 'Android', browser: 'Chrome' };
  const purchase = (tx: string | null, value: number, currency: string | null, props: object = {}) => ({
    transaction_id: tx, value, currency, props: JSON.stringify({ ...(tx ? { transaction_id: tx } : {}), value, ...(currency ? { currency } : {}), ...props }),
  });
  return [
    ev('A', 'A0', 'page_view', '2026-10-20T01:00:00Z'),
    ev('A', 'A1', 'page_view', '2026-11-02T01:00:00Z', { ...search, referrer_host: 'www.baidu.com', utm_campaign: 'double11' }),
    ev('A', 'A1', 'view_item', '2026-11-02T01:01:00Z', { ...search, referrer_host: 'www.baidu.com', utm_campaign: 'double11' }),
    ev('A', 'A1', 'add_to_cart', '2026-11-02T01:02:00Z', { ...search, referrer_host: 'www.baidu.com', utm_campaign: 'double11' }),
    ev('A', 'A1', 'purchase', '2026-11-02T01:05:00Z', { ...search, referrer_host: 'www.baidu.com', utm_campaign: 'double11', ...purchase('T1', 100, 'CNY') }),
    ev('B', 'B1', 'page_view', '2026-11-01T16:30:00Z', { ...social, path: '/blog/a' }),
    ev('B', 'B2', 'page_view', '2026-11-03T15:30:00Z', { ...social }),
    ev('B', 'B2', 'page_view', '2026-11-03T15:31:00Z', { ...social, path: '/blog/b' }),
    ev('C', 'C1', 'page_view', '2026-11-03T02:00:00Z', { ...search, ...mobile }),
    ev('C', 'C1', 'purchase', '2026-11-03T02:10:00Z', { ...search, ...mobile, ...purchase('T2', 50, 'USD', { items: [{ item_id: 'SKU-1', item_name: '丝绸围巾' }] }) }),
    ev('C', 'C1', 'purchase', '2026-11-03T02:11:00Z', { ...search, ...mobile, ...purchase('T2', 50, 'USD', { items: [{ item_id: 'SKU-1', item_name: '丝绸围巾' }] }) }),
    ev('A', 'A2', 'refund', '2026-11-03T04:00:00Z', { ...purchase('T1', 30, 'CNY') }),
    ev('F', 'F1', 'page_view', '2026-11-03T06:00:00Z', { path: '/p', device_type: 'tablet', os: 'iPadOS', browser: 'Safari' }),
    ev('F', 'F1', 'content_click', '2026-11-03T06:01:00Z', { path: '/p', device_type: 'tablet', os: 'iPadOS', browser: 'Safari', props: JSON.stringify({ content_name: 'hero', content_piece: 'banner' }) }),
    ev('F', 'F1', 'purchase', '2026-11-03T06:02:00Z', { path: '/p', device_type: 'tablet', os: 'iPadOS', browser: 'Safari', ...purchase(null, 20, null) }),
    ev('E', 'E1', 'page_view', '2026-11-01T15:59:00Z'),
    ev('E', 'E2', 'page_view', '2026-11-03T16:00:00Z'),
    ev('D', 'D1', 'page_view', '2026-11-02T03:00:00Z', { ...search, is_bot: true }),
    ev('D', 'D1', 'purchase', '2026-11-02T03:01:00Z', { ...search, is_bot: true, ...purchase('T9', 999, 'CNY') }),
    ev('A', 'X1', 'page_view', '2026-11-02T05:00:00Z', { site: 'other' }),
  ];
}

const scope = (filters: ReportFilter[] = []) => ({ site: SITE, from: FROM, to: TO, tz: TZ, currency: 'CNY', filters });
const trendsQuery = (over: Partial<TrendsQuery> = {}): TrendsQuery => ({ ...scope(), interval: 'day', activeUsers: false, ...over });
const breakdownQuery = (over: Partial<BreakdownQuery> = {}): BreakdownQuery => ({ ...scope(), dimension: 'channel', limit: 10, ...over });
const counts = (bucket: string, c: Partial<Record<string, number>>) => ({
  bucket, visitors: 0, new_visitors: 0, pageviews: 0, sessions: 0, bounces: 0, duration_ms: 0, session_pageviews: 0, converted_sessions: 0, ...c,
});

/** Runs the reports contract against a store from `open()`, written once with {@link reportDataset}. */
export function describeReportsContract(name: string, open: () => Promise<EventStore>): void {
  describe(`${name} reports contract`, () => {
    let store: EventStore;
    beforeAll(async () => {
      store = await open();
      await store.write(reportDataset(), []);
      await store.write(generated, []);
    });
    afterAll(async () => {
      await store?.close();
    });

    it('counts visitors, sessions, bounces and new visitors per local day and in total', async () => {
      const data = await store.trends(trendsQuery());
      expect(data.series).toEqual([
        counts(DAY1, { visitors: 2, new_visitors: 1, pageviews: 2, sessions: 2, bounces: 1, duration_ms: 300_000, session_pageviews: 2, converted_sessions: 1 }),
        counts(DAY2, { visitors: 4, new_visitors: 2, pageviews: 4, sessions: 4, bounces: 0, duration_ms: 840_000, session_pageviews: 4, converted_sessions: 2 }),
      ]);
      expect(data.total).toEqual(
        counts('total', { visitors: 4, new_visitors: 3, pageviews: 6, sessions: 6, bounces: 1, duration_ms: 1_140_000, session_pageviews: 6, converted_sessions: 3 }),
      );
      expect(data.active).toEqual([]);
    });

    it('counts orders once per transaction, per currency, and refunds when they happen', async () => {
      const { money } = await store.trends(trendsQuery());
      expect(money).toEqual([
        { bucket: DAY1, currency: 'CNY', orders: 1, gross: 100, refunds: 0 },
        { bucket: DAY2, currency: 'CNY', orders: 1, gross: 20, refunds: 30 },
        { bucket: DAY2, currency: 'USD', orders: 1, gross: 50, refunds: 0 },
        { bucket: 'total', currency: 'CNY', orders: 2, gross: 120, refunds: 30 },
        { bucket: 'total', currency: 'USD', orders: 1, gross: 50, refunds: 0 },
      ]);
    });

    it('buckets by the time zone: in UTC the bounce of B falls on 1 November', async () => {
      const data = await store.trends(trendsQuery({ tz: 'UTC' }));
      expect(data.series.map((c) => [c.bucket, c.visitors, c.sessions, c.bounces])).toEqual([
        ['2026-11-01', 1, 1, 1],
        ['2026-11-02', 1, 1, 0],
        ['2026-11-03', 4, 4, 0],
      ]);
    });

    it('buckets weeks from Monday and months from the 1st', async () => {
      const weeks = await store.trends(trendsQuery({ interval: 'week' }));
      expect(weeks.series.map((c) => [c.bucket, c.visitors, c.new_visitors])).toEqual([['2026-11-02', 4, 3]]);
      const months = await store.trends(trendsQuery({ interval: 'month' }));
      expect(months.series.map((c) => [c.bucket, c.visitors, c.sessions])).toEqual([['2026-11-01', 4, 6]]);
    });

    it('counts daily, weekly and monthly active visitors over trailing local days', async () => {
      const { active } = await store.trends(trendsQuery({ activeUsers: true }));
      // E was active on 1 November (local), inside the trailing windows but not the range.
      expect(active).toEqual([
        { day: DAY1, dau: 2, wau: 3, mau: 3 },
        { day: DAY2, dau: 4, wau: 5, mau: 5 },
      ]);
    });

    it('computes only the count sets asked for, each the same as in a full answer, and money always', async () => {
      for (const filters of [[], [{ dimension: 'device', values: ['mobile'] }]] as ReportFilter[][]) {
        const full = await store.trends(trendsQuery({ filters }));
        const only = (data: typeof full, fields: (keyof typeof full.total)[]) =>
          [...data.series, data.total].map((c) => Object.fromEntries(['bucket', ...fields].map((f) => [f, c[f as keyof typeof c]])));
        const none = await store.trends(trendsQuery({ filters, counts: [] }));
        expect(none.money).toEqual(full.money);
        expect(none.total).toEqual(counts('total', {}));
        const events = await store.trends(trendsQuery({ filters, counts: ['events'] }));
        expect(only(events, ['visitors', 'pageviews'])).toEqual(only(full, ['visitors', 'pageviews']));
        expect(events.total.sessions).toBe(0);
        const sessions = await store.trends(trendsQuery({ filters, counts: ['sessions'] }));
        const sessionFields = ['sessions', 'bounces', 'duration_ms', 'session_pageviews', 'converted_sessions'] as const;
        expect(only(sessions, [...sessionFields])).toEqual(only(full, [...sessionFields]));
        expect(sessions.total.visitors).toBe(0);
        const fresh = await store.trends(trendsQuery({ filters, counts: ['newVisitors'] }));
        expect(fresh.total.new_visitors).toBe(full.total.new_visitors);
        expect(fresh.series.map((c) => [c.bucket, c.new_visitors])).toEqual(full.series.filter((c) => c.new_visitors > 0).map((c) => [c.bucket, c.new_visitors]));
      }
    });

    it('filters to the sessions with a matching event', async () => {
      const total = async (filters: ReportFilter[]) => {
        const data = await store.trends(trendsQuery({ filters }));
        return { ...data.total, money: data.money.filter((m) => m.bucket === 'total') };
      };
      expect(await total([{ dimension: 'device', values: ['mobile'] }])).toMatchObject({
        visitors: 2, sessions: 3, pageviews: 4, money: [{ currency: 'USD', orders: 1, gross: 50, refunds: 0 }],
      });
      expect(await total([{ dimension: 'path', values: ['/blog/*'] }])).toMatchObject({ visitors: 1, sessions: 2, pageviews: 3, bounces: 1, money: [] });
      expect(await total([{ dimension: 'path', values: ['/blog'] }])).toMatchObject({ visitors: 0, sessions: 0 });
      expect(await total([{ dimension: 'product', values: ['SKU-1'] }])).toMatchObject({ visitors: 1, sessions: 1, converted_sessions: 1 });
      expect(await total([{ dimension: 'product', values: ['丝绸围巾'] }])).toMatchObject({ visitors: 1, sessions: 1 });
      expect(await total([{ dimension: 'content', values: ['hero'] }])).toMatchObject({
        visitors: 1, sessions: 1, money: [{ currency: 'CNY', orders: 1, gross: 20, refunds: 0 }],
      });
      expect(await total([{ dimension: 'channel', values: ['social', 'direct'] }])).toMatchObject({
        visitors: 3, sessions: 4, new_visitors: 2, money: [{ currency: 'CNY', orders: 1, gross: 20, refunds: 30 }],
      });
      expect(await total([{ dimension: 'channel', values: ['search'] }, { dimension: 'device', values: ['mobile'] }])).toMatchObject({ visitors: 1, sessions: 1 });
      expect(await total([{ dimension: 'referrer', values: ['www.baidu.com'] }])).toMatchObject({ visitors: 1, sessions: 1 });
      expect(await total([{ dimension: 'utm_campaign', values: ['double11'] }])).toMatchObject({ visitors: 1, sessions: 1 });
      expect(await total([{ dimension: 'country', values: ['JP'] }])).toMatchObject({ visitors: 0, sessions: 0, money: [] });
      expect(await total([{ dimension: 'source', values: ["x' OR '1'='1"] }])).toMatchObject({ visitors: 0 });
    });

    it('breaks down by the channel of each session, with net revenue per currency', async () => {
      expect(await store.breakdown(breakdownQuery())).toEqual([
        { key: 'direct', visitors: 2, sessions: 2, converted_sessions: 1, money: [{ currency: 'CNY', orders: 1, net: 20 }] },
        { key: 'search', visitors: 2, sessions: 2, converted_sessions: 2, money: [{ currency: 'CNY', orders: 1, net: 70 }, { currency: 'USD', orders: 1, net: 50 }] },
        { key: 'social', visitors: 1, sessions: 2, converted_sessions: 0, money: [] },
      ]);
      expect((await store.breakdown(breakdownQuery({ limit: 1 }))).map((r) => r.key)).toEqual(['direct']);
    });

    it('breaks down by page, entry page, referrer and device', async () => {
      const keys = async (dimension: BreakdownQuery['dimension']) =>
        (await store.breakdown(breakdownQuery({ dimension }))).map((r) => [r.key, r.visitors, r.sessions, r.converted_sessions]);
      expect(await keys('page')).toEqual([['/', 3, 3, 2], ['/blog/a', 1, 1, 0], ['/blog/b', 1, 1, 0], ['/p', 1, 1, 1]]);
      expect(await keys('entry_page')).toEqual([['/', 3, 3, 2], ['/blog/a', 1, 1, 0], ['/p', 1, 1, 1]]);
      expect(await keys('referrer')).toEqual([['', 4, 5, 2], ['www.baidu.com', 1, 1, 1]]);
      expect(await keys('device')).toEqual([['mobile', 2, 3, 1], ['desktop', 1, 2, 1], ['tablet', 1, 1, 1]]);
      expect(await keys('campaign')).toEqual([['', 4, 5, 2], ['double11', 1, 1, 1]]);
      const page = await store.breakdown(breakdownQuery({ dimension: 'page' }));
      expect(page[0]!.money).toEqual([{ currency: 'CNY', orders: 1, net: 70 }, { currency: 'USD', orders: 1, net: 50 }]);
    });

    // A few thousand generated events (site `gen`), checked against the plain-TypeScript
    // reading of docs/metrics.md in reports.oracle.ts: across midnights in several zones,
    // New York's DST end, tie-breaks within a millisecond, re-sent purchases and refunds.
    const generated = generatedDataset();
    const gen = { site: 'gen', from: new Date('2026-10-26T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), currency: 'CNY' };
    const cases: [string, Partial<TrendsQuery>][] = [
      ['by day in Shanghai', { tz: 'Asia/Shanghai', interval: 'day', activeUsers: true }],
      ['by day in New York across DST', { tz: 'America/New_York', interval: 'day', activeUsers: true }],
      ['by week in UTC', { tz: 'UTC', interval: 'week' }],
      ['by month in Shanghai', { tz: 'Asia/Shanghai', interval: 'month' }],
      ['filtered to search or social', { tz: 'Asia/Shanghai', interval: 'day', filters: [{ dimension: 'channel', values: ['search', 'social'] }] }],
      ['filtered to blog readers on mobile', { tz: 'Asia/Shanghai', interval: 'day', activeUsers: true, filters: [{ dimension: 'path', values: ['/blog/*'] }, { dimension: 'device', values: ['mobile'] }] }],
      ['filtered by product and content', { tz: 'UTC', interval: 'week', filters: [{ dimension: 'product', values: ['SKU-2'] }] }],
      ['filtered by content', { tz: 'UTC', interval: 'day', filters: [{ dimension: 'content', values: ['hero'] }] }],
    ];
    it('generates a data set that exercises every count (a guard on the reference itself)', () => {
      const data = expectedTrends(generated, { ...gen, tz: 'Asia/Shanghai', filters: [], interval: 'day', activeUsers: true });
      expect(data.series).toHaveLength(12);
      expect(data.total.visitors).toBeGreaterThan(100);
      expect(data.total.new_visitors).toBeLessThan(data.total.visitors);
      expect(data.total.bounces).toBeGreaterThan(0);
      expect(data.total.converted_sessions).toBeGreaterThan(10);
      expect(new Set(data.money.map((m) => m.currency))).toEqual(new Set(['CNY', 'USD']));
      expect(data.money.some((m) => m.refunds > 0)).toBe(true);
      expect(data.active.some((d) => d.mau > d.wau && d.wau > d.dau)).toBe(true);
      expect(generated.some((r) => r.is_bot && r.site === 'gen')).toBe(true);
    });

    for (const [title, over] of cases) {
      it(`matches the reference trends on ${generated.length} generated events, ${title}`, async () => {
        const query: TrendsQuery = { ...gen, tz: 'UTC', filters: [], interval: 'day', activeUsers: false, ...over };
        expect(await store.trends(query)).toEqual(expectedTrends(generated, query));
      });
    }
    for (const dimension of ['channel', 'page', 'entry_page', 'referrer', 'campaign', 'device', 'browser', 'country'] as const) {
      it(`matches the reference breakdown by ${dimension} on the generated events`, async () => {
        const query: BreakdownQuery = { ...gen, tz: 'Asia/Shanghai', filters: [], dimension, limit: 5 };
        const expected = expectedBreakdown(generated, query);
        expect(expected.length).toBeGreaterThan(1);
        expect(await store.breakdown(query)).toEqual(expected);
      });
    }

    it('answers empty ranges and unknown sites with zeros', async () => {
      const data = await store.trends(trendsQuery({ site: 'nope', activeUsers: true }));
      expect(data).toEqual({ series: [], total: counts('total', {}), money: [], active: [] });
      expect(await store.breakdown(breakdownQuery({ site: 'nope' }))).toEqual([]);
    });
  });
}
