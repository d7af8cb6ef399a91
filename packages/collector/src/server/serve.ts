import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { DuckDBStore } from '../store/duckdb/duckdb-store.js';
import { createApp } from './app.js';

/** Options of {@link startCollector}. */
export interface CollectorOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  /** Interface to listen on. */
  host?: string;
  /** DuckDB file path. */
  db: string;
  /** Bearer token for reading data. */
  adminToken: string;
  /** Site keys to register at start (idempotent). */
  sites?: string[];
}

/** A running collector. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  store: DuckDBStore;
  /** Stops accepting requests, commits what is queued, checkpoints and closes the database. */
  close(): Promise<void>;
}

/** Opens the store and starts the HTTP server. */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const store = await DuckDBStore.open(options.db);
  for (const site of options.sites ?? []) await store.addSite(site);
  const app = createApp({ store, adminToken: options.adminToken });
  const host = options.host ?? '127.0.0.1';
  const server = await new Promise<ReturnType<typeof serve>>((resolve, reject) => {
    const s = serve({ fetch: app.fetch, port: options.port, hostname: host }, () => resolve(s));
    s.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    store,
    close: () =>
      (closing ??= (async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await store.close();
      })()),
  };
}
