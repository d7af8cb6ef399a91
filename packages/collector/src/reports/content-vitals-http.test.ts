import type { ContentReport, FunnelReport, VitalsReport } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { contentVitalsHandDataset } from '../store/content-vitals-funnel.contract.js';
import { SECRET, useReportServer } from './report-server.test-support.js';

/**
 * The content, vitals and richer funnel endpoints over HTTP on DuckDB, with the hand data
 * of `content-vitals-funnel.contract.ts` (sites `hand` and `fun`): the answers' shapes and
 * derived numbers, every bad parameter's 400, and embed-token scoping.
 */
describe('content, vitals and funnel endpoints', () => {
  const server = useReportServer({ sites: ['hand', 'fun'], events: contentVitalsHandDataset });
  const { get, json } = server;
  const RANGE = 'from=2026-11-02&to=2026-11-03&tz=UTC';
  const mint = async (site: string, reports: string[]) => {
    const res = await fetch(`${server.url}/v1/tokens`, {
      method: 'POST', body: JSON.stringify({ site, reports }), headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    });
    return ((await res.json()) as { token: string }).token;
  };

  it('answers content rows with CTR, read depth and assisted conversions', async () => {
    const { status, body } = await json<ContentReport>(`/v1/reports/content?site=hand&${RANGE}&window_days=10`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ site: 'hand', tz: 'UTC', currency: 'CNY', window_days: 10, limit: 50, compare: null });
    expect(body.content).toEqual([
      {
        name: 'hero', piece: 'spring', impressions: 3, clicks: 1, impression_visitors: 2, click_visitors: 1, ctr: 0.5,
        assisted: { visitors: 1, orders: { CNY: 1 }, revenue: { CNY: 70 } },
      },
      {
        name: 'hero', piece: '', impressions: 0, clicks: 1, impression_visitors: 0, click_visitors: 1, ctr: null,
        assisted: { visitors: 1, orders: { USD: 1 }, revenue: { USD: 50 } },
      },
    ]);
    expect(body.articles).toEqual([
      {
        article: 'how-to', readers: 3, reached: [3, 2, 1, 1], reached_share: [1, 2 / 3, 1 / 3, 1 / 3], median_read_s: 30,
        assisted: { visitors: 2, orders: { CNY: 1, USD: 1 }, revenue: { CNY: 70, USD: 50 } },
      },
    ]);
    const limited = await json<ContentReport>(`/v1/reports/content?site=hand&${RANGE}&limit=1`);
    expect(limited.body.content.map((c) => c.piece)).toEqual(['spring']);
    expect(limited.body.content[0]!.assisted.revenue).toEqual({ CNY: 70 });
  });

  it('answers vitals with p75 and shares, top pages, a columnar series and conversion by LCP rating', async () => {
    const { status, body } = await json<VitalsReport>(`/v1/reports/vitals?site=hand&${RANGE}&pages=5`);
    expect(status).toBe(200);
    expect(body.metrics.map((m) => [m.key, m.unit])).toEqual([['LCP', 'ms'], ['INP', 'ms'], ['CLS', 'score'], ['FCP', 'ms'], ['TTFB', 'ms']]);
    expect(body.overall.LCP).toEqual({ samples: 4, p75: 4000, good: 0.25, needs_improvement: 0.5, poor: 0.25 });
    expect(body.overall.TTFB).toEqual({ samples: 0, p75: null, good: 0, needs_improvement: 0, poor: 0 });
    expect(body.pages.map((p) => [p.path, p.LCP.p75, p.LCP.samples])).toEqual([['/', 3000, 2], ['/p', 5000, 2]]);
    expect(body.series.buckets).toEqual(['2026-11-02', '2026-11-03']);
    expect(body.series.data).toEqual([
      [Date.parse('2026-11-02T00:00:00Z') / 1000, Date.parse('2026-11-03T00:00:00Z') / 1000],
      [4000, null], [600, null], [0.1, null], [null, null], [null, null],
    ]);
    expect(body.lcp_conversion).toEqual([
      { rating: 'good', sessions: 1, converted_sessions: 1, conversion_rate: 1 },
      { rating: 'needs-improvement', sessions: 2, converted_sessions: 0, conversion_rate: 0 },
      { rating: 'poor', sessions: 0, converted_sessions: 0, conversion_rate: null },
    ]);
  });

  it('answers the funnel with step filters, strict order, a window and a breakdown, and keeps steps= working', async () => {
    const stepsJson = encodeURIComponent(JSON.stringify([
      { event: 'page_view', filters: { path: '/blog/*' } }, { event: 'add_to_cart', filters: { product: ['X'] } }, { event: 'purchase' },
    ]));
    const rich = await json<FunnelReport>(`/v1/reports/funnel?site=fun&${RANGE}&steps_json=${stepsJson}`);
    expect(rich.status).toBe(200);
    expect(rich.body).toMatchObject({ tz: 'UTC', order: 'ordered', window_ms: null, filters: [], breakdown: null });
    expect(rich.body.steps.map((s) => [s.name, s.visitors, s.filters])).toEqual([
      ['page_view', 3, [{ dimension: 'path', values: ['/blog/*'] }]], ['add_to_cart', 1, [{ dimension: 'product', values: ['X'] }]], ['purchase', 1, undefined],
    ]);
    const strict = await json<FunnelReport>(`/v1/reports/funnel?site=fun&${RANGE}&steps_json=${stepsJson}&order=strict`);
    expect(strict.body.steps.map((s) => s.visitors)).toEqual([3, 0, 0]);
    const windowed = await json<FunnelReport>(`/v1/reports/funnel?site=fun&${RANGE}&steps=page_view,purchase&window=30m`);
    expect(windowed.body.window_ms).toBe(1_800_000);
    expect(windowed.body.steps.map((s) => [s.visitors, s.time_from_first])).toEqual([[4, null], [1, { median_s: 540, p90_s: 540 }]]);
    const filtered = await json<FunnelReport>(`/v1/reports/funnel?site=fun&${RANGE}&steps=page_view,purchase&filters=${encodeURIComponent('path:/blog/*')}`);
    expect(filtered.body.steps.map((s) => s.visitors)).toEqual([3, 2]);
    const split = await json<FunnelReport>(`/v1/reports/funnel?site=fun&${RANGE}&steps=page_view,purchase&breakdown=device&breakdown_limit=1`);
    expect(split.body.steps.map((s) => s.visitors)).toEqual([4, 2]);
    expect(split.body.steps[1]!.time_from_first).toEqual({ median_s: 600, p90_s: 10_800 });
    expect(split.body.breakdown).toMatchObject({ dimension: 'device', limit: 1, rows: [{ key: 'desktop', steps: [{ visitors: 2 }, { visitors: 1, drop_off: 1 }] }] });
    const plain = await json<FunnelReport>(`/v1/reports/funnel?site=fun&${RANGE}&steps=page_view,add_to_cart,purchase`);
    expect(plain.body.steps.map((s) => s.visitors)).toEqual([4, 3, 2]);
  });

  it('refuses bad parameters with a 400 and the reason', async () => {
    const long = encodeURIComponent(JSON.stringify(Array.from({ length: 11 }, () => ({ event: 'page_view' }))));
    const cases: [string, RegExp][] = [
      ['/v1/reports/content?site=hand&window_days=0', /^window_days: expected an integer from 1 to 90/],
      ['/v1/reports/content?site=hand&window_days=91', /^window_days: /],
      ['/v1/reports/content?site=hand&limit=x', /^limit: expected an integer/],
      ['/v1/reports/content?site=hand&tz=Mars/Olympus', /^tz: "Mars\/Olympus" is not an IANA time zone/],
      ['/v1/reports/content?site=hand&from=2026-11-05&to=2026-11-01', /^from: must be before to/],
      ['/v1/reports/content?site=hand&filters=colour:red', /^filters: unknown dimension "colour"/],
      ['/v1/reports/content?site=hand&compare=previous_period', /^compare: the content report has no comparison period/],
      ['/v1/reports/content?site=hand&window=7', /^window: unknown parameter/],
      ['/v1/reports/vitals?site=hand&interval=hour', /^interval: expected one of day, week, month/],
      ['/v1/reports/vitals?site=hand&pages=101', /^pages: expected an integer from 1 to 100/],
      ['/v1/reports/vitals?site=hand&range=7d&to=2026-11-01', /^range: give either range or from\/to/],
      ['/v1/reports/vitals?site=hand&metric=LCP', /^metric: unknown parameter/],
      ['/v1/reports/funnel?site=fun&steps=page_view', /^steps: expected 2 to 10/],
      [`/v1/reports/funnel?site=fun&steps_json=${long}`, /^steps_json: expected an array of 2 to 10 steps/],
      ['/v1/reports/funnel?site=fun&steps_json=%5B', /^steps_json: not valid JSON/],
      [`/v1/reports/funnel?site=fun&steps_json=${encodeURIComponent('[{"event":"a"},{"event":"b","filters":{"colour":"red"}}]')}`, /^steps_json\[1\]\.filters: unknown dimension "colour"/],
      [`/v1/reports/funnel?site=fun&steps_json=${encodeURIComponent('[{"event":"a"},{"name":"b"}]')}`, /^steps_json\[1\]: unknown field "name"/],
      [`/v1/reports/funnel?site=fun&steps_json=${encodeURIComponent('[{"event":"a"},{"event":"b; DROP"}]')}`, /^steps_json\[1\]\.event: expected an event name/],
      [`/v1/reports/funnel?site=fun&steps_json=${encodeURIComponent('[{"event":"a"},{"event":"b","filters":{"path":[]}}]')}`, /^steps_json\[1\]\.filters\.path: 1 to 20 values/],
      [`/v1/reports/funnel?site=fun&steps=a,b&steps_json=${encodeURIComponent('[{"event":"a"},{"event":"b"}]')}`, /^steps: give either steps or steps_json/],
      ['/v1/reports/funnel?site=fun&steps=a,b&order=loose', /^order: expected one of ordered, strict/],
      ['/v1/reports/funnel?site=fun&steps=a,b&window=30s', /^window: expected <N>m, <N>h or <N>d/],
      ['/v1/reports/funnel?site=fun&steps=a,b&window=400d', /^window: /],
      ['/v1/reports/funnel?site=fun&steps=a,b&breakdown=page', /^breakdown: expected one of channel/],
      ['/v1/reports/funnel?site=fun&steps=a,b&breakdown=device&breakdown_limit=21', /^breakdown_limit: expected an integer from 1 to 20/],
      ['/v1/reports/funnel?site=fun&steps=a,b&breakdown_limit=2', /^breakdown_limit: only with breakdown/],
      ['/v1/reports/funnel?site=fun&steps=a,b&filters=channel', /^filters: "channel" is not dimension:value/],
      ['/v1/reports/funnel?site=fun&steps=a,b&from=2026-11-05&to=2026-11-01', /^from: must be before to/],
      ['/v1/reports/funnel?site=fun&steps=a,b&stpes=c', /^stpes: unknown parameter/],
    ];
    for (const [path, reason] of cases) {
      const { status, body } = await json<{ error: string; reason: string }>(path);
      expect({ path, status, error: body.error }).toEqual({ path, status: 400, error: 'invalid_query' });
      expect(body.reason).toMatch(reason);
    }
    expect((await get('/v1/reports/content?site=nope')).status).toBe(404);
    expect((await get('/v1/reports/vitals?site=nope')).status).toBe(404);
  });

  it('needs a token scoped to the content or vitals report and its site', async () => {
    expect((await fetch(`${server.url}/v1/reports/content?site=hand`)).status).toBe(401);
    expect((await fetch(`${server.url}/v1/reports/vitals?site=hand`)).status).toBe(401);
    expect((await get('/v1/reports/vitals?site=hand', 'hand')).status).toBe(403); // a public site key
    const content = await mint('hand', ['content']);
    expect((await get(`/v1/reports/content?site=hand&${RANGE}`, content)).status).toBe(200);
    expect(await (await get(`/v1/reports/vitals?site=hand&${RANGE}`, content)).json()).toMatchObject({ error: 'wrong_report' });
    const vitals = await mint('hand', ['vitals']);
    expect((await get(`/v1/reports/vitals?site=hand&${RANGE}`, vitals)).status).toBe(200);
    expect(await (await get(`/v1/reports/vitals?site=fun&${RANGE}`, vitals)).json()).toMatchObject({ error: 'wrong_site' });
    const all = await mint('hand', ['*']);
    expect((await get(`/v1/reports/content?site=hand&${RANGE}`, all)).status).toBe(200);
  });
});
