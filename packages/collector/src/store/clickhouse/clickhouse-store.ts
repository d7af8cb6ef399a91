import { randomBytes } from 'node:crypto';
import { ClickHouseLogLevel, createClient, type ClickHouseClient, type ClickHouseSettings } from '@clickhouse/client';
import { GroupCommitQueue } from '../../lib/group-commit-queue.js';
import { EVENT_COLUMNS, REJECTED_COLUMNS, type Column } from '../columns.js';
import { DERIVED_COLUMNS, deriveColumns } from '../derived-columns.js';
import type {
  BreakdownCounts,
  BreakdownQuery,
  EventRow,
  EventStore,
  FunnelCountQuery,
  NewSite,
  RejectedRow,
  Site,
  TrendsData,
  TrendsQuery,
} from '../event-store.js';
import { activeRows, activeWindow, breakdownRows, emptyCounts, mergeTrendRows, type RawTrendRows } from '../report-rows.js';
import { breakdownQueries } from './queries/breakdown.js';
import type { ChQuery } from './queries/scope.js';
import { activeQuery, totalsSets, trendsQueries } from './queries/trends.js';
import type { CommerceData, CommerceQuery, RetentionData, RetentionQuery } from '../event-store.js';
import { commerceRows, retentionRows, type RawCommerceRows } from '../report-rows.js';
import { commerceQueries } from './queries/commerce.js';
import { retentionQueries } from './queries/retention.js';
import { buildFunnelQuery } from './funnel-query.js';
import { contentQueries } from './queries/content.js';
import { vitalsQueries } from './queries/vitals.js';
import { contentRows, funnelGroupRows, vitalsRows } from '../report-rows.js';
import type { ContentData, ContentQuery, FunnelBreakdownQuery, FunnelGroupCounts, VitalsData, VitalsQuery } from '../event-store.js';
import { migrate } from './migrations.js';
import { IDENTIFIER, bindQuery, epochMs, wellFormed, type QueryValue } from './sql.js';

/** Options of {@link ClickHouseStore.open}. */
export interface ClickHouseStoreOptions {
  /** Rows allowed to wait for a commit before writes are refused (backpressure). */
  maxPendingRows?: number;
  /** How long one HTTP request to ClickHouse may take, in ms (default 30 s). */
  requestTimeoutMs?: number;
}

/** Where and as whom to connect, parsed from a `clickhouse://` URL. */
export interface ClickHouseLocation {
  /** `http://host:port` (or `https://` for `clickhouses://`). */
  url: string;
  username: string;
  password: string;
  database: string;
}

/**
 * Parses `clickhouse://[user[:password]@]host[:port][/database]`. The port is ClickHouse's
 * HTTP port (8123 when left out); the database is `default` when left out.
 * `clickhouses://` means the same over HTTPS (port 8443 when left out). User and password
 * may be percent-encoded.
 */
export function parseClickHouseUrl(location: string): ClickHouseLocation {
  let parsed: URL;
  try {
    parsed = new URL(location);
  } catch {
    throw new Error(`not a ClickHouse URL: ${location} (expected clickhouse://[user:pass@]host:8123/database)`);
  }
  const secure = parsed.protocol === 'clickhouses:';
  if (!secure && parsed.protocol !== 'clickhouse:') {
    throw new Error(`not a ClickHouse URL: ${location} (expected clickhouse://[user:pass@]host:8123/database)`);
  }
  if (!parsed.hostname) throw new Error(`ClickHouse URL without a host: ${location}`);
  if (parsed.search || parsed.hash) throw new Error(`ClickHouse URL options are not supported: ${location}`);
  const database = decodeURIComponent(parsed.pathname.replace(/^\//, '')) || 'default';
  // The name goes into CREATE DATABASE unquoted; a plain identifier needs no escaping at all.
  if (!IDENTIFIER.test(database)) {
    throw new Error(`ClickHouse database name must be letters, digits and _ (not starting with a digit): ${database}`);
  }
  return {
    // `hostname` keeps an IPv6 address's brackets; a non-special scheme has no default port.
    url: `${secure ? 'https' : 'http'}://${parsed.hostname}:${parsed.port || (secure ? '8443' : '8123')}`,
    username: decodeURIComponent(parsed.username) || 'default',
    password: decodeURIComponent(parsed.password),
    database,
  };
}

/** A row to insert: JSONEachRow-ready values by column name. */
type JsonRow = Record<string, string | number | string[] | null>;
type Queued = { table: 'events' | 'rejected_events'; row: JsonRow };

/**
 * Turns a row into JSONEachRow values following its column spec: timestamps as epoch
 * ms, booleans as 0/1 (18.16 has no Bool, and its JSON reader wants numbers for UInt8),
 * strings made well-formed (a lone surrogate would fail the whole INSERT on 18.16).
 * Runs in `write()`, before queueing, so a bad row fails its own write, not the group's.
 */
function toJsonRow<R>(columns: readonly Column<R>[], row: R): JsonRow {
  const out: JsonRow = {};
  for (const column of columns) {
    const value = row[column.name] as unknown;
    if (value === null || value === undefined) {
      if (!column.nullable) throw new TypeError(`${column.name} must not be null`);
      out[column.name] = null;
    } else if (column.type === 'timestamp') out[column.name] = epochMs(value as Date);
    else if (column.type === 'bool') out[column.name] = value ? 1 : 0;
    else if (column.type === 'int' || column.type === 'double') out[column.name] = value as number;
    else out[column.name] = wellFormed(String(value));
  }
  return out;
}

/** Reads a JSONEachRow result row back into a typed row, following its column spec. */
function fromJsonRow<R>(columns: readonly Column<R>[], record: Record<string, unknown>): R {
  const out: Record<string, unknown> = {};
  for (const column of columns) {
    const value = record[column.name];
    // 18.16 quotes 64-bit integers in JSON output, so UInt64 timestamps arrive as strings.
    if (value === null || value === undefined) out[column.name] = null;
    else if (column.type === 'timestamp') out[column.name] = new Date(Number(value));
    else if (column.type === 'bool') out[column.name] = Number(value) !== 0;
    else if (column.type === 'int' || column.type === 'double') out[column.name] = Number(value);
    else out[column.name] = String(value);
  }
  return out as R;
}

interface SiteRecord {
  id: string;
  site_key: string;
  name: string;
  origins: string[];
  currency: string;
  timezone: string;
  cookieless: number;
  disabled: number;
  created_at: string | number;
  version: string | number;
}

const SITE_SELECT = 'SELECT id, site_key, name, origins, currency, timezone, cookieless, disabled, created_at, version FROM sites FINAL';

function toSite(r: SiteRecord): Site {
  return {
    id: r.id,
    key: r.site_key,
    name: r.name,
    origins: r.origins ?? [],
    currency: r.currency,
    timezone: r.timezone,
    cookieless: Number(r.cookieless) !== 0,
    disabled: Number(r.disabled) !== 0,
    created_at: new Date(Number(r.created_at)),
  };
}

/**
 * The deduplication lookup of {@link ClickHouseStore.existingEventIds}, as bound SQL
 * (exported so that tests can check, on a real server, that it reads by the primary key).
 * `(site, client_ts, …)` is the sorting key, so this reads only the granules of that
 * client-time range, and `event_id IN` checks the few rows there. `ids` must not be empty.
 */
export function existingEventIdsQuery(site: string, ids: readonly string[], from: Date, to: Date): string {
  return bindQuery(
    `SELECT DISTINCT event_id FROM events
WHERE site = {site:String} AND client_ts BETWEEN {from:UInt64} AND {to:UInt64} AND event_id IN {ids:In(String)}`,
    { site, from: epochMs(from), to: epochMs(to), ids },
  );
}

/** `event_id IN (…)` lists are sent in chunks, well under 18.16's 256 KiB `max_query_size`. */
const IDS_PER_QUERY = 1000;

/**
 * Every insert waits for the whole query before the server answers, so a 200 means the
 * rows are in a part on the server's disk.
 *
 * Durability on 18.16: an acknowledged INSERT has written its part to the file system,
 * which survives `kill -9` of clickhouse-server, but 18.16 cannot fsync inserted parts
 * (`fsync_after_insert` arrived in 21.x), so a power loss or kernel crash within the
 * page-cache flush window can lose acknowledged rows. A single server can do no better.
 * A replicated cluster closes that gap: with `Replicated…MergeTree` tables, set
 * `insert_quorum` to 2 (or a majority) and `insert_quorum_timeout`, so that an insert is
 * acknowledged only once that many replicas hold it, and read with
 * `select_sequential_consistency = 1` where a read must see every acknowledged write.
 * `insert_quorum` has no effect on the non-replicated tables this store creates, so it
 * is left at 0 here rather than set to a number that would promise something.
 * (Replicated tables also deduplicate a retried identical INSERT block on their own.)
 */
const INSERT_SETTINGS: ClickHouseSettings = { wait_end_of_query: 1, insert_quorum: '0' };

/**
 * The scale-out store: stateless collectors in front of a ClickHouse (18.16 or newer)
 * server or cluster, with the same schema and answers as the embedded `DuckDBStore`.
 *
 * Writes go through a {@link GroupCommitQueue}, so batches that arrive while an INSERT
 * is running become one INSERT per table next, which is what ClickHouse wants (few,
 * large inserts; every insert makes a part). The `events` and `rejected_events` inserts
 * of one group are not atomic together (ClickHouse has no transactions); if the second
 * fails the callers are told so and retry, and the retried events are found stored by
 * deduplication (or collapse in the `ReplacingMergeTree`).
 *
 * ClickHouse 18.16 cannot bind query parameters: every value in a query's text is
 * escaped by `./sql.ts` (see there). Rows themselves travel as JSONEachRow data.
 */
export class ClickHouseStore implements EventStore {
  readonly kind = 'clickhouse';
  readonly #queue: GroupCommitQueue<Queued>;
  /** Serialises site changes within this process; across processes, see {@link addSite}. */
  #siteLock: Promise<unknown> = Promise.resolve();

  private constructor(
    private readonly client: ClickHouseClient,
    options: ClickHouseStoreOptions,
  ) {
    this.#queue = new GroupCommitQueue((rows) => this.#commit(rows), options.maxPendingRows ?? 100_000);
  }

  /**
   * Connects to the server named by `url` (`clickhouse://[user:pass@]host:8123/database`),
   * creates the database if it is missing, and migrates it.
   */
  static async open(url: string, options: ClickHouseStoreOptions = {}): Promise<ClickHouseStore> {
    const location = parseClickHouseUrl(url);
    const common = {
      url: location.url,
      username: location.username,
      password: location.password,
      application: 'vitrine-collector',
      request_timeout: options.requestTimeoutMs ?? 30_000,
      // Errors reach the caller as rejections; the client's own console logging would repeat them.
      log: { level: ClickHouseLogLevel.OFF },
      // Buffer every answer until the query is done, so a failure part way through a
      // SELECT is an HTTP error, not a 200 with a truncated body.
      clickhouse_settings: { wait_end_of_query: 1 } satisfies ClickHouseSettings,
    };
    // The store's client names the database on every request, which the server refuses
    // while the database does not exist yet: create it through a client without one.
    const bootstrap = createClient(common);
    try {
      await bootstrap.command({ query: `CREATE DATABASE IF NOT EXISTS ${location.database}` });
    } finally {
      await bootstrap.close();
    }
    const client = createClient({ ...common, database: location.database });
    try {
      await migrate(client);
    } catch (error) {
      await client.close();
      throw error;
    }
    return new ClickHouseStore(client, options);
  }

  get pendingRows(): number {
    return this.#queue.pendingRows;
  }

  write(events: EventRow[], rejected: RejectedRow[]): Promise<void> {
    if (events.length === 0 && rejected.length === 0) return Promise.resolve();
    const rows: Queued[] = [];
    try {
      // The ingest's columns and the typed fields of props (derived-columns.ts).
      for (const row of events) rows.push({ table: 'events', row: { ...toJsonRow(EVENT_COLUMNS, row), ...toJsonRow(DERIVED_COLUMNS, deriveColumns(row)) } });
      for (const row of rejected) rows.push({ table: 'rejected_events', row: toJsonRow(REJECTED_COLUMNS, row) });
    } catch (error) {
      return Promise.reject(error);
    }
    return this.#queue.push(rows);
  }

  async #commit(rows: Queued[]): Promise<void> {
    for (const [table, columns] of [
      ['events', [...EVENT_COLUMNS, ...DERIVED_COLUMNS]],
      ['rejected_events', REJECTED_COLUMNS],
    ] as const) {
      const values = rows.filter((r) => r.table === table).map((r) => r.row);
      if (values.length === 0) continue;
      await this.client.insert({
        table,
        values,
        format: 'JSONEachRow',
        columns: columns.map((c) => c.name) as [string, ...string[]],
        clickhouse_settings: INSERT_SETTINGS,
      });
    }
  }

  async #select<T>(sql: string, params: Record<string, QueryValue> = {}): Promise<T[]> {
    const result = await this.client.query({ query: bindQuery(sql, params), format: 'JSONEachRow' });
    return result.json<T>();
  }

  async existingEventIds(site: string, ids: string[], from: Date, to: Date): Promise<Set<string>> {
    const found = new Set<string>();
    const unique = [...new Set(ids)];
    for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
      const result = await this.client.query({
        query: existingEventIdsQuery(site, unique.slice(i, i + IDS_PER_QUERY), from, to),
        format: 'JSONEachRow',
      });
      for (const r of await result.json<{ event_id: string }>()) found.add(r.event_id);
    }
    return found;
  }

  async recentEventKeys(since: Date, limit: number): Promise<string[]> {
    if (limit <= 0) return [];
    // No key covers received_at, so this reads that column whole; it runs once, at start.
    const rows = await this.#select<{ site: string; event_id: string }>(
      `SELECT site, event_id FROM events WHERE received_at >= {since:UInt64} ORDER BY received_at DESC LIMIT {limit:UInt64}`,
      { since: epochMs(since), limit },
    );
    return rows.map((r) => `${r.site}\u0000${r.event_id}`);
  }

  /** Runs `task` after every site change this store started before it. */
  #withSiteLock<T>(task: () => Promise<T>): Promise<T> {
    const next = this.#siteLock.then(task, task);
    this.#siteLock = next.catch(() => undefined);
    return next;
  }

  /**
   * Registers a site, refusing a taken key.
   *
   * ClickHouse has no unique constraint, so the key is checked by a read before the
   * insert. Within one process site changes are serialised, so that check is exact. Two
   * collectors adding the same key at the same moment can both pass it and leave two
   * sites with one key; site administration is rare and meant to go through one CLI or
   * admin call at a time, so this race is accepted rather than solved with a lock
   * service ClickHouse does not have.
   *
   * `created_at` is kept strictly increasing (one ms after the newest site at least), so
   * that listing by creation time is stable even for sites added within one millisecond.
   */
  addSite(site: NewSite): Promise<Site> {
    return this.#withSiteLock(async () => {
      const [state] = await this.#select<{ taken: string | number; newest: string | number }>(
        `SELECT countIf(site_key = {key:String}) AS taken, max(created_at) AS newest FROM sites FINAL`,
        { key: site.key },
      );
      if (Number(state?.taken ?? 0) > 0) throw new Error(`site key "${site.key}" is already taken`);
      const createdAt = Math.max(Date.now(), Number(state?.newest ?? 0) + 1);
      const stored: Site = {
        id: `site_${randomBytes(8).toString('hex')}`,
        key: site.key,
        name: site.name,
        origins: [...site.origins],
        currency: site.currency,
        timezone: site.timezone,
        cookieless: site.cookieless,
        disabled: site.disabled ?? false,
        created_at: new Date(createdAt),
      };
      await this.#insertSites([{ site: stored, version: createdAt }]);
      return stored;
    });
  }

  async #insertSites(rows: { site: Site; version: number }[]): Promise<void> {
    await this.client.insert({
      table: 'sites',
      values: rows.map(({ site, version }) => ({
        id: site.id,
        site_key: wellFormed(site.key),
        name: wellFormed(site.name),
        origins: site.origins.map(wellFormed),
        currency: wellFormed(site.currency),
        timezone: wellFormed(site.timezone),
        cookieless: site.cookieless ? 1 : 0,
        disabled: site.disabled ? 1 : 0,
        created_at: epochMs(site.created_at),
        version,
      })),
      format: 'JSONEachRow',
      clickhouse_settings: INSERT_SETTINGS,
    });
  }

  async listSites(): Promise<Site[]> {
    // FINAL merges the versions of each site at read time; the table is small.
    return (await this.#select<SiteRecord>(`${SITE_SELECT} ORDER BY created_at, id`)).map(toSite);
  }

  /**
   * Writes a new version of the matching sites. The version is the wall clock in ms, and
   * always above the row's current one, so the last change wins, across collectors too
   * (as far as their clocks agree).
   */
  setSiteDisabled(idOrKey: string, disabled: boolean): Promise<Site | null> {
    return this.#withSiteLock(async () => {
      // 18.16 may apply this WHERE before FINAL collapses the versions (PREWHERE). That is
      // harmless only because id and site_key never change between versions of a site:
      // never filter sites FINAL on a column that does, such as `disabled`.
      const rows = await this.#select<SiteRecord>(`${SITE_SELECT} WHERE id = {key:String} OR site_key = {key:String} ORDER BY created_at, id`, {
        key: idOrKey,
      });
      if (rows.length === 0) return null;
      const now = Date.now();
      const updated = rows.map((r) => ({ site: { ...toSite(r), disabled }, version: Math.max(now, Number(r.version) + 1) }));
      await this.#insertSites(updated);
      return updated.find(({ site }) => site.id === idOrKey || site.key === idOrKey)!.site;
    });
  }

  async funnelCounts(query: FunnelCountQuery): Promise<number[]> {
    if (query.steps.length === 0) return [];
    const { sql, params } = buildFunnelQuery(query);
    const [row] = await this.#select<Record<string, string | number>>(sql, params);
    return query.steps.map((_, k) => Number(row?.[`c${k}`] ?? 0));
  }

  #rows(query: ChQuery): Promise<Record<string, unknown>[]> {
    return this.#select<Record<string, unknown>>(query.sql, query.params);
  }

  /** Rows of a query and its `WITH TOTALS` row (`FORMAT JSON`), the totals row's `bucket` set to `total`. */
  async #rowsWithTotals(query: ChQuery): Promise<Record<string, unknown>[]> {
    const result = await this.client.query({ query: bindQuery(query.sql, query.params), format: 'JSON' });
    const { data, totals } = await result.json<Record<string, unknown>>();
    return totals ? [...data, { ...totals, bucket: 'total' }] : data;
  }

  async trends(query: TrendsQuery): Promise<TrendsData> {
    const window = activeWindow(query);
    const series = trendsQueries(query, query.interval, { totals: true });
    const total = trendsQueries(query, 'total');
    const withTotals = new Set<string>(totalsSets(query));
    // Only the count sets the metrics need (money always), each set's series and total
    // in one query where WITH TOTALS gives the total. Independent reads: the server runs
    // them side by side.
    const need = [...(query.counts ?? ['events', 'sessions', 'newVisitors']), 'purchases', 'refunds'] as const;
    const [sets, active] = await Promise.all([
      Promise.all(
        need.map((set) =>
          withTotals.has(set) ? this.#rowsWithTotals(series[set]) : Promise.all([this.#rows(series[set]), this.#rows(total[set])]).then(([a, b]) => [...a, ...b]),
        ),
      ),
      query.activeUsers ? this.#rows(activeQuery(query, window.first, window.last, window.extendedFrom)).then(activeRows) : Promise.resolve([]),
    ]);
    const raw = { series: { events: [], sessions: [], newVisitors: [], purchases: [], refunds: [] } as RawTrendRows, total: { events: [], sessions: [], newVisitors: [], purchases: [], refunds: [] } as RawTrendRows };
    need.forEach((set, i) => {
      for (const r of sets[i]!) (r.bucket === 'total' ? raw.total : raw.series)[set].push(r);
    });
    const s = mergeTrendRows(raw.series);
    const t = mergeTrendRows(raw.total);
    return { series: s.counts, total: t.counts[0] ?? emptyCounts('total'), money: [...s.money, ...t.money], active };
  }

  async breakdown(query: BreakdownQuery): Promise<BreakdownCounts[]> {
    const q = breakdownQueries(query);
    const [ranked, money] = await Promise.all([this.#rows(q.ranked), this.#rows(q.money)]);
    return breakdownRows(ranked, money);
  }

  async retention(query: RetentionQuery): Promise<RetentionData> {
    const q = retentionQueries(query);
    const [cohorts, returns] = await Promise.all([this.#rows(q.cohorts), this.#rows(q.returns)]);
    return retentionRows(cohorts!, returns!);
  }

  async commerce(query: CommerceQuery): Promise<CommerceData> {
    const q = commerceQueries(query);
    const keys = Object.keys(q) as (keyof RawCommerceRows)[];
    // Independent reads: the server runs them in parallel.
    const results = await Promise.all(keys.map((key) => this.#rows(q[key])));
    return commerceRows(Object.fromEntries(keys.map((key, i) => [key, results[i]!])) as unknown as RawCommerceRows);
  }

  async funnel(query: FunnelCountQuery): Promise<{ counts: number[]; times: number[][] }> {
    // Two queries, which the server runs side by side.
    const [counts, times] = await Promise.all([this.funnelCounts(query), this.funnelTimes(query)]);
    return { counts, times };
  }

  async funnelTimes(query: FunnelCountQuery): Promise<number[][]> {
    if (query.steps.length < 2) return [];
    const { sql, params } = buildFunnelQuery(query, 'times');
    const [row] = await this.#select<Record<string, unknown[]>>(sql, params);
    // 18.16 quotes 64-bit integers in JSON, arrays of them too.
    return query.steps.slice(1).map((_, j) => (row?.[`l${j + 1}`] ?? []).map(Number));
  }

  async funnelBreakdown(query: FunnelBreakdownQuery): Promise<FunnelGroupCounts[]> {
    if (query.steps.length === 0) return [];
    return funnelGroupRows(await this.#rows(buildFunnelQuery(query, 'groups', query.dimension)), query.steps.length);
  }

  async content(query: ContentQuery): Promise<ContentData> {
    const q = contentQueries(query);
    const [items, articles, assistVisitors, assistMoney] = await Promise.all([q.items, q.articles, q.assistVisitors, q.assistMoney].map((x) => this.#rows(x)));
    return contentRows({ items: items!, articles: articles!, assistVisitors: assistVisitors!, assistMoney: assistMoney! });
  }

  async vitals(query: VitalsQuery): Promise<VitalsData> {
    const q = vitalsQueries(query);
    const [overall, pages, series, lcp] = await Promise.all([q.overall, q.pages, q.series, q.lcp].map((x) => this.#rows(x)));
    return vitalsRows({ overall: overall!, pages: pages!, series: series!, lcp: lcp! });
  }

  async rejected(site: string | null, limit: number): Promise<RejectedRow[]> {
    if (limit <= 0) return [];
    const where = site === null ? '' : 'WHERE site = {site:String}';
    const rows = await this.#select<Record<string, unknown>>(
      `SELECT ${REJECTED_COLUMNS.map((c) => c.name).join(', ')} FROM rejected_events ${where} ORDER BY received_at DESC LIMIT {limit:UInt64}`,
      site === null ? { limit } : { site, limit },
    );
    return rows.map((r) => fromJsonRow(REJECTED_COLUMNS, r));
  }

  async close(): Promise<void> {
    await this.#queue.drain();
    await this.#siteLock;
    await this.client.close();
  }
}
