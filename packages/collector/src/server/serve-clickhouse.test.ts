import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../test/support/clickhouse-server.js';
import { createLogger } from '../ops/logger.js';
import { startCollector } from './serve.js';

// The whole ingest path on ClickHouse: exactly-once across replays and restarts, as on DuckDB.
let clickhouse: ClickHouseServer;
beforeAll(async () => {
  clickhouse = await startClickHouse();
});
afterAll(async () => {
  await clickhouse?.stop();
});

const UA = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';
const now = Date.now();
const batch = JSON.stringify({
  v: 1, site: 'shop', sent_at: now,
  events: ['page_view', 'view_item', 'add_to_cart', 'purchase'].map((name, i) => ({
    id: `ch-${i}`, name, ts: now - 10_000 + i, visitor_id: 'v1', session_id: 's1', url: 'https://shop.example/',
    ...(name === 'purchase' ? { props: { transaction_id: 'T1', value: 99, currency: 'CNY' } } : name === 'page_view' ? {} : { props: { items: [{ item_id: 'sku' }] } }),
  })),
});
/** Raw rows in ClickHouse, before any merge could collapse duplicates. */
async function rawRows(database: string): Promise<number> {
  const res = await fetch(`${clickhouse.httpUrl}/?query=${encodeURIComponent(`SELECT count() FROM ${database}.events`)}`);
  return Number((await res.text()).trim());
}

describe('collector on ClickHouse', () => {
  it('stores a replayed batch once, also after a restart empties its memory', async () => {
    const options = { port: 0, db: '', store: clickhouse.storeUrl('ingest_replay'), adminSecret: 's', sites: ['shop'], logger: createLogger('silent') };
    const post = (url: string) => fetch(`${url}/v1/batch`, { method: 'POST', body: batch, headers: { 'User-Agent': UA } }).then((r) => r.json());

    const first = await startCollector(options);
    expect(await post(first.url)).toEqual({ accepted: 4, duplicates: 0, rejected: [] });
    expect(await post(first.url)).toEqual({ accepted: 4, duplicates: 4, rejected: [] });
    await first.close();

    const second = await startCollector(options);
    try {
      expect(await post(second.url)).toEqual({ accepted: 4, duplicates: 4, rejected: [] });
      const funnel = await fetch(`${second.url}/v1/reports/funnel?site=shop&steps=page_view,view_item,add_to_cart,purchase`, { headers: { Authorization: 'Bearer s' } });
      expect((await funnel.json()).steps.map((s: { visitors: number }) => s.visitors)).toEqual([1, 1, 1, 1]);
    } finally {
      await second.close();
    }
    expect(await rawRows('ingest_replay')).toBe(4);
  });
});
