import { PROTOCOL_VERSION } from '@vitrine/schema';
import { Deduplicator } from '../ingest/dedup.js';
import { CookielessIds } from '../ingest/enrich/cookieless-id.js';
import { DEFAULT_SCRUBBED_KEYS } from '../ingest/enrich/scrub-url.js';
import { processBatch, type IngestDeps } from '../ingest/process-batch.js';
import { parseNewSite } from '../sites/new-site.js';
import type { EventRow, EventStore, RejectedRow, Site } from '../store/event-store.js';
import type { Simulation } from './generate.js';

/** Progress of a run, reported now and then. */
export interface SimProgress {
  /** Events generated and handed to ingest so far. */
  events: number;
  batches: number;
  /** Events the collector accepted (stored or, for HTTP, acknowledged). */
  accepted: number;
  rejected: number;
  /** The simulated day reached, `YYYY-MM-DD`, and how many of the days are done. */
  day: string;
  daysDone: number;
  days: number;
}

/** What a run did. */
export interface SimRunResult {
  events: number;
  batches: number;
  accepted: number;
  rejected: number;
  duplicates: number;
  /** The first few rejection reasons (there should be none). */
  reasons: string[];
}

/** Options of {@link runBulk}. */
export interface BulkOptions {
  store: EventStore;
  /** The site key; registered (with the simulation's time zone, currency CNY) when missing. */
  site: string;
  simulation: Simulation;
  /** Rows per store write: large writes are what makes DuckDB's Appender fast. */
  writeRows?: number;
  onProgress?: (progress: SimProgress) => void;
  /** How often to report progress, in batches. */
  progressEvery?: number;
}

/** The site to load into: the registered one, or a new one in the simulation's zone. */
async function siteFor(store: EventStore, key: string, tz: string): Promise<Site> {
  const existing = (await store.listSites()).find((s) => s.key === key);
  if (existing) return existing;
  const site = parseNewSite({ key, name: key, timezone: tz });
  if (typeof site === 'string') throw new Error(`--site ${key}: ${site}`);
  return store.addSite(site);
}

/**
 * Loads a simulation into a store through the collector's own ingest code, in process:
 * each batch goes through `processBatch` (the function behind `POST /v1/batch`:
 * envelope and event validation, enrichment of URLs, channels and User-Agents,
 * deduplication) with the visitor's User-Agent and IP, and the resulting rows are
 * written with the store's own `write` (DuckDB's Appender in group commits, or
 * ClickHouse inserts), many batches per write.
 *
 * Each batch is "received" one second after its last event, and sent at that instant,
 * so clock-skew correction leaves event times as simulated and `received_at` looks like
 * a live history. The deduplicator is the collector's, with its memory horizon at the
 * start of the simulated period (so no historical event needs a store lookup); a run
 * whose first events are already stored (the same seed loaded twice) is refused instead.
 */
export async function runBulk(options: BulkOptions): Promise<SimRunResult> {
  const { store, simulation } = options;
  const calendar = simulation.calendar;
  const site = await siteFor(store, options.site, calendar.tz);
  if (site.disabled) throw new Error(`site "${site.key}" is disabled`);
  const origin = simulation.options.origin;
  if (site.origins.length > 0 && !site.origins.includes(origin)) {
    throw new Error(`site "${site.key}" only accepts ${site.origins.join(', ')}: simulate with --origin one of them`);
  }
  const dedup = new Deduplicator(store, { maxKeys: 1_000_000 }, calendar.from - 3_600_000);
  const deps: IngestDeps = {
    sites: { get: (key) => (key === site.key ? site : undefined) },
    dedup,
    cookieless: new CookielessIds(),
    scrubKeys: new Set(DEFAULT_SCRUBBED_KEYS.map((k) => k.toLowerCase())),
  };
  const writeRows = options.writeRows ?? 50_000;
  const progressEvery = options.progressEvery ?? 2_000;
  const result: SimRunResult = { events: 0, batches: 0, accepted: 0, rejected: 0, duplicates: 0, reasons: [] };
  let rows: EventRow[] = [];
  let rejectedRows: RejectedRow[] = [];
  const writes: Promise<void>[] = [];
  let lastTs = calendar.from;
  const report = () =>
    options.onProgress?.({
      events: result.events, batches: result.batches, accepted: result.accepted, rejected: result.rejected,
      day: calendar.date(calendar.dayOf(lastTs)), daysDone: calendar.dayOf(lastTs), days: calendar.days,
    });
  const flush = async () => {
    if (rows.length === 0 && rejectedRows.length === 0) return;
    const write = store.write(rows, rejectedRows);
    // Awaited below; the handler only keeps Node from calling a failure that is not awaited yet "unhandled".
    write.catch(() => undefined);
    writes.push(write);
    rows = [];
    rejectedRows = [];
    // One write commits while the next fills: enough to keep both the CPU and DuckDB busy.
    while (writes.length > 1) await writes.shift();
  };

  let probed = false;
  for (const batch of simulation.batches()) {
    const last = batch.events[batch.events.length - 1]!.ts;
    lastTs = Math.max(lastTs, last);
    if (!probed) {
      probed = true;
      const ids = batch.events.map((e) => e.id);
      const stored = await store.existingEventIds(site.key, ids, new Date(batch.events[0]!.ts), new Date(last));
      if (stored.size > 0) throw new Error(`this simulation (seed ${simulation.options.seed}) is already loaded for site "${site.key}": use another --seed or a fresh store`);
    }
    const receivedAt = new Date(last + 1000);
    const body = JSON.stringify({ v: PROTOCOL_VERSION, site: site.key, sent_at: receivedAt.getTime(), events: batch.events });
    const processed = await processBatch(body, { receivedAt, ip: batch.ip, userAgent: batch.ua, origin, country: null }, deps);
    if (processed.status !== 200) throw new Error(`the collector refused a batch: ${JSON.stringify(processed.body)}`);
    result.events += batch.events.length;
    result.batches++;
    result.accepted += processed.events.length;
    result.rejected += processed.rejected.length;
    result.duplicates += processed.duplicates;
    for (const r of processed.rejected) if (result.reasons.length < 5) result.reasons.push(r.reason);
    for (const row of processed.events) rows.push(row);
    for (const row of processed.rejected) rejectedRows.push(row);
    if (rows.length >= writeRows) await flush();
    if (result.batches % progressEvery === 0) report();
  }
  await flush();
  await Promise.all(writes);
  report();
  return result;
}
