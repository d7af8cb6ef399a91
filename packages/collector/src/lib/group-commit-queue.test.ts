import { describe, expect, it } from 'vitest';
import { GroupCommitQueue, QueueFullError } from './group-commit-queue.js';

/** A commit function whose calls the test resolves by hand. */
function manualCommits() {
  const calls: { items: number[]; done: () => void; fail: (e: Error) => void }[] = [];
  const commit = (items: number[]) =>
    new Promise<void>((resolve, reject) => calls.push({ items, done: resolve, fail: reject }));
  return { calls, commit };
}

describe('GroupCommitQueue', () => {
  it('merges writes that queue behind a running commit into one commit', async () => {
    const { calls, commit } = manualCommits();
    const queue = new GroupCommitQueue(commit, 100);
    const first = queue.push([1]);
    const second = queue.push([2, 3]);
    const third = queue.push([4]);
    expect(calls.map((c) => c.items)).toEqual([[1]]);
    calls[0]!.done();
    await first;
    expect(calls.map((c) => c.items)).toEqual([[1], [2, 3, 4]]);
    calls[1]!.done();
    await Promise.all([second, third]);
  });

  it('resolves a caller only after its own rows are committed', async () => {
    const { calls, commit } = manualCommits();
    const queue = new GroupCommitQueue(commit, 100);
    let settled = false;
    void queue.push([1]).then(() => (settled = true));
    await Promise.resolve();
    expect(settled).toBe(false);
    calls[0]!.done();
    await queue.drain();
    expect(settled).toBe(true);
  });

  it('rejects every caller of a failed commit and keeps serving later ones', async () => {
    const { calls, commit } = manualCommits();
    const queue = new GroupCommitQueue(commit, 100);
    const first = queue.push([1]);
    calls[0]!.fail(new Error('disk full'));
    await expect(first).rejects.toThrow('disk full');
    const next = queue.push([2]);
    calls[1]!.done();
    await expect(next).resolves.toBeUndefined();
  });

  it('refuses at once with QueueFullError when the waiting rows would pass the bound', async () => {
    const { calls, commit } = manualCommits();
    const queue = new GroupCommitQueue(commit, 3);
    void queue.push([1]); // running
    void queue.push([2, 3]); // waiting: 2
    await expect(queue.push([4, 5])).rejects.toBeInstanceOf(QueueFullError);
    expect(queue.pendingRows).toBe(2);
    calls[0]!.done();
  });
});
