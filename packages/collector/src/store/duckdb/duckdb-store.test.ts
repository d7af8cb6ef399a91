import { execFileSync, spawn } from 'node:child_process';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeEventStoreContract, eventRow } from '../event-store.contract.js';
import { describeContentVitalsFunnelContract } from '../content-vitals-funnel.contract.js';
import { describeReportsContract } from '../reports.contract.js';
import { describeRetentionCommerceContract } from '../retention-commerce.contract.js';
import { DuckDBStore } from './duckdb-store.js';
import { MIGRATIONS } from './migrations.js';

const dirs: string[] = [];
const paths = new WeakMap<object, string>();
async function freshPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-duckdb-'));
  dirs.push(dir);
  return join(dir, 'db', 'vitrine.duckdb');
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeEventStoreContract('DuckDB', {
  async open() {
    const path = await freshPath();
    const store = await DuckDBStore.open(path);
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    const reopened = await DuckDBStore.open(path);
    paths.set(reopened, path);
    return reopened;
  },
});

describeReportsContract('DuckDB', async () => DuckDBStore.open(await freshPath()));
describeContentVitalsFunnelContract('DuckDB', async () => DuckDBStore.open(await freshPath()));
describeRetentionCommerceContract('DuckDB', async () => DuckDBStore.open(await freshPath()));

describe('DuckDBStore recovery', () => {
  it('moves a damaged write-ahead log aside, says so, and opens with the checkpointed data', async () => {
    const path = await freshPath();
    const store = await DuckDBStore.open(path);
    await store.write([eventRow('a', 'page_view', 0)], []);
    await store.close(); // checkpointed: the event is in the main file

    // A second process writes past the checkpoint and dies by SIGKILL, leaving a real WAL…
    const writeThenDie = `
      import { DuckDBInstance } from '@duckdb/node-api';
      const db = await DuckDBInstance.create(${JSON.stringify(path)});
      const c = await db.connect();
      await c.run("SET checkpoint_threshold = '1GB'");
      await c.run("INSERT INTO rejected_events SELECT 'shop', now(), range, 'x', repeat('y', 100) FROM range(500)");
      process.kill(process.pid, 'SIGKILL');`;
    try {
      execFileSync(process.execPath, ['--input-type=module', '-e', writeThenDie], { cwd: join(import.meta.dirname, '..', '..', '..') });
    } catch {
      // Killed, as intended.
    }
    // …which then takes a bad sector in the middle, so its checksums no longer match.
    const wal = await readFile(`${path}.wal`);
    expect(wal.length).toBeGreaterThan(1000);
    for (let i = wal.length / 2; i < wal.length / 2 + 64; i++) wal[Math.floor(i)]! ^= 0xff;
    await writeFile(`${path}.wal`, wal);

    const messages: string[] = [];
    const reopened = await DuckDBStore.open(path, { onRecovery: (m) => messages.push(m) });
    try {
      expect(messages).toHaveLength(1);
      expect(messages[0]).toMatch(/write-ahead log was moved to .*\.wal\.damaged-/);
      const files = await readdir(join(path, '..'));
      expect(files.some((f) => f.startsWith('vitrine.duckdb.wal.damaged-'))).toBe(true);
      const counts = await reopened.funnelCounts({
        site: 'shop', steps: ['page_view', 'view_item'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z'),
      });
      expect(counts).toEqual([1, 0]);
    } finally {
      await reopened.close();
    }
  });

  it('keeps commits in the write-ahead log until its own checkpoint folds them into the file', async () => {
    const path = await freshPath();
    const store = await DuckDBStore.open(path, { checkpointEveryMs: 0 });
    const walBytes = () => stat(`${path}.wal`).then((s) => s.size, () => 0);
    try {
      // Over DuckDB's default threshold (16 MB), which would have checkpointed inside a commit.
      const rows = Array.from({ length: 40_000 }, (_, i) => eventRow(`v${i}`, 'page_view', i % 600, { props: JSON.stringify({ note: 'x'.repeat(400) }) }));
      for (let i = 0; i < rows.length; i += 5_000) await store.write(rows.slice(i, i + 5_000), []);
      expect(await walBytes()).toBeGreaterThan(16 * 2 ** 20);
      await store.checkpoint();
      expect(await walBytes()).toBeLessThan(2 ** 20);
      const counts = await store.funnelCounts({ site: 'shop', steps: ['page_view', 'view_item'], from: new Date('2026-11-20T00:00:00Z'), to: new Date('2026-11-21T00:00:00Z') });
      expect(counts[0]).toBe(40_000);
    } finally {
      await store.close();
    }
  });

  it('leaves the write-ahead log of a file another process holds alone, and fails with the lock error', async () => {
    const path = await freshPath();
    await (await DuckDBStore.open(path)).close();
    // A live collector: it has committed past the checkpoint (a WAL exists) and holds the lock.
    const holder = spawn(process.execPath, ['--input-type=module', '-e', `
      import { DuckDBInstance } from '@duckdb/node-api';
      const db = await DuckDBInstance.create(${JSON.stringify(path)});
      const c = await db.connect();
      await c.run("SET checkpoint_threshold = '1GB'");
      await c.run("INSERT INTO rejected_events SELECT 'shop', now(), range, 'x', 'y' FROM range(50)");
      console.log('holding');
      setInterval(() => {}, 1000);`], { cwd: join(import.meta.dirname, '..', '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve, reject) => {
        holder.stdout.on('data', (chunk) => String(chunk).includes('holding') && resolve());
        holder.once('exit', (code) => reject(new Error(`holder exited ${code}`)));
      });
      const walBefore = await readFile(`${path}.wal`);
      const messages: string[] = [];
      await expect(DuckDBStore.open(path, { onRecovery: (m) => messages.push(m) })).rejects.toThrow(/lock/i);
      expect(messages).toEqual([]);
      expect(await readFile(`${path}.wal`)).toEqual(walBefore);
      expect((await readdir(join(path, '..'))).filter((f) => f.includes('damaged'))).toEqual([]);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  it('records applied migrations and applies none twice', async () => {
    const path = await freshPath();
    await (await DuckDBStore.open(path)).close();
    const store = await DuckDBStore.open(path);
    await store.close();
    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(path);
    const connection = await db.connect();
    const rows = (await connection.runAndReadAll('SELECT version FROM schema_migrations ORDER BY version')).getRows();
    connection.closeSync();
    db.closeSync();
    expect(rows.map((r) => Number(r[0]))).toEqual(MIGRATIONS.map((m) => m.version));
  });
});
