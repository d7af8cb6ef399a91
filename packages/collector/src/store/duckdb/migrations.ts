import type { DuckDBConnection } from '@duckdb/node-api';
import { EVENT_COLUMNS, REJECTED_COLUMNS, type Column, type ColumnType } from '../columns.js';
import type { Migration } from '../migration.js';
import { CREATE_SESSION_PARTS, REBUILD_SESSION_PARTS } from './session-parts.js';

const DUCKDB_TYPES: Record<ColumnType, string> = {
  string: 'VARCHAR',
  timestamp: 'TIMESTAMPTZ',
  bool: 'BOOLEAN',
  int: 'INTEGER',
  double: 'DOUBLE',
  json: 'JSON',
};

const columnsDdl = <Row>(columns: readonly Column<Row>[]) =>
  columns.map((c) => `${c.name} ${DUCKDB_TYPES[c.type]}${c.nullable ? '' : ' NOT NULL'}`).join(',\n  ');


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
      for (const statement of migration.statements) await connection.run(statement);
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
  return applied;
}
