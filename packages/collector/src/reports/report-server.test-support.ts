import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { createLogger } from '../ops/logger.js';
import { startCollector, type RunningCollector } from '../server/serve.js';
import type { EventRow } from '../store/event-store.js';

/** The admin secret of {@link useReportServer}'s collector: a Bearer token for every report. */
export const SECRET = 'test-admin-secret';

/** A running collector for report tests, and the ways the tests ask it. */
export interface ReportServer {
  /** The collector's base URL. */
  readonly url: string;
  /** The running collector itself (its store, its services). */
  readonly collector: RunningCollector;
  /** GETs `path` with `token` (default the admin secret) as a Bearer token. */
  get(path: string, token?: string): Promise<Response>;
  /** GETs `path`, and answers its status and JSON body. */
  json<T>(path: string, token?: string): Promise<{ status: number; body: T }>;
}

/**
 * Starts, for the enclosing `describe`, a collector over a fresh DuckDB file in a
 * temporary folder, with `sites` registered and `events` stored, and stops it and
 * deletes the folder afterwards. `now`: the collector's clock, stopped there (ranges
 * such as `30d` and "periods not yet started" depend on it).
 */
export function useReportServer(options: { sites: string[]; events: () => EventRow[]; now?: Date }): ReportServer {
  let collector: RunningCollector | undefined;
  let dir: string | undefined;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'vitrine-reports-'));
    collector = await startCollector({ port: 0, db: join(dir, 'vitrine.duckdb'), adminSecret: SECRET, sites: options.sites, logger: createLogger('silent') });
    const { now } = options;
    if (now) collector.services.now = () => now;
    await collector.store.write(options.events(), []);
  });
  afterAll(async () => {
    await collector?.close();
    if (dir) await rm(dir, { recursive: true, force: true });
  });
  const server: ReportServer = {
    get url() {
      return collector!.url;
    },
    get collector() {
      return collector!;
    },
    get: (path, token = SECRET) => fetch(`${server.url}${path}`, { headers: { Authorization: `Bearer ${token}` } }),
    async json<T>(path: string, token?: string) {
      const res = await server.get(path, token);
      return { status: res.status, body: (await res.json()) as T };
    },
  };
  return server;
}
