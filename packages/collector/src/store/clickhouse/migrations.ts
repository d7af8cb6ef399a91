import type { ClickHouseClient } from '@clickhouse/client';
import { EVENT_COLUMNS, REJECTED_COLUMNS, type Column, type ColumnType } from '../columns.js';
import { VITAL_METRICS } from '@vitrine/schema';
import { DERIVED_COLUMNS, type DerivedRow } from '../derived-columns.js';
import type { Migration } from '../migration.js';
import { bindQuery } from './sql.js';

/**
 * How each logical column type is stored on ClickHouse 18.16.
 *
 * - `timestamp` is `UInt64` epoch **milliseconds**: 18.16's `DateTime` has whole seconds
 *   and `DateTime64` does not exist before 20.x, yet funnels order events within a second.
 * - `bool` is `UInt8`: 18.16 has no `Bool` type (and no `true`/`false` literals).
 * - `json` is plain `String`: 18.16 has no JSON type; the text is kept as sent.
 * - Nothing is `LowCardinality`: it is experimental in 18.16
 *   (`allow_experimental_low_cardinality_type`), and not worth the risk for a store.
 */
export const CLICKHOUSE_TYPES: Record<ColumnType, string> = {
  string: 'String',
  timestamp: 'UInt64',
  bool: 'UInt8',
  int: 'Int32',
  bigint: 'Int64',
  double: 'Float64',
  json: 'String',
};

/** The column list of a `CREATE TABLE`, from the shared column spec. */
export const columnsDdl = <Row>(columns: readonly Column<Row>[]): string =>
  columns
    .map((c) => `${c.name} ${c.nullable ? `Nullable(${CLICKHOUSE_TYPES[c.type]})` : CLICKHOUSE_TYPES[c.type]}`)
    .join(',\n  ');

/** A `UInt64` epoch-ms column's UTC month, for partitioning (18.16 cannot partition on a raw integer's month otherwise). */
const month = (column: string) => `toYYYYMM(toDateTime(intDiv(${column}, 1000), 'UTC'))`;

// ClickHouse has no transactions, and several collectors may start at once against one
// server, so a migration can run twice or stop half way. Every statement must therefore
// be idempotent: `CREATE … IF NOT EXISTS`, and for a later `ALTER TABLE … ADD COLUMN`
// (18.16 has no `IF NOT EXISTS` there) a check against `system.columns` before issuing it.


/** A top-level string field of the compact `props` JSON, `''` when missing or not a string. */
const propText = (field: string) => `visitParamExtractString(props, '${field}')`;
/** A numeric field of `props` when a non-negative JSON number (its raw text starts with a digit), else `otherwise`. */
const propNumber = (field: string, otherwise: string) =>
  `if(match(visitParamExtractRaw(props, '${field}'), '^[0-9]'), visitParamExtractFloat(props, '${field}'), ${otherwise})`;

/**
 * The rules of store/derived-columns.ts in 18.16 SQL (the reports' own expressions before
 * the columns existed), NULL for other events. Field names are constants of the code.
 */
const DERIVED_DEFAULTS: Record<keyof DerivedRow, string> = {
  vital_metric: `if(name = 'web_vital', ${propText('metric')}, NULL)`,
  vital_value: `if(name = 'web_vital' AND ${propText('metric')} IN (${VITAL_METRICS.map((m) => `'${m}'`).join(', ')}), ${propNumber('value', 'NULL')}, NULL)`,
  content_name: `if(name IN ('content_impression', 'content_click'), ${propText('content_name')}, NULL)`,
  content_piece: `if(name IN ('content_impression', 'content_click'), ${propText('content_piece')}, NULL)`,
  article: `if(name = 'article_progress', ${propText('article')}, NULL)`,
  article_depth: `if(name = 'article_progress', ${propNumber('depth', '0')}, NULL)`,
  article_read_ms: `if(name = 'article_progress', ${propNumber('read_ms', '0')}, NULL)`,
};

/**
 * The ClickHouse schema, as versioned migrations.
 *
 * `events` is a `ReplacingMergeTree`: ClickHouse has no unique constraint, the collector
 * deduplicates before inserting (`ingest/dedup.ts`), and rows with equal sorting keys
 * collapse into one when parts merge, which catches what slips past several collectors.
 *
 * - `ORDER BY (site, client_ts, event_id)`: the sorting key is also the identity that
 *   the merge collapses on, so it holds only what a retry resends unchanged, the site,
 *   the client's own timestamp and the id. The corrected `ts` must not be in it: it
 *   depends on each delivery's `sent_at`/`received_at` (and is clamped to arrival), so two
 *   deliveries of one event can differ in `ts` and would never collapse. The same key
 *   makes `existingEventIds` (site, a `client_ts` range, ids) a primary-key range read
 *   instead of a scan of the site's history.
 * - `PARTITION BY` month of `ts`: reports filter on `ts`, and the per-part min/max index
 *   of the partition column lets them skip every month outside the range. The price:
 *   a merge only collapses rows within one partition, so two deliveries whose corrected
 *   `ts` fall in different months stay two rows (reads that must be exact before or
 *   without a merge count distinct `event_id`s; the funnel is insensitive to duplicates).
 *   Months, not days: ClickHouse wants few, large partitions.
 * - Plain `ReplacingMergeTree` without a version column: duplicates are the same event,
 *   so which copy survives does not matter.
 *
 * `sites` is a `ReplacingMergeTree(version)` ordered by `id`: a change is a new row with
 * a higher version, read back with `FINAL`. 18.16 does have `ALTER … UPDATE`, but it is an
 * asynchronous mutation with no way to wait for it (`mutations_sync` came later), so a
 * read right after it could still see the old row.
 *
 * For a replicated cluster these become `Replicated…MergeTree('/clickhouse/tables/{shard}/…',
 * '{replica}')` behind `Distributed` tables sharded by `cityHash64(site, visitor_id)`,
 * so that every visitor's events, and so each funnel, is local to one shard.
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, rejected events and sites',
    statements: [
      `CREATE TABLE IF NOT EXISTS sites (
  id String,
  site_key String,
  name String,
  origins Array(String),
  currency String,
  timezone String,
  cookieless UInt8,
  disabled UInt8,
  created_at UInt64,
  version UInt64
) ENGINE = ReplacingMergeTree(version)
ORDER BY id`,
      `CREATE TABLE IF NOT EXISTS events (
  ${columnsDdl(EVENT_COLUMNS)}
) ENGINE = ReplacingMergeTree
PARTITION BY ${month('ts')}
ORDER BY (site, client_ts, event_id)`,
      // Few rows, read newest first; site is Nullable, which 18.16 does not allow in a key.
      `CREATE TABLE IF NOT EXISTS rejected_events (
  ${columnsDdl(REJECTED_COLUMNS)}
) ENGINE = MergeTree
PARTITION BY ${month('received_at')}
ORDER BY received_at`,
    ],
  },
  {
    // Typed fields of `props` for the vitals and content reports (store/derived-columns.ts).
    // Each column's DEFAULT is its rule over `props`, in the functions the reports used,
    // so parts written before read correct values at once; the mutations then write them
    // into those parts (18.16 runs mutations in the background: no waiting at start).
    // From now on every insert carries the values.
    version: 2,
    name: 'typed vitals and content columns from props',
    statements: [
      ...DERIVED_COLUMNS.map((c) => ({
        sql: `ALTER TABLE events ADD COLUMN ${c.name} Nullable(${CLICKHOUSE_TYPES[c.type]}) DEFAULT ${DERIVED_DEFAULTS[c.name]}`,
        unlessColumn: { table: 'events', column: c.name },
      })),
      `ALTER TABLE events UPDATE vital_metric = ${DERIVED_DEFAULTS.vital_metric}, vital_value = ${DERIVED_DEFAULTS.vital_value} WHERE name = 'web_vital'`,
      `ALTER TABLE events UPDATE content_name = ${DERIVED_DEFAULTS.content_name}, content_piece = ${DERIVED_DEFAULTS.content_piece}
       WHERE name IN ('content_impression', 'content_click')`,
      `ALTER TABLE events UPDATE article = ${DERIVED_DEFAULTS.article}, article_depth = ${DERIVED_DEFAULTS.article_depth},
       article_read_ms = ${DERIVED_DEFAULTS.article_read_ms} WHERE name = 'article_progress'`,
    ],
  },
];

/**
 * Brings the database up to the newest migration and records what ran in
 * `schema_migrations`. Runs at every start.
 *
 * The version row is written only after all of a migration's statements succeeded, so
 * a migration that stopped half way runs again (idempotently) at the next start. Two
 * collectors migrating at once may both record a version: `schema_migrations` is a
 * `ReplacingMergeTree` keyed by version, and is read with `DISTINCT`.
 *
 * @returns the versions applied by this call
 */
export async function migrate(client: ClickHouseClient, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await client.command({
    query: `CREATE TABLE IF NOT EXISTS schema_migrations (
  version UInt32,
  name String,
  applied_at UInt64
) ENGINE = ReplacingMergeTree
ORDER BY version`,
  });
  const result = await client.query({ query: 'SELECT DISTINCT version FROM schema_migrations', format: 'JSONEachRow' });
  const done = new Set((await result.json<{ version: number | string }>()).map((r) => Number(r.version)));
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    try {
      for (const statement of migration.statements) {
        if (typeof statement === 'string') {
          await client.command({ query: statement });
          continue;
        }
        const { table, column } = statement.unlessColumn;
        const exists = async () => {
          const found = await client.query({
            query: bindQuery('SELECT count() AS n FROM system.columns WHERE database = currentDatabase() AND table = {table:String} AND name = {column:String}', { table, column }),
            format: 'JSONEachRow',
          });
          return Number((await found.json<{ n: string | number }>())[0]?.n ?? 0) > 0;
        };
        if (await exists()) continue;
        // Another collector migrating at the same moment may add it between the check and
        // the ALTER: then the column is there, which is all this statement wants.
        await client.command({ query: statement.sql }).catch(async (error: unknown) => {
          if (!(await exists())) throw error;
        });
      }
      await client.insert({
        table: 'schema_migrations',
        values: [{ version: migration.version, name: migration.name, applied_at: Date.now() }],
        format: 'JSONEachRow',
      });
    } catch (error) {
      throw new Error(`migration ${migration.version} (${migration.name}) failed: ${(error as Error).message}`);
    }
    applied.push(migration.version);
  }
  return applied;
}
