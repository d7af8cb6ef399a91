import { DuckDBInstance } from '@duckdb/node-api';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuckParams, bucket, bucketIn } from './scope.js';

describe('bucketIn', () => {
  let instance: DuckDBInstance;
  beforeAll(async () => {
    instance = await DuckDBInstance.create(':memory:');
  });
  afterAll(() => instance.closeSync());

  /**
   * Every 7 minutes (so instants fall on and off quarter hours) over `from`…`to` plus a
   * day either side (outside the range: the exact path), the bucket by lookup and by
   * `timezone()` per row; returns the instants where they differ and how many were compared.
   */
  async function compare(interval: 'day' | 'week' | 'month', tz: string, from: string, to: string) {
    const p = new DuckParams();
    const range = { from: p.bind(from, 'from'), to: p.bind(to, 'to') };
    const sql = `SELECT count(*) AS n, list(CAST(t AS VARCHAR)) FILTER (WHERE fast IS DISTINCT FROM exact) AS bad FROM (
        SELECT t, ${bucketIn(interval, 't', p, tz, range)} AS fast, ${bucket(interval, 't', p, tz)} AS exact
        FROM (SELECT unnest(range(CAST($from AS TIMESTAMPTZ) - INTERVAL 1 DAY, CAST($to AS TIMESTAMPTZ) + INTERVAL 1 DAY, INTERVAL 7 MINUTE)) AS t))`;
    const connection = await instance.connect();
    const [row] = (await connection.runAndReadAll(sql, p.values)).getRowObjectsJS();
    connection.closeSync();
    return { n: Number(row!.n), bad: (row!.bad as string[] | null) ?? [] };
  }

  it('gives the same day as timezone() across DST changes and quarter-hour zones', async () => {
    for (const tz of ['America/New_York', 'Europe/Berlin', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Asia/Shanghai', 'UTC']) {
      const { n, bad } = await compare('day', tz, '2026-03-01T00:00:00Z', '2026-11-15T12:34:56.789Z');
      expect(bad, tz).toEqual([]);
      expect(n).toBeGreaterThan(50_000);
    }
  });

  it('gives the same week and month', async () => {
    for (const interval of ['week', 'month'] as const) {
      expect((await compare(interval, 'America/Sao_Paulo', '2025-12-20T03:00:00Z', '2026-04-02T00:00:00Z')).bad).toEqual([]);
    }
  });

  it('falls back to the exact conversion for ranges before 2000', async () => {
    expect((await compare('day', 'Africa/Monrovia', '1971-12-20T00:00:00Z', '1972-01-20T00:00:00Z')).bad).toEqual([]);
  });
});
