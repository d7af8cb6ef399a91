import { createClient, type ClickHouseClient } from '@clickhouse/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startClickHouse, type ClickHouseServer } from '../../../../../test/support/clickhouse-server.js';
import { describeEventStoreContract, eventRow } from '../event-store.contract.js';
import type { EventRow } from '../event-store.js';
import { describeContentVitalsFunnelContract } from '../content-vitals-funnel.contract.js';
import { describeReportsContract, reportDataset } from '../reports.contract.js';
import { describeRetentionCommerceContract } from '../retention-commerce.contract.js';
import { expectedBreakdown, expectedTrends } from '../reports.oracle.js';
import { ClickHouseStore, existingEventIdsQuery, parseClickHouseUrl } from './clickhouse-store.js';
import { buildFunnelQuery } from './funnel-query.js';
import { MIGRATIONS, migrate } from './migrations.js';
import { EVENT_COLUMNS } from '../columns.js';
import { DERIVED_COLUMNS, deriveColumns } from '../derived-columns.js';
import { derivedCases } from '../derived-columns.cases.js';
import { bindQuery } from './sql.js';

// A real clickhouse-server in a temporary directory; when it is not installed, every test
// here fails with "run scripts/install-clickhouse.sh" (never skips).
let server: ClickHouseServer;
beforeAll(async () => {
  server = await startClickHouse();
});
afterAll(async () => {
  await server?.stop();
});

let databases = 0;
/** A database of its own for every store a test opens, so that tests never share data. */
const freshUrl = () => server.storeUrl(`vitrine_test_${++databases}`);
const urls = new WeakMap<object, string>();

describeEventStoreContract('ClickHouse', {
  async open() {
    const url = freshUrl();
    const store = await ClickHouseStore.open(url);
    urls.set(store, url);
    return store;
  },
  async reopen(store) {
    const url = urls.get(store)!;
    await store.close();
    const reopened = await ClickHouseStore.open(url);
    urls.set(reopened, url);
    return reopened;
  },
});

describeReportsContract('ClickHouse', () => ClickHouseStore.open(freshUrl()));
describeRetentionCommerceContract('ClickHouse', () => ClickHouseStore.open(freshUrl()));
describeContentVitalsFunnelContract('ClickHouse', () => ClickHouseStore.open(freshUrl()));

/** A client of the `default` user on `url`'s database, to look behind the store's back. */
function adminClient(url: string): ClickHouseClient {
  return createClient({ url: server.httpUrl, database: parseClickHouseUrl(url).database, log: { level: 127 } });
}

async function rowsOf<T>(client: ClickHouseClient, query: string): Promise<T[]> {
  return (await client.query({ query, format: 'JSONEachRow' })).json<T>();
}

describe('ClickHouseStore on ClickHouse 18.16', () => {
  it('counts an event stored twice (not merged yet) once in every report', async () => {
    const url = freshUrl();
    const store = await ClickHouseStore.open(url);
    const admin = adminClient(url);
    try {
      const rows = reportDataset();
      // Two inserts make two parts; without OPTIMIZE … FINAL nothing merges them.
      await store.write(rows, []);
      await store.write(rows, []);
      const [stored] = await rowsOf<{ n: string }>(admin, 'SELECT count() AS n FROM events');
      expect(Number(stored!.n)).toBe(rows.length * 2);
      const scope = { site: 'shop', from: new Date('2026-11-01T16:00:00Z'), to: new Date('2026-11-03T16:00:00Z'), tz: 'Asia/Shanghai', currency: 'CNY', filters: [] };
      const trends = { ...scope, interval: 'day' as const, activeUsers: true };
      expect(await store.trends(trends)).toEqual(expectedTrends(rows, trends));
      const breakdown = { ...scope, dimension: 'channel' as const, limit: 10 };
      expect(await store.breakdown(breakdown)).toEqual(expectedBreakdown(rows, breakdown));
    } finally {
      await admin.close();
      await store.close();
    }
  });

  it('records applied migrations and applies none twice, even when collectors start together', async () => {
    const url = freshUrl();
    // Two collectors starting at once against a fresh database: both must come up.
    const [a, b] = await Promise.all([ClickHouseStore.open(url), ClickHouseStore.open(url)]);
    await Promise.all([a.close(), b.close()]);
    await (await ClickHouseStore.open(url)).close();
    const admin = adminClient(url);
    try {
      const versions = await rowsOf<{ version: number }>(admin, 'SELECT DISTINCT version FROM schema_migrations ORDER BY version');
      expect(versions.map((r) => Number(r.version))).toEqual(MIGRATIONS.map((m) => m.version));
      // The third open found every version recorded and ran nothing: at most the two racing
      // opens wrote a row each (which the ReplacingMergeTree collapses).
      await admin.command({ query: 'OPTIMIZE TABLE schema_migrations FINAL' });
      const [row] = await rowsOf<{ n: string }>(admin, 'SELECT count() AS n FROM schema_migrations');
      expect(Number(row?.n)).toBe(MIGRATIONS.length);
    } finally {
      await admin.close();
    }
  });

  it('migration 2 gives the rows stored before it the typed columns the write path gives new ones', async () => {
    const url = freshUrl();
    const admin = adminClient(url);
    const rows = derivedCases();
    try {
      // A database as version 1 left it, with events written then.
      const bootstrap = createClient({ url: server.httpUrl, log: { level: 127 } });
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${parseClickHouseUrl(url).database}` });
      await bootstrap.close();
      await migrate(admin, MIGRATIONS.filter((m) => m.version === 1));
      await admin.insert({
        table: 'events',
        format: 'JSONEachRow',
        values: rows.map((r) => Object.fromEntries(EVENT_COLUMNS.map((c) => {
          const v = r[c.name];
          return [c.name, v instanceof Date ? v.getTime() : typeof v === 'boolean' ? Number(v) : v];
        }))),
      });
      const read = async (database: string) =>
        (await rowsOf<Record<string, unknown>>(admin, `SELECT event_id, ${DERIVED_COLUMNS.map((d) => d.name).join(', ')} FROM ${database}.events ORDER BY event_id`))
          .map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === 'string' && k !== 'event_id' && DERIVED_COLUMNS.find((d) => d.name === k)?.type === 'double' ? Number(v) : v])));
      const expected = rows.map((r) => ({ event_id: r.event_id, ...deriveColumns(r) }));
      const database = parseClickHouseUrl(url).database;
      // Opening the store runs migration 2: the DEFAULTs answer at once, the mutations write them.
      await (await ClickHouseStore.open(url)).close();
      expect(await read(database)).toEqual(expected);
      for (let i = 0; i < 100; i++) {
        const [pending] = await rowsOf<{ n: string }>(admin, `SELECT count() AS n FROM system.mutations WHERE database = '${database}' AND is_done = 0`);
        if (Number(pending?.n) === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const [mutations] = await rowsOf<{ n: string }>(admin, `SELECT count() AS n FROM system.mutations WHERE database = '${database}' AND is_done = 1`);
      expect(Number(mutations?.n)).toBe(3);
      expect(await read(database)).toEqual(expected);
      // New writes carry the values themselves.
      const store = await ClickHouseStore.open(url);
      await store.write(derivedCases('again').map((r) => ({ ...r, event_id: `n${r.event_id}` })), []);
      await store.close();
      const again = await rowsOf<Record<string, unknown>>(admin, `SELECT event_id, ${DERIVED_COLUMNS.map((d) => d.name).join(', ')} FROM events WHERE site = 'again' ORDER BY event_id`);
      expect(again.map((r) => ({ ...r, event_id: String(r.event_id).slice(1), vital_value: r.vital_value === null ? null : Number(r.vital_value), article_depth: r.article_depth === null ? null : Number(r.article_depth), article_read_ms: r.article_read_ms === null ? null : Number(r.article_read_ms) }))).toEqual(expected);
    } finally {
      await admin.close();
    }
  });

  it('collapses duplicate event ids on merge (ReplacingMergeTree), and funnels ignore them before it', async () => {
    const url = freshUrl();
    const store = await ClickHouseStore.open(url);
    const admin = adminClient(url);
    try {
      // Two collectors that each let the same event through: same site, id and client_ts,
      // but a different corrected ts and received_at (each delivery's own skew estimate).
      const first = eventRow('a', 'page_view', 0);
      const again: EventRow = { ...first, ts: new Date(first.ts.getTime() + 250), received_at: new Date(first.received_at.getTime() + 5_000) };
      await store.write([first, eventRow('a', 'view_item', 1)], []);
      await store.write([again], []);
      const count = async () => Number((await rowsOf<{ n: string }>(admin, 'SELECT count() AS n FROM events'))[0]!.n);
      const funnel = () =>
        store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
      expect(await count()).toBe(3);
      expect(await funnel()).toEqual([1, 1]);
      await admin.command({ query: 'OPTIMIZE TABLE events FINAL' });
      expect(await count()).toBe(2);
      expect(await funnel()).toEqual([1, 1]);
    } finally {
      await admin.close();
      await store.close();
    }
  });

  it('answers existingEventIds from the primary key, reading a small part of the table', async () => {
    const url = freshUrl();
    const store = await ClickHouseStore.open(url);
    const admin = adminClient(url);
    try {
      const base = Date.parse('2026-11-20T00:00:00Z');
      const total = 60_000;
      const rows = Array.from({ length: total }, (_, i) => {
        const at = new Date(base + i * 1000);
        return eventRow(`v${i % 500}`, 'page_view', 0, { event_id: `e${i}`, ts: at, client_ts: at, received_at: at });
      });
      await store.write(rows, []);
      const from = new Date(base + 30_000 * 1000);
      const to = new Date(base + 30_010 * 1000);
      const ids = ['e30000', 'e30005', 'e1', 'never'];
      expect(await store.existingEventIds('shop', ids, from, to)).toEqual(new Set(['e30000', 'e30005']));
      // force_primary_key makes the server refuse the query if the key cannot narrow it.
      const result = await admin.query({
        query: existingEventIdsQuery('shop', ids, from, to),
        format: 'JSON',
        clickhouse_settings: { force_primary_key: 1 },
      });
      const { statistics } = (await result.json()) as { statistics: { rows_read: number } };
      expect(statistics.rows_read).toBeLessThan(total / 4);
    } finally {
      await admin.close();
      await store.close();
    }
  });

  it('lets funnels skip the months outside their range (partition by month of ts)', async () => {
    const url = freshUrl();
    const store = await ClickHouseStore.open(url);
    const admin = adminClient(url);
    try {
      await store.write([eventRow('a', 'page_view', 0), eventRow('b', 'page_view', 0, { ts: new Date('2026-09-01T00:00:00Z') })], []);
      const { sql, params } = buildFunnelQuery({
        site: 'shop', steps: ['page_view'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'),
      });
      // force_index_by_date makes the server refuse the query if the partition index on ts is unused.
      const result = await admin.query({ query: bindQuery(sql, params), format: 'JSON', clickhouse_settings: { force_index_by_date: 1 } });
      const { data, statistics } = (await result.json()) as { data: { c0: string }[]; statistics: { rows_read: number } };
      expect(Number(data[0]!.c0)).toBe(1);
      expect(statistics.rows_read).toBe(1);
    } finally {
      await admin.close();
      await store.close();
    }
  });

  it('keeps every acknowledged write when clickhouse-server is killed right after (kill -9)', async () => {
    const url = freshUrl();
    const store = await ClickHouseStore.open(url);
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => store.write([eventRow(`v${i}`, 'page_view', 0), eventRow(`v${i}`, 'view_item', 1)], [])),
    );
    await server.restart(); // SIGKILL the moment the last write was acknowledged, then start again
    await store.close();
    const reopened = await ClickHouseStore.open(url);
    try {
      const counts = await reopened.funnelCounts({
        site: 'shop', steps: ['page_view', 'view_item'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'),
      });
      expect(counts).toEqual([20, 20]);
    } finally {
      await reopened.close();
    }
  });

  it('stores a lone surrogate as U+FFFD (as DuckDB does) instead of failing the whole group commit', async () => {
    const store = await ClickHouseStore.open(freshUrl());
    try {
      await Promise.all([
        store.write([eventRow('a', 'page_view', 0, { title: 'broken \ud800 title' })], []),
        store.write([eventRow('b', 'page_view', 0)], [{ site: 'shop', received_at: new Date(), event_index: 0, reason: 'r', raw: '"\udc00"' }]),
      ]);
      const counts = await store.funnelCounts({
        site: 'shop', steps: ['page_view'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'),
      });
      expect(counts).toEqual([2]);
      expect((await store.rejected('shop', 1))[0]!.raw).toBe('"\ufffd"');
    } finally {
      await store.close();
    }
  });

  it('fails only the write that holds an unstorable row, not the others of its group', async () => {
    const store = await ClickHouseStore.open(freshUrl());
    try {
      const results = await Promise.allSettled([
        store.write([eventRow('a', 'page_view', 0)], []),
        store.write([eventRow('b', 'page_view', 0, { ts: new Date(Number.NaN) })], []),
        store.write([eventRow('c', 'page_view', 0)], []),
      ]);
      expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      const counts = await store.funnelCounts({
        site: 'shop', steps: ['page_view'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'),
      });
      expect(counts).toEqual([2]);
    } finally {
      await store.close();
    }
  });

  it('keeps the newest version of a site across reopen, and lists sites in creation order', async () => {
    const url = freshUrl();
    let store = await ClickHouseStore.open(url);
    try {
      const keys = ['s1', 's2', 's3', 's4', 's5'];
      for (const key of keys) await store.addSite({ key, name: key, origins: [], currency: 'CNY', timezone: 'Asia/Shanghai', cookieless: false });
      await store.setSiteDisabled('s2', true);
      await store.setSiteDisabled('s2', false);
      await store.setSiteDisabled('s2', true);
      store = await (async () => {
        await store.close();
        return ClickHouseStore.open(url);
      })();
      const sites = await store.listSites();
      expect(sites.map((s) => s.key)).toEqual(keys);
      expect(sites.map((s) => s.disabled)).toEqual([false, true, false, false, false]);
      await expect(store.addSite({ key: 's3', name: 'x', origins: [], currency: 'CNY', timezone: 'UTC', cookieless: false })).rejects.toThrow(/taken/);
    } finally {
      await store.close();
    }
  });

  it('refuses a taken key even when the same process adds it twice at once', async () => {
    const store = await ClickHouseStore.open(freshUrl());
    try {
      const add = () => store.addSite({ key: 'dup', name: 'dup', origins: [], currency: 'CNY', timezone: 'UTC', cookieless: false });
      const results = await Promise.allSettled([add(), add(), add()]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect((await store.listSites()).map((s) => s.key)).toEqual(['dup']);
    } finally {
      await store.close();
    }
  });

  it('reports rejected payloads of all sites, newest first', async () => {
    const store = await ClickHouseStore.open(freshUrl());
    try {
      const at = (s: number) => new Date(Date.parse('2026-11-20T10:00:00Z') + s * 1000);
      await store.write([], [
        { site: null, received_at: at(0), event_index: null, reason: 'not JSON', raw: '{' },
        { site: 'shop', received_at: at(1), event_index: 2, reason: '/name: Expected string', raw: '{"name":1}' },
      ]);
      expect(await store.rejected(null, 10)).toEqual([
        { site: 'shop', received_at: at(1), event_index: 2, reason: '/name: Expected string', raw: '{"name":1}' },
        { site: null, received_at: at(0), event_index: null, reason: 'not JSON', raw: '{' },
      ]);
      expect(await store.rejected('shop', 10)).toHaveLength(1);
    } finally {
      await store.close();
    }
  });
});

describe('parseClickHouseUrl', () => {
  it('reads host, port, credentials and database', () => {
    expect(parseClickHouseUrl('clickhouse://ch.internal:8123/analytics')).toEqual({
      url: 'http://ch.internal:8123', username: 'default', password: '', database: 'analytics',
    });
    expect(parseClickHouseUrl('clickhouse://vitrine:p%40ss%3Aword@10.0.0.5:9123/db_1')).toEqual({
      url: 'http://10.0.0.5:9123', username: 'vitrine', password: 'p@ss:word', database: 'db_1',
    });
    expect(parseClickHouseUrl('clickhouse://[::1]')).toEqual({ url: 'http://[::1]:8123', username: 'default', password: '', database: 'default' });
    expect(parseClickHouseUrl('clickhouses://ch.example/db').url).toBe('https://ch.example:8443');
  });

  it('refuses what it cannot use', () => {
    expect(() => parseClickHouseUrl('http://localhost:8123/db')).toThrow(/not a ClickHouse URL/);
    expect(() => parseClickHouseUrl('clickhouse://localhost:8123/db?secure=1')).toThrow(/options/);
    expect(() => parseClickHouseUrl('clickhouse://localhost:8123/my-db')).toThrow(/database name/);
    expect(() => parseClickHouseUrl('clickhouse://localhost:8123/x;DROP')).toThrow(/database name/);
  });
});

describe('the ClickHouse test server', () => {
  it('starts quickly enough for the suite and answers with 18.16 or newer', async () => {
    expect(server.startupMs).toBeLessThan(10_000);
    const response = await fetch(`${server.httpUrl}/?query=${encodeURIComponent('SELECT version()')}`);
    expect(await response.text()).toMatch(/^\d+\.\d+/);
  });

  it('fails with the install hint, instead of skipping, when clickhouse-server is missing', async () => {
    const saved = process.env.CLICKHOUSE_SERVER;
    process.env.CLICKHOUSE_SERVER = '/nonexistent/clickhouse-server';
    try {
      await expect(startClickHouse()).rejects.toThrow(/run scripts\/install-clickhouse\.sh/);
    } finally {
      if (saved === undefined) delete process.env.CLICKHOUSE_SERVER;
      else process.env.CLICKHOUSE_SERVER = saved;
    }
  });
});
