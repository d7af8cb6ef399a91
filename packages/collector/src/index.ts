/**
 * @vitrine/collector: ingest, storage and reports.
 * The `vitrine` command (src/cli.ts) is the usual way in; these exports let a Node app
 * embed the collector or reuse its parts.
 */
export { startCollector, type CollectorOptions, type RunningCollector } from './server/serve.js';
export { createApp, type AppOptions } from './server/app.js';
export { processBatch, type ProcessedBatch } from './ingest/process-batch.js';
export { toEventRow, type BatchContext } from './ingest/to-event-row.js';
export { DuckDBStore, type DuckDBStoreOptions } from './store/duckdb/duckdb-store.js';
export type { EventStore, EventRow, RejectedRow, FunnelCountQuery } from './store/event-store.js';
export { GroupCommitQueue, QueueFullError } from './lib/group-commit-queue.js';
export { parseFunnelQuery, toFunnelReport } from './reports/funnel.js';
export { parseRange, type DateRange } from './reports/range.js';
