import type { BreakdownReport, TrendsReport } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { reportDataset } from '../store/reports.contract.js';
import { SECRET, useReportServer } from './report-server.test-support.js';

/**
 * The report endpoints over HTTP on DuckDB, with the contract's data set (site `shop`,
 * CNY, Asia/Shanghai): parameter checking, and the metrics computed from the store's
 * counts as docs/metrics.md defines them.
 */
describe('report endpoints', () => {
  const server = useReportServer({ sites: ['shop'], events: reportDataset });
  const { get, json } = server;
  const RANGE = 'site=shop&from=2026-11-02&to=2026-11-03';

  it('answers trends as uPlot columns with totals, in the site time zone', async () => {
    const metrics = 'visitors,sessions,pageviews,bounce_rate,session_duration,pages_per_session,new_visitors,returning_visitors,orders,revenue,refunds,aov,conversion_rate,dau,wau,mau,stickiness';
    const { status, body } = await json<TrendsReport>(`/v1/reports/trends?${RANGE}&metrics=${metrics}`);
    expect(status).toBe(200);
    expect(body).toMatchObject({ site: 'shop', tz: 'Asia/Shanghai', currency: 'CNY', from: '2026-11-01T16:00:00.000Z', to: '2026-11-03T16:00:00.000Z', interval: 'day', previous: null });
    expect(body.metrics.find((m) => m.key === 'revenue')).toEqual({ key: 'revenue', label: 'Revenue (net of refunds)', unit: 'currency', currency: 'CNY' });
    expect(body.current.buckets).toEqual(['2026-11-02', '2026-11-03']);
    // xs: local midnights in Unix seconds.
    expect(body.current.data[0]).toEqual([Date.parse('2026-11-01T16:00:00Z') / 1000, Date.parse('2026-11-02T16:00:00Z') / 1000]);
    const series = Object.fromEntries(metrics.split(',').map((m, i) => [m, body.current.data[i + 1]]));
    expect(series).toEqual({
      visitors: [2, 4], sessions: [2, 4], pageviews: [2, 4], bounce_rate: [0.5, 0], session_duration: [150, 210], pages_per_session: [1, 1],
      new_visitors: [1, 2], returning_visitors: [1, 2], orders: [1, 2], revenue: [100, -10], refunds: [0, 30], aov: [100, -10],
      conversion_rate: [0.5, 0.5], dau: [2, 4], wau: [3, 5], mau: [3, 5], stickiness: [2 / 3, 4 / 5],
    });
    expect(body.current.totals).toEqual({
      visitors: 4, sessions: 6, pageviews: 6, bounce_rate: 1 / 6, session_duration: 190, pages_per_session: 1, new_visitors: 3, returning_visitors: 1,
      orders: 3, revenue: 90, refunds: 30, aov: 45, conversion_rate: 0.5, dau: 3, wau: 4, mau: 4, stickiness: 0.75,
    });
    expect(body.current.money).toEqual({ revenue: { CNY: 90, USD: 50 }, refunds: { CNY: 30, USD: 0 }, orders: { CNY: 2, USD: 1 }, aov: { CNY: 45, USD: 50 } });
  });

  it('shows the money of another currency when asked', async () => {
    const { body } = await json<TrendsReport>(`/v1/reports/trends?${RANGE}&metrics=orders,revenue,aov&currency=USD`);
    expect(body.metrics.map((m) => m.currency)).toEqual([undefined, 'USD', 'USD']);
    expect(body.current.data.slice(1)).toEqual([[1, 2], [0, 50], [null, 50]]);
    expect(body.current.totals).toEqual({ orders: 3, revenue: 50, aov: 50 });
    expect((await get(`/v1/reports/trends?${RANGE}&currency=usd`)).status).toBe(400);
  });

  it('adds the comparison period, its own buckets aligned by position', async () => {
    const { body } = await json<TrendsReport>(`/v1/reports/trends?${RANGE}&metrics=visitors&compare=previous_period`);
    expect(body.compare).toEqual({ mode: 'previous_period', from: '2026-10-30T16:00:00.000Z', to: '2026-11-01T16:00:00.000Z' });
    // E was on the site on 1 November (local), just before the range.
    expect(body.previous).toMatchObject({ buckets: ['2026-10-31', '2026-11-01'], data: [[expect.any(Number), expect.any(Number)], [0, 1]], totals: { visitors: 1 } });
    const weeks = await json<TrendsReport>(`/v1/reports/trends?${RANGE}&metrics=visitors&interval=week&compare=same_period_last_week`);
    expect(weeks.body.compare).toMatchObject({ from: '2026-10-25T16:00:00.000Z', to: '2026-10-27T16:00:00.000Z' });
    expect(weeks.body.current.buckets).toEqual(['2026-11-02']);
  });

  it('filters, and follows tz for the day boundaries', async () => {
    const { body } = await json<TrendsReport>(`/v1/reports/trends?${RANGE}&metrics=visitors,sessions&filters=${encodeURIComponent('channel:social|direct;device:mobile')}`);
    expect(body.filters).toEqual([{ dimension: 'channel', values: ['social', 'direct'] }, { dimension: 'device', values: ['mobile'] }]);
    expect(body.current.totals).toEqual({ visitors: 1, sessions: 2 });
    const utc = await json<TrendsReport>(`/v1/reports/trends?site=shop&from=2026-11-01&to=2026-11-03&tz=UTC&metrics=visitors`);
    expect(utc.body.current.buckets).toEqual(['2026-11-01', '2026-11-02', '2026-11-03']);
    // In UTC, E's two visits (15:59 on the 1st, 16:00 on the 3rd) are both inside.
    expect(utc.body.current.data[1]).toEqual([2, 1, 5]);
  });

  it('answers breakdowns with conversion and revenue per currency', async () => {
    const { status, body } = await json<BreakdownReport>(`/v1/reports/breakdown?${RANGE}&dimension=channel&limit=2`);
    expect(status).toBe(200);
    expect(body.rows).toEqual([
      { key: 'direct', visitors: 2, sessions: 2, converted_sessions: 1, conversion_rate: 0.5, orders: { CNY: 1 }, revenue: { CNY: 20 } },
      { key: 'search', visitors: 2, sessions: 2, converted_sessions: 2, conversion_rate: 1, orders: { CNY: 1, USD: 1 }, revenue: { CNY: 70, USD: 50 } },
    ]);
    const compared = await json<BreakdownReport>(`/v1/reports/breakdown?${RANGE}&dimension=entry_page&compare=previous_period`);
    expect(compared.body.previous).toEqual([{ key: '/', visitors: 1, sessions: 1, converted_sessions: 0, conversion_rate: 0, orders: {}, revenue: {} }]);
  });

  it('refuses bad parameters with a 400 and the reason', async () => {
    const cases: [string, RegExp][] = [
      ['/v1/reports/trends?site=shop&metrics=visitors,gmv', /^metrics: unknown metric "gmv"/],
      ['/v1/reports/trends?site=shop&metrics=visitors,visitors', /^metrics: a metric is listed twice/],
      ['/v1/reports/trends?site=shop&tz=Mars/Olympus', /^tz: "Mars\/Olympus" is not an IANA time zone/],
      ['/v1/reports/trends?site=shop&from=2026-11-05&to=2026-11-01', /^from: must be before to/],
      ['/v1/reports/trends?site=shop&range=fortnight', /^range: expected <N>d/],
      ['/v1/reports/trends?site=shop&range=7d&from=2026-11-01', /^range: give either range or from\/to/],
      ['/v1/reports/trends?site=shop&interval=hour', /^interval: expected one of day, week, month/],
      ['/v1/reports/trends?site=shop&compare=last_decade', /^compare: expected one of/],
      ['/v1/reports/trends?site=shop&filters=password:x', /^filters: unknown dimension "password"/],
      ['/v1/reports/trends?site=shop&filters=channel', /^filters: "channel" is not dimension:value/],
      ['/v1/reports/trends?site=shop&filters=channel:a;channel:b', /^filters: channel given twice/],
      ['/v1/reports/trends?site=shop&metric=visitors', /^metric: unknown parameter/],
      ['/v1/reports/breakdown?site=shop&dimension=name', /^dimension: expected one of page, entry_page/],
      ['/v1/reports/breakdown?site=shop', /^dimension: expected one of/],
      ['/v1/reports/breakdown?site=shop&dimension=page&limit=0', /^limit: expected an integer from 1 to 1000/],
      ['/v1/reports/breakdown?site=shop&dimension=page&limit=5000', /^limit: /],
    ];
    for (const [path, reason] of cases) {
      const { status, body } = await json<{ error: string; reason: string }>(path);
      expect({ path, status, error: body.error }).toEqual({ path, status: 400, error: 'invalid_query' });
      expect(body.reason).toMatch(reason);
    }
    expect((await get('/v1/reports/trends?site=nope')).status).toBe(404);
  });

  it('reads the funnel range in the site time zone, or tz', async () => {
    const steps = 'steps=page_view,purchase';
    // Shanghai's 2 November starts at 16:00 UTC on the 1st: B's bounce is inside, and A converts.
    const local = await json<{ from: string; steps: { visitors: number }[] }>(`/v1/reports/funnel?site=shop&${steps}&from=2026-11-02&to=2026-11-02`);
    expect(local.body.from).toBe('2026-11-01T16:00:00.000Z');
    expect(local.body.steps.map((s) => s.visitors)).toEqual([2, 1]);
    const utc = await json<{ from: string }>(`/v1/reports/funnel?site=shop&${steps}&from=2026-11-02&to=2026-11-02&tz=UTC`);
    expect(utc.body.from).toBe('2026-11-02T00:00:00.000Z');
    expect((await get(`/v1/reports/funnel?site=shop&${steps}&tz=Nowhere/Land`)).status).toBe(400);
    expect((await get(`/v1/reports/funnel?site=shop&${steps}&range=7d`)).status).toBe(200);
    expect((await get(`/v1/reports/funnel?site=shop&${steps}&unit=people`)).status).toBe(400);
  });

  it('walks the funnel per session, with the time to each step', async () => {
    const path = `/v1/reports/funnel?site=shop&steps=page_view,purchase&from=2026-11-02&to=2026-11-03`;
    type Funnel = { unit: string; steps: { visitors: number; time_from_first: unknown }[] };
    const visitors = await json<Funnel>(path);
    // A: 09:00 → 09:05 local; C: 10 min; F: 2 min. B never buys.
    expect(visitors.body.steps.map((s) => [s.visitors, s.time_from_first])).toEqual([
      [4, null],
      [3, { median_s: 300, p90_s: 600 }],
    ]);
    const sessions = await json<Funnel>(`${path}&unit=sessions`);
    expect(sessions.body.unit).toBe('sessions');
    expect(sessions.body.steps.map((s) => s.visitors)).toEqual([5, 3]);
  });

  it('needs a token that opens the report', async () => {
    expect((await fetch(`${server.url}/v1/reports/trends?site=shop`)).status).toBe(401);
    const minted = await fetch(`${server.url}/v1/tokens`, {
      method: 'POST', body: JSON.stringify({ site: 'shop', reports: ['trends'] }), headers: { Authorization: `Bearer ${SECRET}`, 'Content-Type': 'application/json' },
    });
    const { token } = (await minted.json()) as { token: string };
    expect((await get(`/v1/reports/trends?${RANGE}`, token)).status).toBe(200);
    expect(await (await get(`/v1/reports/breakdown?${RANGE}&dimension=page`, token)).json()).toMatchObject({ error: 'wrong_report' });
  });
});
