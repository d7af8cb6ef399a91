import { parentPort, workerData } from 'node:worker_threads';
import { QueueFullError } from '../../lib/group-commit-queue.js';
import { DuckDBStore } from './duckdb-store.js';
import type { StoreCall, StoreReply, StoreWorkerData } from './worker-store.js';

/**
 * The worker thread of {@link WorkerStore} (worker-store.ts): it opens the DuckDB file and
 * runs every call of the store, so that appending rows (the Appender's per-value calls
 * and its synchronous close) uses this thread's core instead of the one that parses,
 * validates and enriches requests.
 */
const port = parentPort!;
const { path, options } = workerData as StoreWorkerData;

let openError: unknown = null;
const store = await DuckDBStore.open(path, {
  ...options,
  onRecovery: (message) => port.postMessage({ log: 'recovery', message } satisfies StoreReply),
  onCompactionError: (error) => port.postMessage({ log: 'compaction', message: String((error as Error)?.message ?? error) } satisfies StoreReply),
}).catch((error: unknown) => {
  openError = error;
  return null;
});

/** An error as it crosses the thread boundary: its name says which error to rebuild. */
function errorOf(error: unknown): NonNullable<StoreReply['error']> {
  if (error instanceof QueueFullError) return { name: error.name, message: error.message, pending: error.pending };
  return { name: (error as Error)?.name ?? 'Error', message: String((error as Error)?.message ?? error) };
}

// Listening keeps this thread alive until the main thread ends it, also after a failed
// open (which the main thread then ends), so that it never exits unasked.
port.on('message', ({ id, method, args }: StoreCall) => {
  if (!store) return port.postMessage({ id, error: errorOf(openError), pending: 0 } satisfies StoreReply);
  const call = (store as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>)[method]!;
  call.apply(store, args).then(
    (value) => port.postMessage({ id, value, pending: store.pendingRows } satisfies StoreReply),
    (error: unknown) => port.postMessage({ id, error: errorOf(error), pending: store.pendingRows } satisfies StoreReply),
  );
});
port.postMessage(store ? ({ id: 0, value: null, pending: 0 } satisfies StoreReply) : ({ id: 0, error: errorOf(openError), pending: 0 } satisfies StoreReply));
