/**
 * @vitrine/collector: ingest, storage and reports.
 * The `vitrine` command (src/cli.ts) is the usual way in; these exports let a Node app
 * embed the collector or reuse its parts.
 */
export { startCollector, type CollectorOptions, type RunningCollector } from './server/serve.js';
export { createApp } from './server/app.js';
export type { CollectorServices } from './server/context.js';
export { processBatch, type ProcessedBatch, type RequestContext, type IngestDeps } from './ingest/process-batch.js';
export { toEventRow, type BatchContext } from './ingest/to-event-row.js';
export { Deduplicator, type DedupOptions } from './ingest/dedup.js';
export { classifyChannel, readUtm, type Attribution, type Utm } from './ingest/enrich/channel.js';
export { scrubUrl, DEFAULT_SCRUBBED_KEYS } from './ingest/enrich/scrub-url.js';
export { mintEmbedToken, verifyEmbedToken, REPORT_NAMES, type EmbedClaims } from './auth/embed-tokens.js';
export { parseNewSite, generateSiteKey } from './sites/new-site.js';
export { DuckDBStore, type DuckDBStoreOptions } from './store/duckdb/duckdb-store.js';
export { ClickHouseStore, parseClickHouseUrl, type ClickHouseStoreOptions, type ClickHouseLocation } from './store/clickhouse/clickhouse-store.js';
export { openStore, type StoreLocation } from './store/open-store.js';
export type {
  EventStore,
  EventRow,
  RejectedRow,
  Site,
  NewSite,
  Channel,
  FunnelCountQuery,
  ReportFilter,
  ReportScope,
  TrendsQuery,
  TrendsData,
  TrendCounts,
  MoneyCounts,
  ActiveCounts,
  BreakdownQuery,
  BreakdownCounts,
} from './store/event-store.js';
export { GroupCommitQueue, QueueFullError } from './lib/group-commit-queue.js';
export { parseFunnelQuery, toFunnelReport } from './reports/funnel.js';
export { parseRange, parseRangePreset, type DateRange } from './reports/range.js';
export { parseReportRequest, parseFilters, compareRange, type ReportRequest } from './reports/common.js';
export { parseTrendsRequest, toTrendsReport, trendsStoreQuery, DEFAULT_TREND_METRICS, type TrendsRequest } from './reports/trends.js';
export { parseBreakdownRequest, toBreakdownReport, breakdownStoreQuery, type BreakdownRequest } from './reports/breakdown.js';
export { isTimeZone } from './reports/zoned.js';
export { Simulation, visitorsForEvents, type SimulationOptions, type SimBatch } from './simulate/generate.js';
export { runBulk, type BulkOptions, type SimProgress, type SimRunResult } from './simulate/bulk.js';
export { runHttp, type HttpOptions } from './simulate/http.js';
export { GroundTruth, TRUTH_FUNNEL, ASSIST_WINDOW_DAYS, type GroundTruthSummary } from './simulate/truth.js';
export { CATALOGUE, priceIn, productById, type Catalogue, type Product, type Banner, type Article, type LocalName, type ShopCurrency } from './simulate/catalogue.js';
export { simulateCommand, parseSimulateArgs, SIMULATE_FLAGS, SIMULATE_USAGE } from './simulate/command.js';
