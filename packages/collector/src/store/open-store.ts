import type { EventStore } from './event-store.js';
import { DuckDBStore } from './duckdb/duckdb-store.js';
import { WorkerStore, workerStoreAvailable } from './duckdb/worker-store.js';

/** Where to store events: a DuckDB file path, or a `clickhouse://host:port/db` URL. */
export interface StoreLocation {
  /** DuckDB file, used unless `store` names ClickHouse. */
  db: string;
  /** `clickhouse://[user:pass@]host:8123/database`, or a DuckDB path. */
  store?: string | undefined;
}

/** Opens the configured store and brings its schema up to date. */
export async function openStore(location: StoreLocation, onRecovery: (message: string) => void, maxPendingRows?: number): Promise<EventStore> {
  if (location.store && /^clickhouses?:\/\//.test(location.store)) {
    // Loaded on demand: a DuckDB-only deployment never loads the ClickHouse client.
    const { ClickHouseStore } = await import('./clickhouse/clickhouse-store.js');
    return ClickHouseStore.open(location.store, maxPendingRows ? { maxPendingRows } : {});
  }
  const path = location.store ?? location.db;
  const options = { onRecovery, ...(maxPendingRows ? { maxPendingRows } : {}) };
  // The DuckDB store runs in a worker thread of its own (worker-store.ts), in the build;
  // TypeScript run from src/ (the in-process tests) has no worker script and opens it here.
  return workerStoreAvailable() ? WorkerStore.open(path, options) : DuckDBStore.open(path, options);
}
