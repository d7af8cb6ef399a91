import { describe, expect, it } from 'vitest';
import { Pool } from './pool.js';

/** A promise with its resolver, to hold a task open until the test lets it finish. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('Pool', () => {
  it('runs as many tasks at once as it has items, each with an item no other task holds', async () => {
    const pool = new Pool(['a', 'b']);
    const held: string[] = [];
    const gates = [gate(), gate(), gate()];
    const tasks = gates.map((g) => pool.use(async (item) => (held.push(item), await g.promise, item)));
    await Promise.resolve();
    expect(held.sort()).toEqual(['a', 'b']);
    gates[0]!.open();
    expect(await tasks[0]).toBeDefined();
    // The third task gets the item the first gave back.
    await expect.poll(() => held.length).toBe(3);
    expect(held[2]).toBe(await tasks[0]);
    gates[1]!.open();
    gates[2]!.open();
    await Promise.all(tasks);
  });

  it('takes an item back when its task fails, and serves waiters in arrival order', async () => {
    const pool = new Pool(['only']);
    const order: number[] = [];
    const failing = pool.use(async () => {
      throw new Error('query failed');
    });
    const later = [1, 2, 3].map((n) => pool.use(async () => void order.push(n)));
    await expect(failing).rejects.toThrow('query failed');
    await Promise.all(later);
    expect(order).toEqual([1, 2, 3]);
  });

  it('refuses to be empty', () => {
    expect(() => new Pool([])).toThrow('at least one');
  });
});
