import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import {
  DuckDBInstance,
  DuckDBTimestampTZValue,
  type DuckDBAppender,
  type DuckDBConnection,
} from '@duckdb/node-api';
import { GroupCommitQueue } from '../../lib/group-commit-queue.js';
import type { EventRow, EventStore, FunnelCountQuery, RejectedRow } from '../event-store.js';
import { buildFunnelQuery } from './funnel-query.js';
import { MIGRATIONS } from './migrations.js';

/** Options of {@link DuckDBStore.open}. */
export interface DuckDBStoreOptions {
  /** Rows allowed to wait for a commit before writes are refused (backpressure). */
  maxPendingRows?: number;
}

type Row = { kind: 'event'; row: EventRow } | { kind: 'rejected'; row: RejectedRow };

const tz = (date: Date) => new DuckDBTimestampTZValue(BigInt(date.getTime()) * 1000n);
const appendNullable = (appender: DuckDBAppender, value: string | null) =>
  value === null ? appender.appendNull() : appender.appendVarchar(value);

/**
 * The embedded default store: one DuckDB file. Writes go through one connection, in
 * group commits via the Appender (DuckDB's fast bulk path); reports read on a second
 * connection, which DuckDB's MVCC lets run alongside the writer.
 */
export class DuckDBStore implements EventStore {
  readonly #queue: GroupCommitQueue<Row>;

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly writer: DuckDBConnection,
    private readonly reader: DuckDBConnection,
    options: DuckDBStoreOptions,
  ) {
    this.#queue = new GroupCommitQueue((rows) => this.#commit(rows), options.maxPendingRows ?? 50_000);
  }

  /** Opens (or creates) the database file at `path` and brings its schema up to date. */
  static async open(path: string, options: DuckDBStoreOptions = {}): Promise<DuckDBStore> {
    if (path !== ':memory:') await mkdir(dirname(path), { recursive: true });
    const instance = await DuckDBInstance.create(path);
    const writer = await instance.connect();
    for (const statement of MIGRATIONS) await writer.run(statement);
    const reader = await instance.connect();
    return new DuckDBStore(instance, writer, reader, options);
  }

  /** Rows waiting for a commit, for backpressure and metrics. */
  get pendingRows(): number {
    return this.#queue.pendingRows;
  }

  write(events: EventRow[], rejected: RejectedRow[]): Promise<void> {
    const rows: Row[] = [
      ...events.map((row) => ({ kind: 'event' as const, row })),
      ...rejected.map((row) => ({ kind: 'rejected' as const, row })),
    ];
    return rows.length === 0 ? Promise.resolve() : this.#queue.push(rows);
  }

  async #commit(rows: Row[]): Promise<void> {
    await this.writer.run('BEGIN TRANSACTION');
    try {
      const events = rows.flatMap((r) => (r.kind === 'event' ? [r.row] : []));
      const rejected = rows.flatMap((r) => (r.kind === 'rejected' ? [r.row] : []));
      if (events.length > 0) {
        const appender = await this.writer.createAppender('events');
        for (const e of events) {
          appender.appendVarchar(e.site);
          appender.appendVarchar(e.event_id);
          appender.appendVarchar(e.name);
          appender.appendTimestampTZ(tz(e.ts));
          appender.appendTimestampTZ(tz(e.client_ts));
          appender.appendTimestampTZ(tz(e.received_at));
          appender.appendVarchar(e.visitor_id);
          appender.appendVarchar(e.session_id);
          appendNullable(appender, e.user_id);
          appender.appendVarchar(e.url);
          appender.appendVarchar(e.host);
          appender.appendVarchar(e.path);
          appendNullable(appender, e.title);
          appendNullable(appender, e.referrer);
          appendNullable(appender, e.transaction_id);
          if (e.value === null) appender.appendNull();
          else appender.appendDouble(e.value);
          appendNullable(appender, e.currency);
          appender.appendVarchar(e.props);
          appender.endRow();
        }
        appender.closeSync();
      }
      if (rejected.length > 0) {
        const appender = await this.writer.createAppender('rejected_events');
        for (const r of rejected) {
          appendNullable(appender, r.site);
          appender.appendTimestampTZ(tz(r.received_at));
          if (r.event_index === null) appender.appendNull();
          else appender.appendInteger(r.event_index);
          appender.appendVarchar(r.reason);
          appender.appendVarchar(r.raw);
          appender.endRow();
        }
        appender.closeSync();
      }
      // DuckDB syncs its write-ahead log on commit, so a resolved write survives kill -9.
      await this.writer.run('COMMIT');
    } catch (error) {
      await this.writer.run('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  async hasSite(site: string): Promise<boolean> {
    const result = await this.reader.runAndReadAll('SELECT 1 FROM sites WHERE site_key = $site', { site });
    return result.currentRowCount > 0;
  }

  async addSite(site: string, name?: string): Promise<void> {
    await this.writer.run('INSERT INTO sites (site_key, name) VALUES ($site, $name) ON CONFLICT DO NOTHING', {
      site,
      name: name ?? site,
    });
  }

  async funnelCounts(query: FunnelCountQuery): Promise<number[]> {
    const { sql, params } = buildFunnelQuery(query);
    const result = await this.reader.runAndReadAll(sql, params);
    const row = result.getRows()[0] ?? [];
    return query.steps.map((_, i) => Number(row[i] ?? 0));
  }

  async rejected(site: string | null, limit: number): Promise<RejectedRow[]> {
    const where = site === null ? '' : 'WHERE site = $site';
    const result = await this.reader.runAndReadAll(
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
    await this.#queue.drain();
    // A checkpoint folds the WAL into the main file, so the next start replays nothing.
    await this.writer.run('CHECKPOINT');
    this.reader.closeSync();
    this.writer.closeSync();
    this.instance.closeSync();
  }
}
