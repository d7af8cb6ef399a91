import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The collector's Prometheus metrics, served at `GET /metrics`. */
export interface Metrics {
  registry: Registry;
  eventsAccepted: Counter;
  eventsRejected: Counter;
  eventsDeduplicated: Counter;
  batches: Counter<'status'>;
  ackLatency: Histogram;
  reportLatency: Histogram<'report'>;
  writeQueueRows: Gauge;
  dedupKeys: Gauge;
}

/**
 * Creates the metrics on their own registry (not prom-client's global one), so that
 * several collectors in one process, as in tests, do not collide.
 */
export function createMetrics(gauges: { writeQueueRows: () => number; dedupKeys: () => number }): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'vitrine_' });
  return {
    registry,
    eventsAccepted: new Counter({ name: 'vitrine_events_accepted_total', help: 'Events stored (duplicates excluded).', registers: [registry] }),
    eventsRejected: new Counter({ name: 'vitrine_events_rejected_total', help: 'Events refused as invalid and kept in rejected_events.', registers: [registry] }),
    eventsDeduplicated: new Counter({ name: 'vitrine_events_deduplicated_total', help: 'Events acknowledged but not stored again because their id was already stored.', registers: [registry] }),
    batches: new Counter({ name: 'vitrine_batches_total', help: 'Batch requests by HTTP status.', labelNames: ['status'], registers: [registry] }),
    ackLatency: new Histogram({
      name: 'vitrine_batch_ack_seconds',
      help: 'Time from receiving a batch to acknowledging it (commit included).',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers: [registry],
    }),
    reportLatency: new Histogram({
      name: 'vitrine_report_seconds',
      help: 'Time to answer a report query.',
      labelNames: ['report'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
      registers: [registry],
    }),
    writeQueueRows: new Gauge({ name: 'vitrine_write_queue_rows', help: 'Rows waiting for a commit.', registers: [registry], collect() { this.set(gauges.writeQueueRows()); } }),
    dedupKeys: new Gauge({ name: 'vitrine_dedup_memory_keys', help: 'Event keys held in memory for deduplication.', registers: [registry], collect() { this.set(gauges.dedupKeys()); } }),
  };
}
