import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { QueueFullError } from '../../lib/group-commit-queue.js';
import type { EventStore } from '../event-store.js';
import type { DuckDBStoreOptions } from './duckdb-store.js';

/** What the worker is opened with: the options that can cross a thread (no callbacks). */
export interface StoreWorkerData {
  path: string;
  options: Omit<DuckDBStoreOptions, 'onRecovery' | 'onCompactionError'>;
}

/** A call of a store method, to the worker. */
export interface StoreCall {
  id: number;
  method: string;
  args: unknown[];
}

/**
 * The worker's answer to call `id` (0: the store is open, or failed to open), with the
 * store's `pendingRows` after it; or a log line (`log`) from the store's callbacks.
 */
export interface StoreReply {
  id?: number;
  value?: unknown;
  error?: { name: string; message: string; pending?: number };
  pending?: number;
  log?: 'recovery' | 'compaction';
  message?: string;
}

/** The worker's script beside this module: present in the build (`dist/`), not when TypeScript runs from `src/`. */
const WORKER_SCRIPT = new URL('./store-worker.js', import.meta.url);

/** Whether the DuckDB store can run in a worker thread here (see {@link WORKER_SCRIPT}). */
export const workerStoreAvailable = (): boolean => WORKER_SCRIPT.protocol === 'file:' && existsSync(fileURLToPath(WORKER_SCRIPT));

/**
 * The DuckDB store in a worker thread of its own: the collector's default for a DuckDB
 * file (`openStore`). Every `EventStore` call is posted to the worker, which runs it on a
 * `DuckDBStore` there; rows and answers cross by structured clone.
 *
 * Why: under load the collector's one JavaScript thread was its ceiling, and appending
 * rows was almost half of it (the Appender's per-value calls and its synchronous close,
 * about 15 µs per event: docs/scaling.md). In a worker that work runs on the second core,
 * beside the parsing, validation and enrichment of the next requests, for about 2.5 µs
 * per event to clone the rows on this side (measured: 2.2–2.8 µs for 50-event batches;
 * `postMessage` was 7.5% of this thread under load). Reports run in the worker too: a DuckDB database
 * file is opened by one instance, and DuckDB runs the queries on its own threads anyway.
 *
 * Nothing else changes: a write resolves once its group commit is durable, exactly as
 * before, and a full write queue rejects with a {@link QueueFullError} as before.
 */
export class WorkerStore implements EventStore {
  readonly kind = 'duckdb';
  #nextId = 1;
  readonly #calls = new Map<number, { resolve: (value: unknown) => void; reject: (error: unknown) => void }>();
  #pending = 0;
  #failure: Error | null = null;
  /** Set before the worker is ended on purpose (close, or an open that failed). */
  #ending = false;

  private constructor(private readonly worker: Worker) {
    worker.on('error', (error) => this.#died(error));
    worker.on('exit', (code) => this.#died(new Error(`the DuckDB store's worker thread exited (code ${code})`)));
  }

  /**
   * The worker ended without being asked to (an uncaught error in it): every call waiting
   * is rejected, and the error is thrown again on this thread, as it would have been with
   * the store in this thread. The process then ends and its supervisor restarts it
   * (acknowledged events are in the WAL, which the restart replays), instead of a collector
   * that answers every write with an error.
   */
  #died(error: Error): void {
    if (this.#ending || this.#failure) return;
    this.#failAll(error);
    process.nextTick(() => {
      throw error;
    });
  }

  /**
   * Opens the DuckDB file at `path` in a new worker thread, as {@link DuckDBStore.open}
   * does (migrations, WAL recovery); `onRecovery` and `onCompactionError` are called on
   * this thread.
   */
  static open(path: string, options: DuckDBStoreOptions = {}): Promise<WorkerStore> {
    const { onRecovery, onCompactionError, ...rest } = options;
    const worker = new Worker(WORKER_SCRIPT, { workerData: { path, options: rest } satisfies StoreWorkerData });
    const store = new WorkerStore(worker);
    return new Promise((resolve, reject) => {
      store.#calls.set(0, {
        resolve: () => resolve(store),
        reject: (error) => {
          store.#ending = true;
          void worker.terminate().finally(() => reject(error));
        },
      });
      worker.on('message', (reply: StoreReply) => {
        if (reply.log === 'recovery') (onRecovery ?? console.error)(reply.message!);
        else if (reply.log === 'compaction') (onCompactionError ?? console.error)(new Error(reply.message));
        else store.#settle(reply);
      });
    });
  }

  get pendingRows(): number {
    return this.#pending;
  }

  #settle(reply: StoreReply): void {
    this.#pending = reply.pending ?? this.#pending;
    const call = this.#calls.get(reply.id!);
    if (!call) return;
    this.#calls.delete(reply.id!);
    if (!reply.error) call.resolve(reply.value);
    else if (reply.error.name === 'QueueFullError') call.reject(new QueueFullError(reply.error.pending ?? 0));
    else call.reject(Object.assign(new Error(reply.error.message), { name: reply.error.name }));
  }

  #failAll(error: Error): void {
    this.#failure ??= error;
    for (const call of this.#calls.values()) call.reject(error);
    this.#calls.clear();
  }

  #call<T>(method: keyof EventStore, args: unknown[]): Promise<T> {
    if (this.#failure) return Promise.reject(this.#failure);
    const id = this.#nextId++;
    return new Promise<T>((resolve, reject) => {
      this.#calls.set(id, { resolve: resolve as (value: unknown) => void, reject });
      this.worker.postMessage({ id, method, args } satisfies StoreCall);
    });
  }

  write: EventStore['write'] = (...args) => this.#call('write', args);
  existingEventIds: EventStore['existingEventIds'] = (...args) => this.#call('existingEventIds', args);
  recentEventKeys: EventStore['recentEventKeys'] = (...args) => this.#call('recentEventKeys', args);
  addSite: EventStore['addSite'] = (...args) => this.#call('addSite', args);
  listSites: EventStore['listSites'] = (...args) => this.#call('listSites', args);
  setSiteDisabled: EventStore['setSiteDisabled'] = (...args) => this.#call('setSiteDisabled', args);
  funnelCounts: EventStore['funnelCounts'] = (...args) => this.#call('funnelCounts', args);
  funnelTimes: EventStore['funnelTimes'] = (...args) => this.#call('funnelTimes', args);
  funnel: EventStore['funnel'] = (...args) => this.#call('funnel', args);
  trends: EventStore['trends'] = (...args) => this.#call('trends', args);
  breakdown: EventStore['breakdown'] = (...args) => this.#call('breakdown', args);
  funnelBreakdown: EventStore['funnelBreakdown'] = (...args) => this.#call('funnelBreakdown', args);
  content: EventStore['content'] = (...args) => this.#call('content', args);
  vitals: EventStore['vitals'] = (...args) => this.#call('vitals', args);
  retention: EventStore['retention'] = (...args) => this.#call('retention', args);
  commerce: EventStore['commerce'] = (...args) => this.#call('commerce', args);
  rejected: EventStore['rejected'] = (...args) => this.#call('rejected', args);

  /** Closes the store in the worker (its writes committed, a checkpoint), then ends the thread. */
  async close(): Promise<void> {
    await this.#call('close', []);
    this.#ending = true;
    this.#failure = new Error('the store is closed');
    await this.worker.terminate();
  }
}
