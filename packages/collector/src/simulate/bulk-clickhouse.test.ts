import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../test/support/clickhouse-server.js';
import { openStore } from '../store/open-store.js';
import { runBulk } from './bulk.js';
import { Simulation } from './generate.js';
import { TRUTH_FUNNEL } from './truth.js';

// The bulk mode's `--store clickhouse://…` path: the same ingest, ClickHouse's own writer.
let clickhouse: ClickHouseServer;
beforeAll(async () => {
  clickhouse = await startClickHouse();
});
afterAll(async () => {
  await clickhouse?.stop();
});

describe('bulk mode into a real ClickHouse', () => {
  it('stores the simulation with the trends and funnel numbers of the ground truth', async () => {
    const store = await openStore({ db: '', store: clickhouse.storeUrl('sim_bulk') }, () => undefined);
    try {
      const simulation = new Simulation({ seed: 5, days: 14, end: '2026-11-15', tz: 'Asia/Shanghai', visitors: 250, origin: 'https://shop.example' });
      const result = await runBulk({ store, site: 'demo', simulation });
      const truth = simulation.summary();
      expect(result).toMatchObject({ accepted: truth.events.total, rejected: 0, duplicates: 0 });
      const scope = { site: 'demo', from: new Date(truth.from), to: new Date(truth.to), tz: 'Asia/Shanghai', currency: 'CNY', filters: [] };
      const trends = await store.trends({ ...scope, interval: 'day', activeUsers: false });
      expect(trends.total).toMatchObject({ visitors: truth.visitors, sessions: truth.sessions, pageviews: truth.pageviews, bounces: truth.bounces, converted_sessions: truth.converted_sessions });
      const money = trends.money.filter((m) => m.bucket === 'total');
      expect(Object.fromEntries(money.map((m) => [m.currency, m.gross]))).toEqual(truth.commerce.gross);
      expect(await store.funnelCounts({ site: 'demo', steps: [...TRUTH_FUNNEL], from: scope.from, to: scope.to })).toEqual(truth.funnel.visitors);
    } finally {
      await store.close();
    }
  });
});
