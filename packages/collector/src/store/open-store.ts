import type { EventStore } from './event-store.js';
import { DuckDBStore } from './duckdb/duckdb-store.js';

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
  return DuckDBStore.open(location.store ?? location.db, { onRecovery, ...(maxPendingRows ? { maxPendingRows } : {}) });
}
