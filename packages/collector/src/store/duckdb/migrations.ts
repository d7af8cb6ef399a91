import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_COLUMNS, REJECTED_COLUMNS } from '../columns.js';
import { VITAL_METRICS } from '@vitrine/schema';
import { DERIVED_COLUMNS } from '../derived-columns.js';
import { statementSql, type Migration } from '../migration.js';
import { MONEY_EVENT_COLUMNS, REBUILD_MONEY_EVENTS } from './money-events.js';
import { BACKFILL_SESSION_PART_LCP, CREATE_SESSION_PARTS, REBUILD_SESSION_PARTS } from './session-parts.js';
import { DUCKDB_TYPES, columnsDdl } from './column-ddl.js';

/** A top-level string field of `props`, `''` when missing or not a JSON string (field names are constants). */
const jsonText = (field: string) => `CASE WHEN json_type(props, '$.${field}') = 'VARCHAR' THEN props ->> '$.${field}' ELSE '' END`;
/** A top-level field of `props` when a non-negative JSON number, else `otherwise`. */
const jsonNumber = (field: string, otherwise: string) =>
  `CASE WHEN coalesce(json_type(props, '$.${field}') IN ('UBIGINT', 'DOUBLE') AND TRY_CAST(json_extract(props, '$.${field}') AS DOUBLE) >= 0, false)
     THEN TRY_CAST(json_extract(props, '$.${field}') AS DOUBLE) ELSE ${otherwise} END`;

/**
 * The DuckDB schema, as versioned migrations.
 *
 * No primary key or unique index on `events`: DuckDB's ART indexes slow bulk inserts
 * badly as a table grows. Deduplication is the ingest path's job (see `ingest/dedup.ts`).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, rejected events and sites',
    statements: [
      `CREATE TABLE sites (
         id          VARCHAR PRIMARY KEY,
         site_key    VARCHAR NOT NULL UNIQUE,
         name        VARCHAR NOT NULL,
         origins     VARCHAR[] NOT NULL,
         currency    VARCHAR NOT NULL,
         timezone    VARCHAR NOT NULL,
         cookieless  BOOLEAN NOT NULL,
         disabled    BOOLEAN NOT NULL,
         created_at  TIMESTAMPTZ NOT NULL
       )`,
      `CREATE TABLE events (\n  ${columnsDdl(EVENT_COLUMNS)}\n)`,
      `CREATE TABLE rejected_events (\n  ${columnsDdl(REJECTED_COLUMNS)}\n)`,
    ],
  },
  {
    // The rollup the trends, DAU/WAU/MAU and session breakdowns read (see session-parts.ts),
    // built from the events already stored; every commit from now on adds its own rows.
    version: 2,
    name: 'session_parts: events per session and quarter hour',
    statements: [CREATE_SESSION_PARTS, REBUILD_SESSION_PARTS],
  },
  {
    // Typed fields of `props` for the vitals and content reports (store/derived-columns.ts),
    // filled for the events stored so far with the rules the reports applied to the JSON
    // (docs/metrics.md); from now on each commit writes them.
    version: 3,
    name: 'typed vitals and content columns from props',
    statements: [
      ...DERIVED_COLUMNS.map((c) => `ALTER TABLE events ADD COLUMN ${c.name} ${DUCKDB_TYPES[c.type]}`),
      `UPDATE events SET vital_metric = ${jsonText('metric')},
         vital_value = CASE WHEN ${jsonText('metric')} IN (${VITAL_METRICS.map((m) => `'${m}'`).join(', ')}) THEN ${jsonNumber('value', 'NULL')} END
       WHERE name = 'web_vital'`,
      `UPDATE events SET content_name = ${jsonText('content_name')}, content_piece = ${jsonText('content_piece')}
       WHERE name IN ('content_impression', 'content_click')`,
      `UPDATE events SET article = ${jsonText('article')}, article_depth = ${jsonNumber('depth', '0')}, article_read_ms = ${jsonNumber('read_ms', '0')}
       WHERE name = 'article_progress'`,
    ],
  },
  {
    // Purchases and refunds in a table of their own (see money-events.ts), copied from the
    // events stored so far; each commit from now on appends its own.
    version: 4,
    name: 'money_events: a copy of purchase and refund events',
    statements: [`CREATE TABLE money_events (\n  ${columnsDdl(MONEY_EVENT_COLUMNS)}\n)`, REBUILD_MONEY_EVENTS],
  },
  {
    // Each rollup row's first LCP sample (see SessionPart.lcp_lo in session-parts.ts), which
    // the vitals report reads instead of scanning every LCP sample of its range. A store
    // created at version 2 or later already has the columns (its DDL follows the column
    // list), hence IF NOT EXISTS; the backfill is the same either way.
    version: 5,
    name: 'session_parts: first LCP sample per row',
    statements: [
      `ALTER TABLE session_parts ADD COLUMN IF NOT EXISTS lcp_lo BIGINT`,
      `ALTER TABLE session_parts ADD COLUMN IF NOT EXISTS lcp_hi BIGINT`,
      BACKFILL_SESSION_PART_LCP,
    ],
  },
];

/**
 * Brings the database up to the newest migration, each in its own transaction, and
 * records what ran in `schema_migrations`. Runs at every start.
 *
 * @returns the versions applied by this call
 */
export async function migrate(connection: DuckDBConnection, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await connection.run(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
  );
  const done = new Set(
    (await connection.runAndReadAll('SELECT version FROM schema_migrations')).getRows().map((r) => Number(r[0])),
  );
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await connection.run('BEGIN TRANSACTION');
    try {
      for (const statement of migration.statements) await connection.run(statementSql(statement));
      await connection.run('INSERT INTO schema_migrations (version, name) VALUES ($version, $name)', {
        version: migration.version,
        name: migration.name,
      });
      await connection.run('COMMIT');
    } catch (error) {
      await connection.run('ROLLBACK').catch(() => undefined);
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
    }
    applied.push(migration.version);
  }
  // A migration that rewrote rows leaves them as updates on top of the stored columns,
  // which every scan merges until a checkpoint: fold them in now, before reports run.
  if (applied.length > 0 && done.size > 0) await connection.run('CHECKPOINT');
  return applied;
}
