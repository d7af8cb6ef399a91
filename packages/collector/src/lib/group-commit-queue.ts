/** Thrown by {@link GroupCommitQueue.push} when the queue is over its bound. */
export class QueueFullError extends Error {
  constructor(readonly pending: number) {
    super(`write queue is full (${pending} rows pending)`);
    this.name = 'QueueFullError';
  }
}

interface Pending<T> {
  items: T[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

/**
 * Serialises writes and merges the ones that queue up while a commit is running into
 * the next single commit ("group commit"). Under load, many small batches then cost one
 * transaction (and one WAL sync) instead of one each, while every caller still learns
 * only after its own rows are committed.
 *
 * The bound is in rows, so that a flood turns into quick `503 Retry-After` answers
 * instead of unbounded memory.
 */
export class GroupCommitQueue<T> {
  #waiting: Pending<T>[] = [];
  #waitingRows = 0;
  #running: Promise<void> | null = null;

  /**
   * @param commit writes all given items in one transaction; resolves once durable.
   * @param maxPendingRows rows allowed to wait behind the running commit.
   */
  constructor(
    private readonly commit: (items: T[]) => Promise<void>,
    private readonly maxPendingRows: number,
  ) {}

  /** Rows waiting for a commit (not counting the one in progress). */
  get pendingRows(): number {
    return this.#waitingRows;
  }

  /**
   * Queues items for the next commit. Resolves when they are committed; rejects with
   * the commit's error, or at once with {@link QueueFullError} when over the bound.
   */
  push(items: T[]): Promise<void> {
    if (this.#waitingRows > 0 && this.#waitingRows + items.length > this.maxPendingRows) {
      return Promise.reject(new QueueFullError(this.#waitingRows));
    }
    return new Promise<void>((resolve, reject) => {
      this.#waiting.push({ items, resolve, reject });
      this.#waitingRows += items.length;
      this.#kick();
    });
  }

  /** Resolves when everything queued so far has been committed (or failed). */
  async drain(): Promise<void> {
    while (this.#running) await this.#running;
  }

  #kick(): void {
    if (this.#running || this.#waiting.length === 0) return;
    const group = this.#waiting;
    this.#waiting = [];
    this.#waitingRows = 0;
    // The next group starts before this group's callers hear back, so that rows queued
    // meanwhile are never left waiting for a caller's reaction.
    const settle = (notify: () => void) => {
      this.#running = null;
      this.#kick();
      notify();
    };
    this.#running = this.commit(group.flatMap((p) => p.items)).then(
      () => settle(() => group.forEach((p) => p.resolve())),
      (error: unknown) => settle(() => group.forEach((p) => p.reject(error))),
    );
  }
}
