import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { describeContentVitalsFunnelContract } from '../../packages/collector/src/store/content-vitals-funnel.contract.js';
import { describeEventStoreContract, eventRow } from '../../packages/collector/src/store/event-store.contract.js';
import { describeReportsContract } from '../../packages/collector/src/store/reports.contract.js';
import { describeRetentionCommerceContract } from '../../packages/collector/src/store/retention-commerce.contract.js';
// The build's modules: the worker's script exists only there (TypeScript from src/ has none).
import { QueueFullError } from '../../packages/collector/dist/lib/group-commit-queue.js';
import { WorkerStore } from '../../packages/collector/dist/store/duckdb/worker-store.js';

// The DuckDB store in its worker thread, as `vitrine serve` runs it: the same contracts as
// the in-process DuckDBStore (packages/collector/src/store/duckdb/duckdb-store.test.ts),
// every call and answer crossing the thread boundary.

const dirs: string[] = [];
const paths = new WeakMap<object, string>();
async function freshPath(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'vitrine-worker-store-'));
  dirs.push(dir);
  return join(dir, 'db', 'vitrine.duckdb');
}
afterAll(async () => {
  await Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true })));
});

describeEventStoreContract('DuckDB in a worker thread', {
  async open() {
    const path = await freshPath();
    const store = await WorkerStore.open(path);
    paths.set(store, path);
    return store;
  },
  async reopen(store) {
    const path = paths.get(store)!;
    await store.close();
    const reopened = await WorkerStore.open(path);
    paths.set(reopened, path);
    return reopened;
  },
});
describeReportsContract('DuckDB in a worker thread', async () => WorkerStore.open(await freshPath()));
describeRetentionCommerceContract('DuckDB in a worker thread', async () => WorkerStore.open(await freshPath()));
describeContentVitalsFunnelContract('DuckDB in a worker thread', async () => WorkerStore.open(await freshPath()));

describe('WorkerStore across the thread boundary', () => {
  it('rejects a write over the queue bound with a QueueFullError, which the ingest route answers with 503', async () => {
    const store = await WorkerStore.open(await freshPath(), { maxPendingRows: 1 });
    const rows = (n: number) => Array.from({ length: 2 }, (_, i) => eventRow('v1', 'page_view', n, { event_id: `q-${n}-${i}` }));
    // The first write runs; the next ones wait behind it, and the bound refuses them.
    const results = await Promise.allSettled([1, 2, 3, 4].map((n) => store.write(rows(n), [])));
    const refused = results.filter((r) => r.status === 'rejected').map((r) => (r as PromiseRejectedResult).reason);
    expect(refused.length).toBeGreaterThan(0);
    for (const error of refused) expect(error).toBeInstanceOf(QueueFullError);
    await store.close();
  });

  it('rejects the open with the store\'s own error when the file cannot be opened', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-worker-store-'));
    dirs.push(dir);
    // A directory where the database file should be.
    await expect(WorkerStore.open(dir)).rejects.toThrow(/./);
  });

  it('ends the process when the worker dies unasked, as an uncaught error in the store would', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'vitrine-worker-store-'));
    dirs.push(dir);
    const module = fileURLToPath(new URL('../../packages/collector/dist/store/duckdb/worker-store.js', import.meta.url));
    // A message the worker cannot run (no such method) throws inside it: an uncaught error there.
    const script = join(dir, 'die.mjs');
    await writeFile(
      script,
      `const { WorkerStore } = await import(${JSON.stringify(module)});
       const store = await WorkerStore.open(${JSON.stringify(join(dir, 'db', 'x.duckdb'))});
       store.worker.postMessage({ id: 999, method: 'noSuchMethod', args: [] });
       setTimeout(() => console.log('still running'), 3000);`,
    );
    const child = spawnSync(process.execPath, [script], { encoding: 'utf8', timeout: 20_000 });
    expect(child.status).toBe(1);
    expect(child.stdout).not.toContain('still running');
    expect(child.stderr).toMatch(/TypeError/);
  });

  it('rejects calls after close instead of leaving them pending', async () => {
    const store = await WorkerStore.open(await freshPath());
    await store.close();
    await expect(store.listSites()).rejects.toThrow(/closed/);
  });
});
