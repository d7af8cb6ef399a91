import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { freePort, startProcess } from '../../../../test/support/processes.js';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { SIMULATE_FLAGS, SIMULATE_USAGE, parseSimulateArgs, simulateCommand } from './command.js';
import type { GroundTruthSummary } from './truth.js';

const dirs: string[] = [];
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describe('vitrine simulate', () => {
  it('lists every flag in its help, the ones the brief names included', () => {
    for (const flag of SIMULATE_FLAGS) expect(SIMULATE_USAGE).toContain(`--${flag.name}`);
    for (const name of ['days', 'visitors', 'events', 'seed', 'end', 'mode', 'db', 'store', 'endpoint', 'site', 'truth', 'tz']) {
      expect(SIMULATE_FLAGS.map((f) => f.name)).toContain(name);
    }
  });

  it('defaults to 90 days ending yesterday in the shop zone, and refuses bad flags with a reason', () => {
    // 2026-11-24 01:00 in Shanghai is still the 23rd in UTC: "yesterday" is the zone's.
    const parsed = parseSimulateArgs([], new Date('2026-11-23T17:00:00Z'));
    expect(parsed).toMatchObject({ mode: 'bulk', base: { days: 90, end: '2026-11-23', tz: 'Asia/Shanghai', seed: 1 }, visitors: 3000, events: null, site: 'demo' });
    expect(parseSimulateArgs(['--events', '10000000', '--tz', 'UTC'], new Date('2026-11-23T17:00:00Z'))).toMatchObject({ visitors: null, events: 10_000_000, base: { end: '2026-11-22' } });
    expect(() => parseSimulateArgs(['--mode', 'fast'], new Date())).toThrow(/--mode/);
    expect(() => parseSimulateArgs(['--tz', 'Mars/Olympus'], new Date())).toThrow(/--tz/);
    expect(() => parseSimulateArgs(['--days', '0'], new Date())).toThrow(/--days/);
    expect(() => parseSimulateArgs(['--visitors', '5', '--events', '5'], new Date())).toThrow(/not both/);
  });

  it('seeds a DuckDB file in bulk mode and writes the truth file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-sim-cli-'));
    dirs.push(dir);
    const db = join(dir, 'demo.duckdb');
    const truthPath = join(dir, 'out', 'truth.json');
    const log = vi.spyOn(console, 'log').mockImplementation(() => undefined);
    const err = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      const code = await simulateCommand(['--db', db, '--days', '5', '--end', '2026-11-15', '--visitors', '50', '--truth', truthPath, '--site', 'shop']);
      expect(code).toBe(0);
      expect(log.mock.calls.at(-1)?.[0]).toMatch(/simulated [\d,]+ events .* 0 rejected/);
    } finally {
      log.mockRestore();
      err.mockRestore();
    }
    const truth = JSON.parse(await readFile(truthPath, 'utf8')) as GroundTruthSummary;
    expect(truth).toMatchObject({ params: { seed: 1, days: 5, end: '2026-11-15', visitors: 50 }, visitors: 50 });
    const store = await DuckDBStore.open(db);
    try {
      const data = await store.trends({ site: 'shop', from: new Date(truth.from), to: new Date(truth.to), tz: truth.tz, currency: 'CNY', filters: [], interval: 'day', activeUsers: false });
      expect(data.total.visitors).toBe(truth.visitors);
      expect(data.total.pageviews).toBe(truth.pageviews);
    } finally {
      await store.close();
    }
  });

  it('refuses a DuckDB file that a running collector holds, and leaves its write-ahead log alone', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-sim-lock-'));
    dirs.push(dir);
    const db = join(dir, 'held.duckdb');
    const port = await freePort();
    const collector = await startProcess(
      ['packages/collector/dist/cli.js', 'serve', '--port', String(port), '--db', db, '--site', 'demo', '--admin-secret', 's'],
      { VITRINE_LOG_LEVEL: 'info' },
      'listening on',
    );
    try {
      await expect(simulateCommand(['--db', db, '--days', '1', '--visitors', '1', '--quiet'])).rejects.toThrow(/held by another process/);
      expect((await readdir(dir)).filter((f) => f.includes('damaged'))).toEqual([]);
    } finally {
      collector.child.kill('SIGTERM');
      await collector.exited;
    }
  }, 30_000);
});
