import { randomBytes } from 'node:crypto';
import { access, mkdir, rename } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DuckDBInstance,
  DuckDBTimestampValue,
  LIST,
  VARCHAR,
  listValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
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
import { activeRows, activeWindow, breakdownRows, emptyCounts, mergeTrendRows, trendPartRows } from '../report-rows.js';
import { breakdownQueries } from './queries/breakdown.js';
import type { DuckQuery } from './queries/scope.js';
import { activeQuery, trendsQuery } from './queries/trends.js';
import type { CommerceData, CommerceQuery, RetentionData, RetentionQuery } from '../event-store.js';
import { commerceRows, retentionRows, rowsByKind } from '../report-rows.js';
import { COMMERCE_KINDS, commerceQuery } from './queries/commerce.js';
import { RETENTION_KINDS, retentionQuery } from './queries/retention.js';
import { buildFunnelQuery } from './funnel-query.js';
import { contentQuery } from './queries/content.js';
import { vitalsQuery } from './queries/vitals.js';
import { contentRows, funnelGroupRows, splitParts, vitalsRows } from '../report-rows.js';
import type { ContentData, ContentQuery, FunnelBreakdownQuery, FunnelGroupCounts, VitalsData, VitalsQuery } from '../event-store.js';
import { migrate } from './migrations.js';
import { MONEY_EVENT_COLUMNS, moneyEvents } from './money-events.js';
import { QUARTER_MS, SESSION_PART_COLUMNS, compactionStatements, sessionParts } from './session-parts.js';
import { Pool } from '../../lib/pool.js';

/** Options of {@link DuckDBStore.open}. */
export interface DuckDBStoreOptions {
  /** Rows allowed to wait for a commit before writes are refused (backpressure). */
  maxPendingRows?: number;
  /** Where to report a damaged write-ahead log that was moved aside. */
  onRecovery?: (message: string) => void;
  /**
   * How often closed quarter hours of the rollup are merged ({@link DuckDBStore.compactSessionParts}),
   * in ms; 0 never (tests call it themselves). Default 10 minutes.
   */
  compactEveryMs?: number;
  /** Where to report a merge of the rollup that failed (it is retried at the next interval). */
  onCompactionError?: (error: unknown) => void;
  /**
   * How often the write-ahead log is folded into the database file (a `CHECKPOINT` beside
   * the writer), in ms; 0 never (DuckDB's own threshold, {@link WAL_LIMIT}, still applies).
   * Default 10 s. See {@link DuckDBStore.checkpoint}.
   */
  checkpointEveryMs?: number;
}

/**
 * The WAL size at which DuckDB checkpoints by itself, inside the commit that crosses it.
 * Its default, 16 MB, made that happen every second or so under load: the unlucky commit
 * (and every request waiting on it) paid for compressing a few hundred thousand rows,
 * and many small checkpoints cost more CPU than few large ones (measured on the events
 * table: 21.9 → 16.4 µs of CPU per row). Checkpoints now run on a timer beside the writer
 * ({@link DuckDBStoreOptions.checkpointEveryMs}); this is the safety net. The price: up
 * to 10 s of writes in the log, which a restart after `kill -9` replays.
 */
const WAL_LIMIT = '1GB';

type Row = { kind: 'event'; row: EventRow } | { kind: 'rejected'; row: RejectedRow };

/**
 * The same instant as a plain timestamp, for the appender: a TIMESTAMPTZ column stores
 * UTC microseconds either way, and the plain form goes straight to the C API instead of
 * through a temporary DuckDB value (0.56 µs instead of 1.39 µs a call, measured).
 */
const utcMicros = (date: Date) => new DuckDBTimestampValue(BigInt(date.getTime()) * 1000n);

/** Appends one row in column order; nulls where a nullable column has no value. */
function appendRow<R>(appender: DuckDBAppender, columns: readonly Column<R>[], row: R): void {
  appendValues(appender, columns, row);
  appender.endRow();
}

/** Appends the values of `columns` of a row, without ending it. */
function appendValues<R>(appender: DuckDBAppender, columns: readonly Column<R>[], row: R): void {
  for (const column of columns) {
    const value = row[column.name] as unknown;
    if (value === null || value === undefined) appender.appendNull();
    else if (column.type === 'timestamp') appender.appendTimestamp(utcMicros(value as Date));
    else if (column.type === 'bool') appender.appendBoolean(value as boolean);
    else if (column.type === 'int') appender.appendInteger(value as number);
    else if (column.type === 'bigint') appender.appendBigInt(value as bigint);
    else if (column.type === 'double') appender.appendDouble(value as number);
    else appender.appendVarchar(value as string);
  }
}

const SITE_COLUMNS = 'id, site_key, name, origins, currency, timezone, cookieless, disabled, epoch_ms(created_at) AS created_at';
function toSite(r: Record<string, unknown>): Site {
  return {
    id: String(r.id),
    key: String(r.site_key),
    name: String(r.name),
    origins: (r.origins as string[]) ?? [],
    currency: String(r.currency),
    timezone: String(r.timezone),
    cookieless: Boolean(r.cookieless),
    disabled: Boolean(r.disabled),
    created_at: new Date(Number(r.created_at)),
  };
}

const exists = (path: string) => access(path).then(() => true, () => false);

/**
 * Connections that read. More than the cores: a report spends part of its time in
 * JavaScript (parameters, shaping rows), so a few in flight keep DuckDB's threads busy.
 */
const READER_CONNECTIONS = 4;

/** Whether DuckDB refused to open a file because another process holds its lock. */
function isLockConflict(error: unknown): boolean {
  return /could not set lock|conflicting lock/i.test(String((error as Error)?.message ?? error));
}

/**
 * The embedded default store: one DuckDB file. Writes go through one connection, in
 * group commits via the Appender (DuckDB's fast bulk path); reads run on a second
 * connection, which DuckDB's MVCC lets proceed alongside the writer.
 */
export class DuckDBStore implements EventStore {
  readonly kind = 'duckdb';
  readonly #queue: GroupCommitQueue<Row>;
  /** The rollup's quarter hours below this are merged (null: none yet in this process). */
  #compactedTo: number | null = null;
  /** The maintenance connection's last job (a merge or a checkpoint): they run one at a time. */
  #maintenanceJob: Promise<unknown> = Promise.resolve();
  readonly #timer: NodeJS.Timeout | null;
  readonly #checkpointTimer: NodeJS.Timeout | null;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly readers: Pool<DuckDBConnection>,
    /** Merges the rollup beside the writer, so that commits never wait for it. */
    private readonly maintenance: DuckDBConnection,
    options: DuckDBStoreOptions,
  ) {
    this.#queue = new GroupCommitQueue((rows) => this.#commit(rows), options.maxPendingRows ?? 100_000);
    const every = options.compactEveryMs ?? 10 * 60_000;
    const onError = options.onCompactionError ?? ((error: unknown) => console.error('session_parts compaction failed:', error));
    this.#timer = every > 0 ? setInterval(() => void this.compactSessionParts().catch(onError), every) : null;
    this.#timer?.unref();
    const checkpointEvery = options.checkpointEveryMs ?? 10_000;
    // A failed checkpoint leaves the log as it was: the next one, or DuckDB's own, folds it.
    this.#checkpointTimer = checkpointEvery > 0 ? setInterval(() => void this.checkpoint().catch(onError), checkpointEvery) : null;
    this.#checkpointTimer?.unref();
  }

  /**
   * Opens (or creates) the database file at `path` and migrates it.
   *
   * If DuckDB cannot replay a damaged write-ahead log, the log is moved aside to
   * `<path>.wal.damaged-<time>` and the open is retried once, with a loud message:
   * the process comes up with everything up to the last checkpoint instead of crash
   * looping, and the damaged log is kept for forensics.
   */
  static async open(path: string, options: DuckDBStoreOptions = {}): Promise<DuckDBStore> {
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
    let instance: DuckDBInstance;
    try {
      instance = await DuckDBInstance.create(path, { checkpoint_threshold: WAL_LIMIT });
    } catch (error) {
      const wal = `${path}.wal`;
      // Another process holding the file (a running collector) is not damage: touching its
      // log would lose that process's uncheckpointed commits.
      if (path === ':memory:' || isLockConflict(error) || !(await exists(wal))) throw error;
      const aside = `${wal}.damaged-${new Date().toISOString().replace(/[:.]/g, '-')}`;
      await rename(wal, aside);
      (options.onRecovery ?? console.error)(
        `DuckDB could not open ${path} (${(error as Error).message}); its write-ahead log was moved to ${aside} and the database opened without it`,
      );
      instance = await DuckDBInstance.create(path, { checkpoint_threshold: WAL_LIMIT });
    }
    const writer = await instance.connect();
    await migrate(writer);
    // Reports run side by side (a dashboard asks eight at once), each on its own connection.
    const readers = await Promise.all(Array.from({ length: READER_CONNECTIONS }, () => instance.connect()));
    return new DuckDBStore(instance, writer, new Pool(readers), await instance.connect(), options);
  }

  get pendingRows(): number {
    return this.#queue.pendingRows;
  }

  write(events: EventRow[], rejected: RejectedRow[]): Promise<void> {
    if (events.length === 0 && rejected.length === 0) return Promise.resolve();
    const rows: Row[] = [];
    for (const row of events) rows.push({ kind: 'event', row });
    for (const row of rejected) rows.push({ kind: 'rejected', row });
    return this.#queue.push(rows);
  }

  async #commit(rows: Row[]): Promise<void> {
    await this.writer.run('BEGIN TRANSACTION');
    try {
      const events = rows.filter((r) => r.kind === 'event').map((r) => r.row as EventRow);
      if (events.length > 0) {
        const appender = await this.writer.createAppender('events');
        // The typed fields of props (derived-columns.ts), after the ingest's columns, as migration 3 added them.
        const derived = events.map(deriveColumns);
        events.forEach((row, index) => {
          appendValues(appender, EVENT_COLUMNS, row);
          appendValues(appender, DERIVED_COLUMNS, derived[index]!);
          appender.endRow();
        });
        appender.closeSync();
        // The derived tables' rows in the same transaction, so no report sees one without the other.
        const parts = await this.writer.createAppender('session_parts');
        for (const part of sessionParts(events, derived)) appendRow(parts, SESSION_PART_COLUMNS, part);
        parts.closeSync();
        const money = moneyEvents(events);
        if (money.length > 0) {
          const appender = await this.writer.createAppender('money_events');
          for (const row of money) appendRow(appender, MONEY_EVENT_COLUMNS, row);
          appender.closeSync();
        }
      }
      const rejected = rows.filter((r) => r.kind === 'rejected');
      if (rejected.length > 0) {
        const appender = await this.writer.createAppender('rejected_events');
        for (const { row } of rejected) appendRow(appender, REJECTED_COLUMNS, row as RejectedRow);
        appender.closeSync();
      }
      // DuckDB syncs its write-ahead log on commit, so a resolved write survives kill -9.
      await this.writer.run('COMMIT');
    } catch (error) {
      await this.writer.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  /**
   * Merges the rollup's rows of each closed quarter hour into one per session (see
   * `compactionStatements` in session-parts.ts): from `since` (by default where the last
   * merge in this process stopped, or two days back) to the quarter hour an hour before
   * `now`. Runs every `compactEveryMs` by itself; one merge at a time, beside the writer.
   *
   * @returns the rows of the rollup it removed
   */
  compactSessionParts(now: Date = new Date(), since?: Date): Promise<number> {
    const run = this.#maintenanceJob.then(async () => {
      const to = Math.floor((now.getTime() - 3_600_000) / QUARTER_MS);
      const from = since ? Math.floor(since.getTime() / QUARTER_MS) : (this.#compactedTo ?? to - 2 * 96);
      if (to <= from) return 0;
      const params = { from_q: from, to_q: to };
      let removed = 0;
      try {
        for (const statement of compactionStatements()) {
          const result = await this.maintenance.run(statement, statement.includes('$from_q') ? params : undefined);
          if (statement.startsWith('DELETE')) removed += Number(result.rowsChanged);
          if (statement.startsWith('INSERT')) removed -= Number(result.rowsChanged);
        }
      } catch (error) {
        await this.maintenance.run('ROLLBACK').catch(() => undefined);
        throw error;
      }
      this.#compactedTo = to;
      return removed;
    });
    this.#maintenanceJob = run.catch(() => undefined);
    return run;
  }

  /**
   * Folds the write-ahead log into the database file, on the maintenance connection, at a
   * known rhythm instead of inside whichever commit crosses DuckDB's threshold (see
   * {@link WAL_LIMIT}). Commits still wait while it holds DuckDB's checkpoint lock.
   */
  checkpoint(): Promise<void> {
    const run = this.#maintenanceJob.then(() => this.maintenance.run('CHECKPOINT')).then(() => undefined);
    this.#maintenanceJob = run.catch(() => undefined);
    return run;
  }

  async existingEventIds(site: string, ids: string[], from: Date, to: Date): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    // client_ts correlates with insertion order, so DuckDB's zone maps skip most row groups.
    const result = await this.#read(
      `SELECT DISTINCT event_id FROM events
       WHERE site = $site AND client_ts BETWEEN $from::TIMESTAMPTZ AND $to::TIMESTAMPTZ AND list_contains($ids, event_id)`,
      { site, from: from.toISOString(), to: to.toISOString(), ids: listValue(ids) },
      { ids: LIST(VARCHAR) },
    );
    return new Set(result.getRows().map((r) => String(r[0])));
  }

  async recentEventKeys(since: Date, limit: number): Promise<string[]> {
    const result = await this.#read(
      `SELECT site || chr(0) || event_id FROM events WHERE received_at >= $since::TIMESTAMPTZ ORDER BY received_at DESC LIMIT $limit`,
      { since: since.toISOString(), limit },
    );
    return result.getRows().map((r) => String(r[0]));
  }

  async addSite(site: NewSite): Promise<Site> {
    const id = `site_${randomBytes(8).toString('hex')}`;
    await this.writer.run(
      `INSERT INTO sites (id, site_key, name, origins, currency, timezone, cookieless, disabled, created_at)
       VALUES ($id, $key, $name, $origins, $currency, $timezone, $cookieless, $disabled, now())`,
      {
        id,
        key: site.key,
        name: site.name,
        origins: listValue(site.origins),
        currency: site.currency,
        timezone: site.timezone,
        cookieless: site.cookieless,
        disabled: site.disabled ?? false,
      },
      // An empty list has no item type of its own to bind with.
      { origins: LIST(VARCHAR) },
    );
    const sites = await this.listSites();
    return sites.find((s) => s.id === id)!;
  }

  async listSites(): Promise<Site[]> {
    const result = await this.#read(`SELECT ${SITE_COLUMNS} FROM sites ORDER BY created_at, id`);
    return result.getRowObjectsJS().map(toSite);
  }

  async setSiteDisabled(idOrKey: string, disabled: boolean): Promise<Site | null> {
    await this.writer.run('UPDATE sites SET disabled = $disabled WHERE id = $key OR site_key = $key', { disabled, key: idOrKey });
    return (await this.listSites()).find((s) => s.id === idOrKey || s.key === idOrKey) ?? null;
  }

  async funnelCounts(query: FunnelCountQuery): Promise<number[]> {
    const { sql, params } = buildFunnelQuery(query);
    const result = await this.#read(sql, params);
    const row = result.getRows()[0] ?? [];
    return query.steps.map((_, i) => Number(row[i] ?? 0));
  }

  /** Runs a read on a connection of its own from the pool. */
  #read(sql: string, params?: Parameters<DuckDBConnection['runAndReadAll']>[1], types?: Parameters<DuckDBConnection['runAndReadAll']>[2]) {
    return this.readers.use((reader) => reader.runAndReadAll(sql, params, types));
  }

  async #rows(query: DuckQuery): Promise<Record<string, unknown>[]> {
    return (await this.#read(query.sql, query.params)).getRowObjectsJS() as Record<string, unknown>[];
  }

  async trends(query: TrendsQuery): Promise<TrendsData> {
    const window = activeWindow(query);
    // One statement for the counts (see `trendsQuery`), beside DAU/WAU/MAU on a second reader.
    const [rows, activeResult] = await Promise.all([
      this.#rows(trendsQuery(query)),
      query.activeUsers ? this.#rows(activeQuery(query, window.first, window.last, window.extendedFrom)) : null,
    ]);
    const parts = trendPartRows(rows);
    const series = mergeTrendRows(parts.series);
    const total = mergeTrendRows(parts.total);
    const active = activeResult ? activeRows(activeResult) : [];
    return { series: series.counts, total: total.counts[0] ?? emptyCounts('total'), money: [...series.money, ...total.money], active };
  }

  async breakdown(query: BreakdownQuery): Promise<BreakdownCounts[]> {
    const q = breakdownQueries(query);
    const [ranked, money] = await Promise.all([this.#rows(q.ranked), this.#rows(q.money)]);
    return breakdownRows(ranked, money);
  }

  async retention(query: RetentionQuery): Promise<RetentionData> {
    const sets = rowsByKind(await this.#rows(retentionQuery(query)), RETENTION_KINDS);
    return retentionRows(sets.cohorts, sets.returns);
  }

  async commerce(query: CommerceQuery): Promise<CommerceData> {
    return commerceRows(rowsByKind(await this.#rows(commerceQuery(query)), COMMERCE_KINDS));
  }

  async funnelTimes(query: FunnelCountQuery): Promise<number[][]> {
    if (query.steps.length < 2) return [];
    const { sql, params } = buildFunnelQuery(query, 'times');
    const row = (await this.#read(sql, params)).getRowsJS()[0] ?? [];
    return query.steps.slice(1).map((_, j) => ((row[j] as unknown[] | null) ?? []).map(Number));
  }

  async funnel(query: FunnelCountQuery): Promise<{ counts: number[]; times: number[][] }> {
    if (query.steps.length < 2) return { counts: await this.funnelCounts(query), times: [] };
    // One statement: the walk's step tables give both the counts and the times.
    const { sql, params } = buildFunnelQuery(query, 'both');
    const row = (await this.#read(sql, params)).getRowsJS()[0] ?? [];
    const n = query.steps.length;
    return {
      counts: query.steps.map((_, k) => Number(row[k] ?? 0)),
      times: query.steps.slice(1).map((_, j) => ((row[n + j] as unknown[] | null) ?? []).map(Number)),
    };
  }

  async funnelBreakdown(query: FunnelBreakdownQuery): Promise<FunnelGroupCounts[]> {
    if (query.steps.length === 0) return [];
    const { sql, params } = buildFunnelQuery(query, 'groups', query.dimension);
    return funnelGroupRows(await this.#rows({ sql, params }), query.steps.length);
  }

  async content(query: ContentQuery): Promise<ContentData> {
    return contentRows(splitParts(await this.#rows(contentQuery(query)), ['items', 'articles', 'assistVisitors', 'assistMoney']));
  }

  async vitals(query: VitalsQuery): Promise<VitalsData> {
    return vitalsRows(splitParts(await this.#rows(vitalsQuery(query)), ['overall', 'pages', 'series', 'lcp']));
  }

  async rejected(site: string | null, limit: number): Promise<RejectedRow[]> {
    const where = site === null ? '' : 'WHERE site = $site';
    const result = await this.#read(
      `SELECT site, epoch_ms(received_at) AS received_at, event_index, reason, raw FROM rejected_events
       ${where} ORDER BY received_at DESC LIMIT $limit`,
      site === null ? { limit } : { site, limit },
    );
    return result.getRowObjectsJS().map((r) => ({
      site: (r.site as string | null) ?? null,
      received_at: new Date(Number(r.received_at)),
      event_index: r.event_index === null ? null : Number(r.event_index),
      reason: String(r.reason),
      raw: String(r.raw),
    }));
  }

  async close(): Promise<void> {
    if (this.#timer) clearInterval(this.#timer);
    if (this.#checkpointTimer) clearInterval(this.#checkpointTimer);
    await this.#maintenanceJob;
    this.maintenance.closeSync();
    await this.#queue.drain();
    // A checkpoint folds the WAL into the main file, so the next start replays nothing.
    await this.writer.run('CHECKPOINT');
    for (const reader of this.readers.items) reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
