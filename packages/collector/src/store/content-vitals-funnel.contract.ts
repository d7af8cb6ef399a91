import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentVitalsDataset, expectedContent, expectedFunnel, expectedFunnelBreakdown, expectedVitals } from './content-vitals-funnel.oracle.js';
import type { ContentQuery, EventRow, EventStore, FunnelBreakdownQuery, FunnelCountQuery, ReportFilter, VitalsQuery } from './event-store.js';

/**
 * The content, web vitals and funnel definitions of docs/metrics.md as a contract: a small
 * hand-computed data set with its exact numbers, then the generated data set of
 * `content-vitals-funnel.oracle.ts` checked against the plain-TypeScript reference, on
 * each store. Both stores must give these numbers, so they give the same numbers.
 *
 * Hand data, site `hand`, UTC, range 2026-11-02..2026-11-03 (local = UTC):
 *
 * | visitor | session | events (2026-11-02 unless said)                                                         |
 * |---------|---------|------------------------------------------------------------------------------------------|
 * | V1      | V1a     | 10:00 impression hero/spring, LCP 2000 `/` · 10:01 click hero/spring · 10:02 read how-to 25 % (10 s), LCP 5000 `/p` · 10:03 read 50 % (30 s), CLS 0.1 `/` · 10:05 purchase T1 100 CNY |
 * | V1      | V1b     | 11-05 09:00 refund T1 30 CNY (after the range, inside the window: netted)                |
 * | V2      | V2a     | 11:00 impression hero/spring, LCP 3000 `/` · 11:01 impression hero/spring, INP 600 `/` · 11:05 read how-to 100 % (90 s) |
 * | V3      | V3a     | 12:00 click hero (no piece), LCP 4000 `/p` · 12:01 read how-to 25 % (5 s); junk vitals   |
 * | V3      | V3b     | 11-10 12:00 purchase T2 50 USD (8 days after the click)                                  |
 */
const FROM = new Date('2026-11-02T00:00:00Z');
const TO = new Date('2026-11-04T00:00:00Z');

let seq = 0;
function ev(visitor: string, session: string, name: string, at: string, props: object = {}, over: Partial<EventRow> = {}): EventRow {
  const ts = new Date(at.includes('T') ? at : `2026-11-02T${at}:00Z`);
  return {
    site: 'hand', event_id: `h${String(++seq).padStart(4, '0')}`, name, ts, client_ts: ts, received_at: ts,
    visitor_id: visitor, session_id: session, user_id: null, url: 'https://shop.example/', host: 'shop.example',
    path: '/', title: null, referrer: null, referrer_host: null, channel: 'direct', source: null,
    utm_source: null, utm_medium: null, utm_campaign: null, utm_term: null, utm_content: null, is_bot: false,
    browser: 'Chrome', os: 'Windows', device_type: 'desktop', country: 'CN', transaction_id: null, value: null,
    currency: null, props: JSON.stringify(props), ...over,
  };
}
const vital = (metric: string, value: unknown, path = '/') => [{ metric, value, rating: 'good', navigation_type: 'navigate' }, { path, value: 1 }] as const;
const buy = (tx: string, value: number, currency: string) => [{ transaction_id: tx, value, currency }, { transaction_id: tx, value, currency }] as const;

/** The hand data set described above, plus the funnel's (site `fun`, below). */
export function contentVitalsHandDataset(): EventRow[] {
  seq = 0;
  const hero = { content_name: 'hero', content_piece: 'spring' };
  return [
    ev('V1', 'V1a', 'content_impression', '10:00', hero),
    ev('V1', 'V1a', 'web_vital', '10:00', ...vital('LCP', 2000)),
    ev('V1', 'V1a', 'content_click', '10:01', hero),
    ev('V1', 'V1a', 'article_progress', '10:02', { article: 'how-to', depth: 25, read_ms: 10_000 }),
    ev('V1', 'V1a', 'web_vital', '10:02', ...vital('LCP', 5000, '/p')),
    ev('V1', 'V1a', 'article_progress', '10:03', { article: 'how-to', depth: 50, read_ms: 30_000 }),
    ev('V1', 'V1a', 'web_vital', '10:03', ...vital('CLS', 0.1)),
    ev('V1', 'V1a', 'purchase', '10:05', ...buy('T1', 100, 'CNY')),
    ev('V1', 'V1b', 'refund', '2026-11-05T09:00:00Z', ...buy('T1', 30, 'CNY')),
    ev('V2', 'V2a', 'content_impression', '11:00', hero),
    ev('V2', 'V2a', 'web_vital', '11:00', ...vital('LCP', 3000)),
    ev('V2', 'V2a', 'content_impression', '11:01', hero),
    ev('V2', 'V2a', 'web_vital', '11:01', ...vital('INP', 600)),
    ev('V2', 'V2a', 'article_progress', '11:05', { article: 'how-to', depth: 100, read_ms: 90_000 }),
    ev('V3', 'V3a', 'content_click', '12:00', { content_name: 'hero' }),
    ev('V3', 'V3a', 'web_vital', '12:00', ...vital('LCP', 4000, '/p')),
    ev('V3', 'V3a', 'article_progress', '12:01', { article: 'how-to', depth: 25, read_ms: 5000 }),
    ev('V3', 'V3a', 'web_vital', '12:02', ...vital('LCP', 'x')),
    ev('V3', 'V3a', 'web_vital', '12:02', ...vital('FID', 10)),
    ev('V3', 'V3b', 'purchase', '2026-11-10T12:00:00Z', ...buy('T2', 50, 'USD')),
    ...funnelHandDataset(),
  ];
}

/**
 * Funnel hand data, site `fun`, 2026-11-02 UTC: u1 `/blog/a` 10:00, `/` 10:01, add_to_cart X
 * 10:02, purchase 10:10 (desktop); u2 `/blog/b` 10:00, add_to_cart Y 10:01, purchase
 * 13:00 (mobile); u3 `/` 10:00, add_to_cart X 10:01 (mobile); u4 add_to_cart X 10:00,
 * `/blog/a` 10:01 (desktop).
 */
function funnelHandDataset(): EventRow[] {
  const f = (u: string, name: string, at: string, over: Partial<EventRow> = {}, props: object = {}) =>
    ev(u, `${u}-s`, name, at, props, { site: 'fun', device_type: u === 'u2' || u === 'u3' ? 'mobile' : 'desktop', ...over });
  const item = (id: string) => ({ items: [{ item_id: id }] });
  return [
    f('u1', 'page_view', '10:00', { path: '/blog/a' }), f('u1', 'page_view', '10:01'), f('u1', 'add_to_cart', '10:02', {}, item('X')), f('u1', 'purchase', '10:10'),
    f('u2', 'page_view', '10:00', { path: '/blog/b' }), f('u2', 'add_to_cart', '10:01', {}, item('Y')), f('u2', 'purchase', '13:00'),
    f('u3', 'page_view', '10:00'), f('u3', 'add_to_cart', '10:01', {}, item('X')),
    f('u4', 'add_to_cart', '10:00', {}, item('X')), f('u4', 'page_view', '10:01', { path: '/blog/a' }),
  ];
}

/** Runs the content, vitals and funnel contract against a store from `open()`. */
export function describeContentVitalsFunnelContract(name: string, open: () => Promise<EventStore>): void {
  describe(`${name} content, vitals and funnel contract`, () => {
    let store: EventStore;
    const generated = contentVitalsDataset();
    beforeAll(async () => {
      store = await open();
      await store.write(contentVitalsHandDataset(), []);
      await store.write(generated, []);
    });
    afterAll(async () => {
      await store?.close();
    });

    const scope = { site: 'hand', from: FROM, to: TO, tz: 'UTC', currency: 'CNY', filters: [] as ReportFilter[] };
    const content = (over: Partial<ContentQuery> = {}) => store.content({ ...scope, windowDays: 7, ...over });
    const vitals = (over: Partial<VitalsQuery> = {}) => store.vitals({ ...scope, interval: 'day', pages: 10, ...over });

    it('counts impressions and clicks as events and distinct visitors per content name and piece', async () => {
      expect((await content()).items).toEqual([
        { name: 'hero', piece: '', impressions: 0, clicks: 1, impression_visitors: 0, click_visitors: 1 },
        { name: 'hero', piece: 'spring', impressions: 3, clicks: 1, impression_visitors: 2, click_visitors: 1 },
      ]);
    });

    it('counts readers per depth and the median of their longest read', async () => {
      expect((await content()).articles).toEqual([{ article: 'how-to', readers: 3, reached: [3, 2, 1, 1], median_read_ms: 30_000 }]);
    });

    it('credits orders placed within the window after a click or read, net of refunds', async () => {
      expect((await content()).assists).toEqual([
        { kind: 'article', name: 'how-to', piece: '', visitors: 1, money: [{ currency: 'CNY', orders: 1, net: 70 }] },
        { kind: 'content', name: 'hero', piece: 'spring', visitors: 1, money: [{ currency: 'CNY', orders: 1, net: 70 }] },
      ]);
      expect((await content({ windowDays: 10 })).assists).toEqual([
        { kind: 'article', name: 'how-to', piece: '', visitors: 2, money: [{ currency: 'CNY', orders: 1, net: 70 }, { currency: 'USD', orders: 1, net: 50 }] },
        { kind: 'content', name: 'hero', piece: '', visitors: 1, money: [{ currency: 'USD', orders: 1, net: 50 }] },
        { kind: 'content', name: 'hero', piece: 'spring', visitors: 1, money: [{ currency: 'CNY', orders: 1, net: 70 }] },
      ]);
    });

    it('restricts content to the filtered sessions', async () => {
      const data = await content({ filters: [{ dimension: 'content', values: ['hero'] }] });
      expect(data.items.map((i) => [i.piece, i.impressions])).toEqual([['', 0], ['spring', 3]]);
      expect((await content({ filters: [{ dimension: 'path', values: ['/nowhere'] }] }))).toEqual({ items: [], articles: [], assists: [] });
    });

    it('computes nearest-rank p75 and ratings from the values in props, per metric, page and day', async () => {
      const data = await vitals();
      const row = (group: string, metric: string, samples: number, good: number, ni: number, poor: number, p75: number) =>
        ({ group, metric, samples, good, needs_improvement: ni, poor, p75 });
      expect(data.overall).toEqual([row('total', 'LCP', 4, 1, 2, 1, 4000), row('total', 'INP', 1, 0, 0, 1, 600), row('total', 'CLS', 1, 1, 0, 0, 0.1)]);
      expect(data.pages).toEqual([row('/', 'LCP', 2, 1, 1, 0, 3000), row('/', 'INP', 1, 0, 0, 1, 600), row('/', 'CLS', 1, 1, 0, 0, 0.1), row('/p', 'LCP', 2, 0, 1, 1, 5000)]);
      expect((await vitals({ pages: 1 })).pages.map((r) => r.group)).toEqual(['/', '/', '/']);
      expect(data.series).toEqual(data.overall.map((r) => ({ ...r, group: '2026-11-02' })));
    });

    it("rates each session by its first LCP and counts the sessions that purchased", async () => {
      expect((await vitals()).lcp).toEqual([
        { rating: 'good', sessions: 1, converted_sessions: 1 },
        { rating: 'needs-improvement', sessions: 2, converted_sessions: 0 },
      ]);
      expect(await vitals({ site: 'nope' })).toEqual({ overall: [], pages: [], series: [], lcp: [] });
    });

    it('breaks a tie on the first LCP time by event_id, and never lets event_id beat time', async () => {
      // A session whose two first LCP samples share a millisecond: the smaller event_id (poor)
      // is the first, whatever order they are stored in; a later sample never is, even with a
      // smaller event_id. (DuckDB decides ties apart from the common case: see its vitals query.)
      const tie = (session: string, id: string, at: string, value: number, name = 'web_vital') =>
        ({ ...ev('T', session, name, at, ...(name === 'web_vital' ? vital('LCP', value) : buy(`${session}-tx`, value, 'CNY'))), site: 'tie', event_id: id });
      await store.write([
        tie('T1', 'tie-b', '10:00', 1000), tie('T1', 'tie-a', '10:00', 5000), tie('T1', 'tie-0', '10:01', 3000), tie('T1', 'tie-p', '10:02', 10, 'purchase'),
        tie('T2', 'tie-d', '10:00', 3000), tie('T2', 'tie-1', '10:01', 1000),
        tie('T3', 'tie-f', '10:00', 1000), tie('T3', 'tie-e', '10:00', 2000), tie('T3', 'tie-g', '10:00', 9000),
      ], []);
      expect((await vitals({ site: 'tie' })).lcp).toEqual([
        { rating: 'good', sessions: 1, converted_sessions: 0 },
        { rating: 'needs-improvement', sessions: 1, converted_sessions: 0 },
        { rating: 'poor', sessions: 1, converted_sessions: 1 },
      ]);
    });

    const fun: FunnelCountQuery = { site: 'fun', steps: ['page_view', 'add_to_cart', 'purchase'], from: FROM, to: TO };
    const stepFilters: ReportFilter[][] = [[{ dimension: 'path', values: ['/blog/*'] }], [{ dimension: 'product', values: ['X'] }], []];

    it('applies per-step filters to the step event itself, in ordered and strict order', async () => {
      expect(await store.funnelCounts(fun)).toEqual([4, 3, 2]);
      expect(await store.funnelCounts({ ...fun, stepFilters })).toEqual([3, 1, 1]);
      // Strict: u1's second page view comes between its blog page and its cart.
      expect(await store.funnelCounts({ ...fun, stepFilters, order: 'strict' })).toEqual([3, 0, 0]);
      expect(await store.funnelCounts({ ...fun, order: 'strict' })).toEqual([4, 3, 2]);
    });

    it('answers counts and times together exactly as apart', async () => {
      const variants: FunnelCountQuery[] = [
        fun, { ...fun, stepFilters }, { ...fun, order: 'strict' }, { ...fun, stepFilters, order: 'strict' },
        { ...fun, windowMs: 30 * 60_000 }, { ...fun, windowMs: 30 * 60_000, order: 'strict' }, { ...fun, unit: 'sessions' },
        { ...fun, filters: [{ dimension: 'path', values: ['/blog/*'] }] }, { ...fun, steps: ['page_view', 'page_view'] }, { ...fun, steps: ['purchase'] },
      ];
      for (const query of variants) {
        expect(await store.funnel(query)).toEqual({ counts: await store.funnelCounts(query), times: await store.funnelTimes(query) });
      }
    });

    it('applies the conversion window from the first step, and session filters', async () => {
      const two = { ...fun, steps: ['page_view', 'purchase'] };
      expect(await store.funnelCounts(two)).toEqual([4, 2]);
      expect(await store.funnelTimes(two)).toEqual([[600_000, 10_800_000]]);
      expect(await store.funnelCounts({ ...two, windowMs: 30 * 60_000 })).toEqual([4, 1]);
      // With a window every start counts: u1's second page view, 9 minutes before its purchase, is the shortest.
      expect(await store.funnelTimes({ ...two, windowMs: 30 * 60_000 })).toEqual([[540_000]]);
      // Strict: u1's walk from its first page view is interrupted by the second, which then starts one.
      expect(await store.funnelCounts({ ...two, windowMs: 30 * 60_000, order: 'strict' })).toEqual([4, 1]);
      expect(await store.funnelTimes({ ...two, windowMs: 30 * 60_000, order: 'strict' })).toEqual([[540_000]]);
      expect(await store.funnelCounts({ ...two, filters: [{ dimension: 'path', values: ['/blog/*'] }] })).toEqual([3, 2]);
    });

    it('breaks a funnel down by the dimension on each unit’s first step-1 event', async () => {
      expect(await store.funnelBreakdown({ ...fun, steps: ['page_view', 'purchase'], dimension: 'device' })).toEqual([
        { key: 'desktop', counts: [2, 1], times: [[600_000]] },
        { key: 'mobile', counts: [2, 1], times: [[10_800_000]] },
      ]);
      expect(await store.funnelBreakdown({ ...fun, site: 'nope', dimension: 'device' })).toEqual([]);
    });

    // The generated data set against the reference, across options.
    const gen = { site: 'cvf', from: new Date('2026-10-25T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), currency: 'CNY' };
    it('generates a data set that exercises every definition (a guard on the reference itself)', () => {
      const c = expectedContent(generated, { ...gen, tz: 'UTC', filters: [], windowDays: 7 });
      expect(c.items.length).toBeGreaterThan(4);
      expect(c.articles.length).toBe(2);
      expect(c.assists.some((a) => a.money.length === 2)).toBe(true);
      const v = expectedVitals(generated, { ...gen, tz: 'UTC', filters: [], interval: 'day', pages: 3 });
      expect(v.overall).toHaveLength(5);
      expect(v.lcp).toHaveLength(3);
      expect(v.overall.every((r) => r.good > 0 && r.needs_improvement > 0 && r.poor > 0)).toBe(true);
      const f = expectedFunnel(generated, { ...gen, steps: ['page_view', 'add_to_cart', 'purchase'] });
      expect(f.counts[2]).toBeGreaterThan(5);
      const strict = expectedFunnel(generated, { ...gen, steps: ['page_view', 'add_to_cart', 'purchase'], order: 'strict' });
      expect(strict.counts[2]).toBeGreaterThan(0);
      expect(strict.counts[2]).toBeLessThan(f.counts[2]!);
    });

    const contentCases: [string, Partial<ContentQuery>][] = [
      ['in UTC', {}],
      ['with a 1-day window, in Shanghai', { windowDays: 1, tz: 'Asia/Shanghai' }],
      ['filtered to mobile', { filters: [{ dimension: 'device', values: ['mobile'] }] }],
    ];
    for (const [title, over] of contentCases) {
      it(`matches the reference content report on the generated events, ${title}`, async () => {
        const query: ContentQuery = { ...gen, tz: 'UTC', filters: [], windowDays: 7, ...over };
        expect(await store.content(query)).toEqual(expectedContent(generated, query));
      });
    }
    const vitalsCases: [string, Partial<VitalsQuery>][] = [
      ['by day in Shanghai', { tz: 'Asia/Shanghai' }],
      ['by week in New York across DST', { tz: 'America/New_York', interval: 'week' }],
      ['by month, filtered to the blog', { interval: 'month', filters: [{ dimension: 'path', values: ['/blog/*'] }] }],
    ];
    for (const [title, over] of vitalsCases) {
      it(`matches the reference vitals report on the generated events, ${title}`, async () => {
        const query: VitalsQuery = { ...gen, tz: 'UTC', filters: [], interval: 'day', pages: 3, ...over };
        expect(await store.vitals(query)).toEqual(expectedVitals(generated, query));
      });
    }
    const steps = ['page_view', 'add_to_cart', 'purchase'];
    const funnelCases: [string, Partial<FunnelCountQuery>][] = [
      ['ordered', {}],
      ['ordered per session', { unit: 'sessions' }],
      ['ordered within 20 minutes', { windowMs: 20 * 60_000 }],
      ['strict', { order: 'strict' }],
      ['strict per session within an hour', { order: 'strict', unit: 'sessions', windowMs: 3_600_000 }],
      ['with a repeated step and step filters', { steps: ['page_view', 'page_view', 'add_to_cart'], stepFilters: [[{ dimension: 'path', values: ['/blog/*'] }], [], [{ dimension: 'product', values: ['SKU-2'] }]] }],
      ['strict with step filters, filtered to search and paid', { order: 'strict', stepFilters: [[], [{ dimension: 'product', values: ['SKU-1'] }], []], filters: [{ dimension: 'channel', values: ['search', 'paid'] }] }],
      ['within 2 hours, with a repeated step', { steps: ['page_view', 'page_view', 'purchase'], windowMs: 7_200_000 }],
    ];
    for (const [title, over] of funnelCases) {
      it(`matches the reference funnel on the generated events, ${title}`, async () => {
        const query: FunnelCountQuery = { ...gen, steps, ...over };
        const expected = expectedFunnel(generated, query);
        expect(await store.funnelCounts(query)).toEqual(expected.counts);
        expect(await store.funnelTimes(query)).toEqual(expected.times);
      });
    }
    for (const [dimension, over] of [['device', {}], ['country', { order: 'strict' }], ['channel', { windowMs: 3_600_000, unit: 'sessions' }]] as const) {
      it(`matches the reference funnel breakdown by ${dimension} on the generated events`, async () => {
        const query: FunnelBreakdownQuery = { ...gen, steps, dimension, ...over };
        const expected = expectedFunnelBreakdown(generated, query);
        expect(expected.length).toBeGreaterThan(1);
        expect(await store.funnelBreakdown(query)).toEqual(expected);
      });
    }
  });
}
