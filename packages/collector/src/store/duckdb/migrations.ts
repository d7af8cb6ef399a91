/**
 * DuckDB schema. Statements are idempotent (`IF NOT EXISTS`) and run at every start, so
 * an existing file is upgraded in place.
 *
 * No primary keys or unique indexes on `events`: DuckDB's ART indexes slow bulk inserts
 * badly as a table grows. Deduplication by `event_id` is the ingest path's job.
 */
export const MIGRATIONS: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS sites (
     site_key    VARCHAR PRIMARY KEY,
     name        VARCHAR,
     created_at  TIMESTAMPTZ NOT NULL DEFAULT now()
   )`,
  `CREATE TABLE IF NOT EXISTS events (
     site            VARCHAR NOT NULL,
     event_id        VARCHAR NOT NULL,
     name            VARCHAR NOT NULL,
     ts              TIMESTAMPTZ NOT NULL,
     client_ts       TIMESTAMPTZ NOT NULL,
     received_at     TIMESTAMPTZ NOT NULL,
     visitor_id      VARCHAR NOT NULL,
     session_id      VARCHAR NOT NULL,
     user_id         VARCHAR,
     url             VARCHAR NOT NULL,
     host            VARCHAR NOT NULL,
     path            VARCHAR NOT NULL,
     title           VARCHAR,
     referrer        VARCHAR,
     transaction_id  VARCHAR,
     value           DOUBLE,
     currency        VARCHAR,
     props           JSON NOT NULL
   )`,
  `CREATE TABLE IF NOT EXISTS rejected_events (
     site         VARCHAR,
     received_at  TIMESTAMPTZ NOT NULL,
     event_index  INTEGER,
     reason       VARCHAR NOT NULL,
     raw          VARCHAR NOT NULL
   )`,
];

/** Column order of `events`, which the appender must follow exactly. */
export const EVENT_COLUMNS = [
  'site', 'event_id', 'name', 'ts', 'client_ts', 'received_at', 'visitor_id', 'session_id', 'user_id',
  'url', 'host', 'path', 'title', 'referrer', 'transaction_id', 'value', 'currency', 'props',
] as const;
