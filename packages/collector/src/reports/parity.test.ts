import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../test/support/clickhouse-server.js';
import { createLogger } from '../ops/logger.js';
import { startCollector, type RunningCollector } from '../server/serve.js';
import { runBulk } from '../simulate/bulk.js';
import { Simulation, visitorsForEvents, type SimulationOptions } from '../simulate/generate.js';
import type { GroundTruthSummary } from '../simulate/truth.js';

/**
 * The parity suite of issue 5: one simulated data set (about 200k events, with its
 * ground truth) loaded through the collector's own ingest code into a DuckDB file and
 * into a real clickhouse-server; then every report, with and without filters,
 * breakdowns, comparisons and time zones, must answer the same JSON from both, and
 * the headline numbers must equal what the simulator knows it generated.
 */
const SECRET = 'parity-secret';
const SITE = 'shop';
const TZ = 'Asia/Shanghai';
const EVENTS = Number(process.env.VITRINE_PARITY_EVENTS ?? 200_000);
const base: Omit<SimulationOptions, 'visitors'> = { seed: 20261124, days: 35, end: '2026-11-08', tz: TZ, origin: 'https://shop.example' };
const options: SimulationOptions = { ...base, visitors: visitorsForEvents(EVENTS, base) };
/** The whole simulated period as local dates (the simulator's calendar). */
const PERIOD = 'from=2026-10-05&to=2026-11-08';

let clickhouse: ClickHouseServer;
let dir: string;
let duck: RunningCollector;
let ch: RunningCollector;
let truth: GroundTruthSummary;
let loaded = 0;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-parity-'));
  clickhouse = await startClickHouse();
  const common = { port: 0, adminSecret: SECRET, logger: createLogger('silent') };
  duck = await startCollector({ ...common, db: join(dir, 'parity.duckdb') });
  ch = await startCollector({ ...common, db: '', store: clickhouse.storeUrl('parity') });
  const intoDuck = new Simulation(options);
  const result = await runBulk({ store: duck.store, site: SITE, simulation: intoDuck });
  await runBulk({ store: ch.store, site: SITE, simulation: new Simulation(options) });
  truth = intoDuck.summary();
  loaded = result.accepted;
  // Both collectors learn of the site the simulator registered.
  await duck.services.sites.refresh();
  await ch.services.sites.refresh();
}, 600_000);

afterAll(async () => {
  await duck?.close();
  await ch?.close();
  await clickhouse?.stop();
  await rm(dir, { recursive: true, force: true });
});

async function get(collector: RunningCollector, path: string): Promise<unknown> {
  const response = await fetch(`${collector.url}${path}`, { headers: { Authorization: `Bearer ${SECRET}` } });
  const body = await response.json();
  expect(response.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return body;
}

/** Reads one report from both stores and insists on identical answers. */
async function same(path: string): Promise<any> {
  const [a, b] = await Promise.all([get(duck, path), get(ch, path)]);
  expect(b, path).toEqual(a);
  return a;
}

const FILTERS = ['', '&filters=channel:search|social', '&filters=device:mobile', '&filters=path:/guides/*', '&filters=utm_source:baidu;device:desktop'];
const ZONES = [TZ, 'America/New_York', 'UTC'];

describe('parity: DuckDB and ClickHouse give identical reports on a simulated store', { timeout: 180_000 }, () => {
  it('loaded the whole simulation into both stores', () => {
    expect(loaded).toBe(truth.events.total);
    expect(loaded).toBeGreaterThan(EVENTS * 0.8);
  });

  it('funnel: ordered and strict, windows, units, step filters and breakdowns', async () => {
    const steps = 'steps=page_view,view_item,add_to_cart,begin_checkout,purchase';
    for (const tz of ZONES) {
      for (const filters of FILTERS) await same(`/v1/reports/funnel?site=${SITE}&${PERIOD}&tz=${tz}&${steps}${filters}`);
    }
    for (const extra of ['&order=strict', '&window=30m', '&window=7d', '&unit=sessions', '&breakdown=channel', '&breakdown=device']) {
      await same(`/v1/reports/funnel?site=${SITE}&${PERIOD}&tz=${TZ}&${steps}${extra}`);
    }
    const json = encodeURIComponent(JSON.stringify([{ event: 'page_view', filters: { path: '/guides/*' } }, { event: 'view_item' }, { event: 'purchase' }]));
    await same(`/v1/reports/funnel?site=${SITE}&${PERIOD}&tz=${TZ}&steps_json=${json}`);
  });

  it('funnel matches the ground truth', async () => {
    const report = await same(`/v1/reports/funnel?site=${SITE}&${PERIOD}&tz=${TZ}&steps=${truth.funnel.steps.join(',')}`);
    expect(report.steps.map((s: { visitors: number }) => s.visitors)).toEqual(truth.funnel.visitors);
  });

  it('trends and KPIs, with comparisons, in several time zones and filters', async () => {
    const metrics = 'visitors,sessions,pageviews,bounce_rate,session_duration,pages_per_session,new_visitors,returning_visitors,orders,revenue,refunds,aov,conversion_rate,dau,wau,mau,stickiness';
    for (const tz of ZONES) {
      for (const filters of FILTERS) await same(`/v1/reports/trends?site=${SITE}&${PERIOD}&tz=${tz}&metrics=${metrics}${filters}`);
    }
    for (const compare of ['previous_period', 'same_period_last_week']) {
      await same(`/v1/reports/trends?site=${SITE}&from=2026-10-26&to=2026-11-08&tz=${TZ}&metrics=${metrics}&compare=${compare}`);
    }
    await same(`/v1/reports/trends?site=${SITE}&${PERIOD}&tz=${TZ}&metrics=visitors,orders&interval=week`);
  });

  it('trends match the ground truth', async () => {
    const report = await same(`/v1/reports/trends?site=${SITE}&${PERIOD}&tz=${TZ}&metrics=visitors,sessions,pageviews,new_visitors`);
    expect(report.current.totals).toMatchObject({ visitors: truth.visitors, sessions: truth.sessions, pageviews: truth.pageviews });
    expect(report.current.buckets).toEqual(truth.daily.dates);
    const daily = Object.fromEntries(['visitors', 'sessions', 'pageviews', 'new_visitors'].map((m, i) => [m, report.current.data[i + 1]]));
    expect(daily).toEqual({ visitors: truth.daily.visitors, sessions: truth.daily.sessions, pageviews: truth.daily.pageviews, new_visitors: truth.daily.new_visitors });
  });

  it('breakdowns by every dimension', async () => {
    for (const dimension of ['page', 'entry_page', 'channel', 'source', 'referrer', 'campaign', 'device', 'browser', 'os', 'country']) {
      await same(`/v1/reports/breakdown?site=${SITE}&${PERIOD}&tz=${TZ}&dimension=${dimension}`);
    }
    await same(`/v1/reports/breakdown?site=${SITE}&${PERIOD}&tz=${TZ}&dimension=page&filters=channel:social`);
  });

  it('retention: cohorts by first visit or purchase, per day, week and month', async () => {
    for (const cohort of ['first_visit', 'first_purchase']) {
      for (const period of ['day', 'week', 'month']) {
        for (const ret of ['any', 'purchase']) await same(`/v1/reports/retention?site=${SITE}&${PERIOD}&tz=${TZ}&cohort=${cohort}&period=${period}&return=${ret}`);
      }
    }
    await same(`/v1/reports/retention?site=${SITE}&${PERIOD}&tz=America/New_York&period=week&filters=device:mobile`);
  });

  it('retention matches the ground truth cohorts', async () => {
    const report = await same(`/v1/reports/retention?site=${SITE}&${PERIOD}&tz=${TZ}&cohort=first_visit&period=week&return=any`);
    const sizes = Object.fromEntries(report.cohorts.map((c: { label: string; size: number }) => [c.label, c.size]));
    for (const row of truth.cohorts.rows) expect(sizes[row.cohort], row.cohort).toBe(row.size);
  });

  it('content, commerce and vitals', async () => {
    for (const filters of FILTERS) {
      await same(`/v1/reports/content?site=${SITE}&${PERIOD}&tz=${TZ}${filters}`);
      await same(`/v1/reports/commerce?site=${SITE}&${PERIOD}&tz=${TZ}${filters}`);
      await same(`/v1/reports/vitals?site=${SITE}&${PERIOD}&tz=${TZ}${filters}`);
    }
    await same(`/v1/reports/content?site=${SITE}&${PERIOD}&tz=${TZ}&window_days=1`);
    await same(`/v1/reports/commerce?site=${SITE}&${PERIOD}&tz=UTC&period=week`);
    await same(`/v1/reports/vitals?site=${SITE}&${PERIOD}&tz=America/New_York`);
  });

  it('commerce matches the ground truth', async () => {
    const report = await same(`/v1/reports/commerce?site=${SITE}&${PERIOD}&tz=${TZ}`);
    expect(report.repurchase).toMatchObject({ customers: truth.commerce.customers, repeat_customers: truth.commerce.repeat_customers });
  });
});
