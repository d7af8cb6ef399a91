import type { EventRow, RejectedRow } from './event-store.js';

/** Logical column types, which each backend maps onto its own. */
export type ColumnType = 'string' | 'timestamp' | 'bool' | 'int' | 'bigint' | 'double' | 'json';

/** One stored column: its name (a key of the row type), logical type and nullability. */
export interface Column<Row> {
  name: keyof Row & string;
  type: ColumnType;
  nullable?: boolean;
}

/**
 * The `events` table, in column order. Both backends derive their DDL and their row
 * writers from this list, so the two schemas cannot drift apart.
 */
export const EVENT_COLUMNS: readonly Column<EventRow>[] = [
  { name: 'site', type: 'string' },
  { name: 'event_id', type: 'string' },
  { name: 'name', type: 'string' },
  { name: 'ts', type: 'timestamp' },
  { name: 'client_ts', type: 'timestamp' },
  { name: 'received_at', type: 'timestamp' },
  { name: 'visitor_id', type: 'string' },
  { name: 'session_id', type: 'string' },
  { name: 'user_id', type: 'string', nullable: true },
  { name: 'url', type: 'string' },
  { name: 'host', type: 'string' },
  { name: 'path', type: 'string' },
  { name: 'title', type: 'string', nullable: true },
  { name: 'referrer', type: 'string', nullable: true },
  { name: 'referrer_host', type: 'string', nullable: true },
  { name: 'channel', type: 'string' },
  { name: 'source', type: 'string', nullable: true },
  { name: 'utm_source', type: 'string', nullable: true },
  { name: 'utm_medium', type: 'string', nullable: true },
  { name: 'utm_campaign', type: 'string', nullable: true },
  { name: 'utm_term', type: 'string', nullable: true },
  { name: 'utm_content', type: 'string', nullable: true },
  { name: 'is_bot', type: 'bool' },
  { name: 'browser', type: 'string', nullable: true },
  { name: 'os', type: 'string', nullable: true },
  { name: 'device_type', type: 'string' },
  { name: 'country', type: 'string', nullable: true },
  { name: 'transaction_id', type: 'string', nullable: true },
  { name: 'value', type: 'double', nullable: true },
  { name: 'currency', type: 'string', nullable: true },
  { name: 'props', type: 'json' },
];

/** The `rejected_events` table, in column order. */
export const REJECTED_COLUMNS: readonly Column<RejectedRow>[] = [
  { name: 'site', type: 'string', nullable: true },
  { name: 'received_at', type: 'timestamp' },
  { name: 'event_index', type: 'int', nullable: true },
  { name: 'reason', type: 'string' },
  { name: 'raw', type: 'string' },
];
