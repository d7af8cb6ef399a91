import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, describe, expect, it } from 'vitest';
import type { EventRow } from '../event-store.js';
import { generatedDataset } from '../reports.oracle.js';
import { DuckDBStore } from './duckdb-store.js';
import { REBUILD_ROLLUPS } from './rollups.js';
import { partsCover } from './session-parts.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

/** The rollup merged to one row per key, as the reports read it, in a stable order. */
const MERGED = `SELECT site, session_id, visitor_id, q, epoch_ms(min(t0)) AS t0, epoch_ms(max(t1)) AS t1, arg_min(e0, (t0, e0)) AS e0,
    sum(pv) AS pv, sum(inter) AS inter, bool_or(conv) AS conv,
    arg_min(channel, (t0, e0)) AS channel, arg_min(source, (t0, e0)) AS source, arg_min(referrer_host, (t0, e0)) AS referrer_host,
    arg_min(utm_campaign, (t0, e0)) AS utm_campaign, arg_min(device_type, (t0, e0)) AS device_type, arg_min(browser, (t0, e0)) AS browser,
    arg_min(os, (t0, e0)) AS os, arg_min(country, (t0, e0)) AS country,
    epoch_ms(min(pv_t0)) AS pv_t0, arg_min(pv_e0, (pv_t0, pv_e0)) FILTER (WHERE pv > 0) AS pv_e0,
    arg_min(entry_path, (pv_t0, pv_e0)) FILTER (WHERE pv > 0) AS entry_path, min(lcp_lo) AS lcp_lo, min(lcp_hi) AS lcp_hi, count(*) AS n
  FROM session_parts GROUP BY ALL ORDER BY site, session_id, visitor_id, q`;

describe('session_parts and money_events, the DuckDB rollups', () => {
  it('hold, commit by commit, what rebuilding them from the events gives', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-parts-'));
    dirs.push(dir);
    const path = join(dir, 'parts.duckdb');
    const rows = generatedDataset();
    // Ties within a millisecond, ids that sort differently as UTF-16 and as UTF-8, null
    // dimensions, a bot, and a session split across commits and quarter hours.
    const at = (iso: string) => new Date(iso);
    const extra = (id: string, name: string, ts: string, over: Partial<EventRow> = {}): EventRow => ({
      ...rows[0]!, site: 'edge', event_id: id, name, ts: at(ts), client_ts: at(ts), received_at: at(ts), visitor_id: 'V', session_id: 'S',
      is_bot: false, channel: 'direct', source: null, referrer_host: null, utm_campaign: null, country: null, path: `/${id}`, ...over,
    });
    const edge = [
      extra('\u{1F600}', 'page_view', '2026-11-01T10:14:59.999Z', { channel: 'search', source: 'Baidu' }),
      extra('\uFF01', 'page_view', '2026-11-01T10:14:59.999Z', { channel: 'social' }),
      extra('b', 'purchase', '2026-11-01T10:15:00.000Z', { country: 'CN' }),
      extra('a', 'web_vital', '2026-11-01T10:15:00.000Z', { source: 'WeChat' }),
      extra('c', 'page_view', '2026-11-01T10:16:00.000Z', { is_bot: true }),
      extra('d', 'page_engagement', '2026-11-01T10:29:00.000Z'),
      // Two LCP samples in one millisecond, one good and one poor, and a later good one.
      extra('l1', 'web_vital', '2026-11-01T10:20:00.000Z', { props: JSON.stringify({ metric: 'LCP', value: 1200 }) }),
      extra('l2', 'web_vital', '2026-11-01T10:20:00.000Z', { props: JSON.stringify({ metric: 'LCP', value: 6000 }) }),
      extra('l3', 'web_vital', '2026-11-01T10:21:00.000Z', { props: JSON.stringify({ metric: 'LCP', value: 900 }) }),
    ];
    const store = await DuckDBStore.open(path, { compactEveryMs: 0 });
    // Uneven commits, so that keys get several rows.
    const all = [...rows, ...edge];
    for (let i = 0, n = 1; i < all.length; i += n, n = (n * 7) % 97 + 1) await store.write(all.slice(i, i + n), []);
    await store.close();

    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    try {
      const read = async () => (await connection.runAndReadAll(MERGED)).getRowObjectsJS();
      const money = async () => (await connection.runAndReadAll('SELECT * FROM money_events ORDER BY event_id')).getRowObjectsJS();
      const written = await read();
      const writtenMoney = await money();
      expect(written.some((r) => Number(r.n) > 1)).toBe(true);
      expect(writtenMoney.length).toBeGreaterThan(10);
      for (const statement of REBUILD_ROLLUPS) await connection.run(statement);
      expect(await money()).toEqual(writtenMoney);
      const rebuilt = await read();
      const strip = (rs: Record<string, unknown>[]) => rs.map(({ n: _, ...r }) => r);
      expect(strip(written)).toEqual(strip(rebuilt));
      expect(rebuilt.every((r) => Number(r.n) === 1)).toBe(true);
      // The edge session: the first event is the one whose id sorts first as UTF-8 (U+FF01 < U+1F600).
      const edgeRows = rebuilt.filter((r) => r.site === 'edge');
      expect(edgeRows.map((r) => [r.q, r.e0, r.channel, r.source, Number(r.pv), Number(r.inter), r.conv, r.entry_path])).toEqual([
        [1992808, '\uFF01', 'social', '', 2, 0, false, '/\uFF01'],
        [1992809, 'a', 'direct', 'WeChat', 0, 1, true, null],
      ]);
      // The first LCP: lo holds the lower rating at the first time (good, 0), hi the higher (poor, 2).
      const us4 = BigInt(Date.parse('2026-11-01T10:20:00.000Z')) * 4000n;
      expect(edgeRows.map((r) => [r.lcp_lo, r.lcp_hi])).toEqual([[null, null], [us4 + 0n, us4 + 3n - 2n]]);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('merges closed quarter hours into one row per key, and the reports do not change', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-parts-'));
    dirs.push(dir);
    const path = join(dir, 'compact.duckdb');
    const rows = generatedDataset();
    const store = await DuckDBStore.open(path, { compactEveryMs: 0 });
    for (let i = 0, n = 1; i < rows.length; i += n, n = (n * 7) % 13 + 1) await store.write(rows.slice(i, i + n), []);
    const query = { site: 'gen', from: new Date('2026-10-26T00:00:00Z'), to: new Date('2026-11-06T00:00:00Z'), tz: 'America/New_York', currency: 'CNY', filters: [] };
    const reports = async () => ({
      trends: await store.trends({ ...query, interval: 'day', activeUsers: true }),
      channels: await store.breakdown({ ...query, dimension: 'channel', limit: 10 }),
      entries: await store.breakdown({ ...query, dimension: 'entry_page', limit: 10 }),
    });
    const before = await reports();
    const last = Math.max(...rows.map((r) => r.ts.getTime()));
    // Nothing closed yet an hour before the first event; then everything, from the first event on.
    expect(await store.compactSessionParts(new Date(Date.parse('2026-10-24T00:00:00Z')))).toBe(0);
    const removed = await store.compactSessionParts(new Date(last + 3_600_000 + 900_000), new Date('2026-10-20T00:00:00Z'));
    expect(removed).toBeGreaterThan(0);
    expect(await reports()).toEqual(before);
    // A late event in a merged quarter hour is a row of its own, merged by the reports.
    await store.write([{ ...rows.find((r) => !r.is_bot && r.site === 'gen' && r.ts >= query.from)!, event_id: 'late', name: 'purchase' }], []);
    const after = await store.breakdown({ ...query, dimension: 'channel', limit: 10 });
    expect(after.reduce((n, r) => n + r.converted_sessions, 0)).toBeGreaterThanOrEqual(before.channels.reduce((n, r) => n + r.converted_sessions, 0));
    await store.close();
    const instance = await DuckDBInstance.create(path);
    const connection = await instance.connect();
    try {
      const counts = (await connection.runAndReadAll('SELECT count(*) AS n, count(DISTINCT (site, session_id, visitor_id, q)) AS k FROM session_parts')).getRowObjectsJS()[0]!;
      expect(Number(counts.n)).toBe(Number(counts.k) + 1);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('merges beside a writer without failing either, and loses no count', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-parts-'));
    dirs.push(dir);
    const store = await DuckDBStore.open(join(dir, 'busy.duckdb'), { compactEveryMs: 0 });
    const template = generatedDataset().find((r) => !r.is_bot)!;
    const now = Date.parse('2026-11-20T12:00:00Z');
    const event = (i: number): EventRow => {
      const ts = new Date(now - 5 * 3_600_000 + (i % 9_000) * 2_000);
      return { ...template, site: 'busy', event_id: `b${i}`, name: i % 7 ? 'page_view' : 'purchase', ts, client_ts: ts, received_at: ts, visitor_id: `v${i % 50}`, session_id: `s${i % 70}` };
    };
    let n = 0;
    const writes = (async () => {
      for (let b = 0; b < 40; b++) await store.write(Array.from({ length: 50 }, () => event(n++)), []);
    })();
    const merges = (async () => {
      for (let c = 0; c < 10; c++) await store.compactSessionParts(new Date(now), new Date(now - 10 * 3_600_000));
    })();
    await Promise.all([writes, merges]);
    const data = await store.trends({ site: 'busy', from: new Date(now - 6 * 3_600_000), to: new Date(now), tz: 'UTC', currency: 'CNY', filters: [], interval: 'day', activeUsers: false });
    const pageviews = Array.from({ length: n }, (_, i) => i % 7 !== 0).filter(Boolean).length;
    expect(data.total).toMatchObject({ pageviews, sessions: 70, visitors: 50 });
    await store.close();
  });

  it('covers unfiltered ranges whose ends are quarter hours from 2000 on', () => {
    const scope = (from: string, to: string, filters: { dimension: 'channel'; values: string[] }[] = []) => ({ from: new Date(from), to: new Date(to), filters });
    expect(partsCover(scope('2026-10-24T16:00:00Z', '2026-11-23T16:00:00Z'))).toBe(true);
    expect(partsCover(scope('2026-10-24T16:45:00Z', '2026-11-23T05:30:00Z'))).toBe(true);
    expect(partsCover(scope('2026-10-24T16:01:00Z', '2026-11-23T16:00:00Z'))).toBe(false);
    expect(partsCover(scope('2026-10-24T16:00:00Z', '2026-11-23T16:00:00.001Z'))).toBe(false);
    expect(partsCover(scope('1999-12-31T00:00:00Z', '2000-01-02T00:00:00Z'))).toBe(false);
    expect(partsCover(scope('2026-10-24T16:00:00Z', '2026-11-23T16:00:00Z', [{ dimension: 'channel', values: ['search'] }]))).toBe(false);
  });
});
