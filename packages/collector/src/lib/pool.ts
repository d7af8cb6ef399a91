/**
 * A fixed set of resources (DuckDB connections) lent out one caller at a time: a caller
 * waits, in arrival order, while all are in use. DuckDB runs one query at a time per
 * connection, so a dashboard's eight report requests on one connection queue behind each
 * other; several connections let them run side by side.
 */
export class Pool<T> {
  readonly #all: readonly T[];
  #idle: T[];
  #waiting: ((item: T) => void)[] = [];

  /** @param items the resources to lend; at least one. */
  constructor(items: readonly T[]) {
    if (items.length === 0) throw new Error('a pool needs at least one item');
    this.#all = items;
    this.#idle = [...items];
  }

  /** Every resource, lent or not (to close them). */
  get items(): readonly T[] {
    return this.#all;
  }

  /** Runs `task` with a resource of its own, and takes the resource back when it settles. */
  async use<R>(task: (item: T) => Promise<R>): Promise<R> {
    const item = this.#idle.pop() ?? (await new Promise<T>((resolve) => this.#waiting.push(resolve)));
    try {
      return await task(item);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(item);
      else this.#idle.push(item);
    }
  }
}
