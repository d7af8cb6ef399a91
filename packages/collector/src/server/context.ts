import type { ErrorResponse } from '@vitrine/schema';
import type { Context } from 'hono';
import type { Deduplicator } from '../ingest/dedup.js';
import type { CookielessIds } from '../ingest/enrich/cookieless-id.js';
import type { Logger } from '../ops/logger.js';
import type { Metrics } from '../ops/metrics.js';
import type { RateLimits } from '../ops/rate-limits.js';
import type { SiteRegistry } from '../sites/site-registry.js';
import type { EventStore } from '../store/event-store.js';

/** Everything the HTTP routes share. Built once by `startCollector`. */
export interface CollectorServices {
  store: EventStore;
  sites: SiteRegistry;
  dedup: Deduplicator;
  cookieless: CookielessIds;
  metrics: Metrics;
  logger: Logger;
  rateLimits: RateLimits;
  /** Manages sites and mints embed tokens; also opens every report. */
  adminSecret: string;
  /** Largest request body on the wire, and after gzip decompression, in bytes. */
  maxBodyBytes: number;
  maxDecompressedBytes: number;
  /** Query keys scrubbed from every URL (lower case). */
  scrubKeys: ReadonlySet<string>;
  /** Take the client IP from `X-Forwarded-For` (only behind a proxy you run). */
  trustProxy: boolean;
  /** A trusted proxy's country header, e.g. `cf-ipcountry`. */
  countryHeader: string | null;
  /** URL path the tracker scripts are served under, e.g. `/` or `/js/`. */
  scriptPath: string;
  now: () => Date;
}

/** Answers with the collector's error shape. */
export const fail = (c: Context, status: 400 | 401 | 403 | 404 | 413 | 415 | 429 | 500 | 503, error: string, reason?: string) =>
  c.json(reason === undefined ? ({ error } satisfies ErrorResponse) : ({ error, reason } satisfies ErrorResponse), status);
