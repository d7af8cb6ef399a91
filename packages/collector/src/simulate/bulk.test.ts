import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import type { ReportScope } from '../store/event-store.js';
import { runBulk, type SimProgress, type SimRunResult } from './bulk.js';
import { Simulation, type SimulationOptions } from './generate.js';
import { TRUTH_FUNNEL, ASSIST_WINDOW_DAYS, type GroundTruthSummary } from './truth.js';

const OPTIONS: SimulationOptions = { seed: 11, days: 28, end: '2026-11-15', tz: 'Asia/Shanghai', visitors: 600, origin: 'https://shop.example' };

describe('bulk mode into a real DuckDB file', () => {
  let dir: string;
  let store: DuckDBStore;
  let result: SimRunResult;
  let truth: GroundTruthSummary;
  let scope: ReportScope;
  const progress: SimProgress[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vitrine-sim-'));
    store = await DuckDBStore.open(join(dir, 'sim.duckdb'));
    const simulation = new Simulation(OPTIONS);
    result = await runBulk({ store, site: 'demo', simulation, writeRows: 5_000, progressEvery: 200, onProgress: (p) => progress.push(p) });
    truth = simulation.summary();
    scope = { site: 'demo', from: new Date(truth.from), to: new Date(truth.to), tz: OPTIONS.tz, currency: 'CNY', filters: [] };
  });
  afterAll(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('stores every event through ingest, registers the site in the simulated zone, and reports progress', async () => {
    expect(result.rejected).toBe(0);
    expect(result.duplicates).toBe(0);
    expect(result.accepted).toBe(truth.events.total);
    expect(await store.rejected('demo', 10)).toEqual([]);
    expect((await store.listSites()).find((s) => s.key === 'demo')).toMatchObject({ timezone: 'Asia/Shanghai', currency: 'CNY' });
    expect(progress.length).toBeGreaterThan(1);
    expect(progress.at(-1)).toMatchObject({ events: truth.events.total, daysDone: OPTIONS.days - 1, day: OPTIONS.end });
  });

  it('gives the trends numbers of the ground truth: visitors, sessions, page views, bounces, conversion, orders and money per currency', async () => {
    const data = await store.trends({ ...scope, interval: 'day', activeUsers: false });
    expect(data.total).toMatchObject({
      visitors: truth.visitors,
      new_visitors: truth.new_visitors,
      sessions: truth.sessions,
      pageviews: truth.pageviews,
      bounces: truth.bounces,
      converted_sessions: truth.converted_sessions,
    });
    expect(data.total.duration_ms / data.total.sessions / 1000).toBeCloseTo(truth.session_duration_s!, 6);
    const daily = (field: 'visitors' | 'sessions' | 'pageviews') => truth.daily.dates.map((date) => data.series.find((r) => r.bucket === date)?.[field] ?? 0);
    expect(daily('visitors')).toEqual(truth.daily.visitors);
    expect(daily('sessions')).toEqual(truth.daily.sessions);
    expect(daily('pageviews')).toEqual(truth.daily.pageviews);
    const money = data.money.filter((m) => m.bucket === 'total');
    expect(Object.fromEntries(money.map((m) => [m.currency, m.orders]))).toEqual(truth.commerce.orders_by_currency);
    expect(Object.fromEntries(money.map((m) => [m.currency, m.gross]))).toEqual(truth.commerce.gross);
    for (const m of money) expect(m.refunds).toBe(truth.commerce.refunds[m.currency] ?? 0);
  });

  it('gives the ground truth funnel, per visitor and per session, and its times to convert', async () => {
    const query = { site: 'demo', steps: [...TRUTH_FUNNEL], from: scope.from, to: scope.to };
    expect(await store.funnelCounts(query)).toEqual(truth.funnel.visitors);
    expect(await store.funnelCounts({ ...query, unit: 'sessions' })).toEqual(truth.funnel.sessions);
    const rank = (sorted: number[], p: number) => (sorted.length === 0 ? null : sorted[Math.ceil(p * sorted.length) - 1]! / 1000);
    const times = await store.funnelTimes(query);
    expect(times.map((t) => ({ median_s: rank(t, 0.5), p90_s: rank(t, 0.9) }))).toEqual(truth.funnel.time_from_first);
  });

  it('gives the ground truth per channel (breakdown), content CTR and assisted orders, and conversion per LCP rating', async () => {
    const channels = await store.breakdown({ ...scope, dimension: 'channel', limit: 20 });
    expect(Object.fromEntries(channels.map((c) => [c.key, { sessions: c.sessions, visitors: c.visitors, converted_sessions: c.converted_sessions }]))).toEqual(truth.channels);

    const content = await store.content({ ...scope, windowDays: ASSIST_WINDOW_DAYS });
    const items = Object.fromEntries(content.items.map((i) => [`${i.name}|${i.piece}`, [i.impressions, i.clicks, i.impression_visitors, i.click_visitors]]));
    expect(items).toEqual(Object.fromEntries(truth.content.map((c) => [`${c.name}|${c.piece}`, [c.impressions, c.clicks, c.impression_visitors, c.click_visitors]])));
    const assisted = Object.fromEntries(content.assists.filter((a) => a.kind === 'content').map((a) => [`${a.name}|${a.piece}`, a.visitors]));
    for (const c of truth.content) expect(assisted[`${c.name}|${c.piece}`] ?? 0, `${c.name}|${c.piece}`).toBe(c.assisted.visitors);
    const articles = Object.fromEntries(content.articles.map((a) => [a.article, { readers: a.readers, reached: a.reached, median_read_ms: a.median_read_ms }]));
    expect(articles).toEqual(Object.fromEntries(truth.articles.map((a) => [a.article, { readers: a.readers, reached: a.reached, median_read_ms: a.median_read_ms }])));

    const vitals = await store.vitals({ ...scope, interval: 'day', pages: 10 });
    const lcp = Object.fromEntries(vitals.lcp.map((r) => [r.rating, [r.sessions, r.converted_sessions]]));
    for (const row of truth.vitals.lcp_conversion) expect(lcp[row.rating] ?? [0, 0], row.rating).toEqual([row.sessions, row.converted_sessions]);
  });

  it('gives the ground truth weekly first-visit cohorts and their returns, and the repurchase rate', async () => {
    const weeks = truth.cohorts.rows.length;
    const retention = await store.retention({ ...scope, cohort: 'first_visit', period: 'week', returnEvent: 'any', periods: weeks - 1, activityTo: scope.to });
    expect(Object.fromEntries(retention.cohorts.map((c) => [c.cohort, c.size]))).toEqual(Object.fromEntries(truth.cohorts.rows.map((r) => [r.cohort, r.size])));
    for (const row of truth.cohorts.rows) {
      const returns = row.returns.map((_, k) => retention.returns.find((r) => r.cohort === row.cohort && r.period === k + 1)?.visitors ?? 0);
      expect(returns, row.cohort).toEqual(row.returns);
    }
    const commerce = await store.commerce({ ...scope, period: 'week', periods: 4, activityTo: scope.to, limit: 20 });
    const sum = (field: 'customers' | 'repeat_customers' | 'orders') => commerce.segments.reduce((n, s) => n + s[field], 0);
    expect(sum('customers')).toBe(truth.commerce.customers);
    expect(sum('repeat_customers')).toBe(truth.commerce.repeat_customers);
    expect(sum('orders')).toBe(truth.commerce.orders);
  });

  it('refuses to load the same simulation twice into one store', async () => {
    await expect(runBulk({ store, site: 'demo', simulation: new Simulation(OPTIONS) })).rejects.toThrow(/already loaded/);
  });
});
