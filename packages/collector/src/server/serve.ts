import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { getRequestListener } from '@hono/node-server';
import { DEFAULT_SCRUBBED_KEYS } from '../ingest/enrich/scrub-url.js';
import { CookielessIds } from '../ingest/enrich/cookieless-id.js';
import { Deduplicator } from '../ingest/dedup.js';
import { createLogger, type Logger } from '../ops/logger.js';
import { createMetrics } from '../ops/metrics.js';
import { RateLimits } from '../ops/rate-limits.js';
import { parseNewSite } from '../sites/new-site.js';
import { SiteRegistry } from '../sites/site-registry.js';
import type { EventStore } from '../store/event-store.js';
import { openStore, type StoreLocation } from '../store/open-store.js';
import { createApp } from './app.js';
import type { CollectorServices } from './context.js';
import { batchListener } from './routes/ingest.js';

/** Options of {@link startCollector}; `cli.ts` documents each. */
export interface CollectorOptions extends StoreLocation {
  port: number;
  host?: string;
  adminSecret: string;
  /** Site keys to register at start when missing, with default settings (a development convenience). */
  sites?: string[];
  logger?: Logger;
  logLevel?: string;
  maxBodyBytes?: number;
  maxDecompressedBytes?: number;
  requestsPerIpPerSecond?: number;
  eventsPerSitePerSecond?: number;
  scrubKeys?: string[];
  trustProxy?: boolean;
  countryHeader?: string | null;
  scriptPath?: string;
  dedupMemoryKeys?: number;
  maxPendingRows?: number;
}

/** A running collector. */
export interface RunningCollector {
  /** Base URL, e.g. `http://127.0.0.1:8787`. */
  url: string;
  store: EventStore;
  services: CollectorServices;
  /** Stops accepting requests, finishes those in flight, commits what is queued, checkpoints, closes. */
  close(): Promise<void>;
}

/** Opens the store, warms up deduplication, and starts the HTTP server. */
export async function startCollector(options: CollectorOptions): Promise<RunningCollector> {
  const logger = options.logger ?? createLogger(options.logLevel);
  const store = await openStore(options, (message) => logger.error({ recovery: true }, message), options.maxPendingRows);
  for (const key of options.sites ?? []) {
    if ((await store.listSites()).some((site) => site.key === key)) continue;
    const site = parseNewSite({ key, name: key });
    if (typeof site === 'string') throw new Error(`--site ${key}: ${site}`);
    await store.addSite(site);
  }
  const sites = new SiteRegistry(store);
  await sites.start((error) => logger.warn({ err: error }, 'refreshing sites failed'));
  const dedup = new Deduplicator(store, { maxKeys: options.dedupMemoryKeys });
  await dedup.warmUp();

  const services: CollectorServices = {
    store,
    sites,
    dedup,
    cookieless: new CookielessIds(),
    metrics: createMetrics({ writeQueueRows: () => store.pendingRows, dedupKeys: () => dedup.size }),
    logger,
    rateLimits: new RateLimits({
      requestsPerIpPerSecond: options.requestsPerIpPerSecond ?? 0,
      eventsPerSitePerSecond: options.eventsPerSitePerSecond ?? 0,
    }),
    adminSecret: options.adminSecret,
    maxBodyBytes: options.maxBodyBytes ?? 256 * 1024,
    maxDecompressedBytes: options.maxDecompressedBytes ?? 1024 * 1024,
    scrubKeys: new Set((options.scrubKeys ?? DEFAULT_SCRUBBED_KEYS).map((k) => k.toLowerCase())),
    trustProxy: options.trustProxy ?? false,
    countryHeader: options.countryHeader?.toLowerCase() ?? null,
    scriptPath: options.scriptPath ?? '/',
    now: () => new Date(),
  };
  const app = createApp(services);
  const host = options.host ?? '127.0.0.1';
  // The ingest path on Node's server directly (see batchListener); every other route through the app.
  const ingest = batchListener(services);
  const appListener = getRequestListener(app.fetch);
  const server = await new Promise<Server>((resolve, reject) => {
    const s = createServer((req, res) => {
      if (!ingest(req, res)) void appListener(req, res);
    });
    s.once('error', reject);
    s.listen(options.port, host, () => resolve(s));
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    store,
    services,
    close: () =>
      (closing ??= (async () => {
        // close() stops accepting and ends idle keep-alive connections; requests in flight finish.
        await new Promise<void>((resolve) => server.close(() => resolve()));
        sites.stop();
        await store.close();
      })()),
  };
}
