/**
 * The storage interface. DuckDB implements it now; ClickHouse will implement the same
 * interface with the same semantics, so that ingest and reports never know which one
 * they talk to.
 */

/** One validated, enriched event as it is stored. */
export interface EventRow {
  site: string;
  event_id: string;
  name: string;
  /** Event time on the server's clock: the client's `ts` corrected for clock skew. */
  ts: Date;
  /** The client's own `ts`, kept for debugging skew. */
  client_ts: Date;
  received_at: Date;
  visitor_id: string;
  session_id: string;
  user_id: string | null;
  url: string;
  host: string;
  path: string;
  title: string | null;
  referrer: string | null;
  /** Promoted from props because revenue reports need them as columns. */
  transaction_id: string | null;
  value: number | null;
  currency: string | null;
  /** The event's props as JSON text (items[] included). */
  props: string;
}

/**
 * A payload the collector refused, kept with its reason for inspection (like
 * Snowplow's failed events) instead of being silently dropped.
 */
export interface RejectedRow {
  /** The site key, when the envelope got far enough to name one. */
  site: string | null;
  received_at: Date;
  /** Position in the batch's `events`, or null when the whole batch was refused. */
  event_index: number | null;
  reason: string;
  /** The raw JSON of the event, or the raw body of a refused batch. */
  raw: string;
}

/** A funnel count query over stored events. */
export interface FunnelCountQuery {
  site: string;
  steps: string[];
  from: Date;
  to: Date;
}

/** What every storage backend offers the collector. */
export interface EventStore {
  /**
   * Stores accepted and rejected rows in one transaction. The promise resolves only
   * after the transaction is committed and durable, because the collector acknowledges
   * the batch (2xx) on that resolution.
   */
  write(events: EventRow[], rejected: RejectedRow[]): Promise<void>;
  /** Whether a site key is registered. */
  hasSite(site: string): Promise<boolean>;
  /** Registers a site key (idempotent). */
  addSite(site: string, name?: string): Promise<void>;
  /** Distinct visitors who reached each step in order; one number per step. */
  funnelCounts(query: FunnelCountQuery): Promise<number[]>;
  /** Rejected payloads, newest first, for inspection. */
  rejected(site: string | null, limit: number): Promise<RejectedRow[]>;
  /** Flushes, checkpoints and closes. */
  close(): Promise<void>;
}
