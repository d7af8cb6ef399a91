/**
 * Test support: replaces `setTimeout`, `setInterval` and their `clear*` with a clock
 * that moves only when told, so that "in view for 0.5 s" and "for 1.5 s" are exact and
 * no test sleeps. Rendering (IntersectionObserver, scroll events) stays real.
 */
export interface ManualClock {
  /** Runs the timers due within the next `ms`, in order. */
  tick(ms: number): void;
  restore(): void;
}

export function manualClock(): ManualClock {
  const real = { setTimeout, clearTimeout, setInterval, clearInterval };
  let now = 0;
  let ids = 0;
  const timers = new Map<number, { at: number; run: () => void; every?: number }>();
  const schedule = (every: boolean) => (run: () => void, ms = 0) => {
    timers.set(++ids, { at: now + Math.max(0, ms), run, every: every ? Math.max(1, ms) : undefined });
    return ids;
  };
  Object.assign(window, {
    setTimeout: schedule(false),
    setInterval: schedule(true),
    clearTimeout: (id: number) => timers.delete(id),
    clearInterval: (id: number) => timers.delete(id),
  });
  return {
    tick(ms) {
      const end = now + ms;
      for (;;) {
        const due = [...timers].filter(([, timer]) => timer.at <= end).sort(([, a], [, b]) => a.at - b.at)[0];
        if (!due) break;
        const [id, timer] = due;
        now = timer.at;
        if (timer.every) timer.at += timer.every;
        else timers.delete(id);
        timer.run();
      }
      now = end;
    },
    restore: () => void Object.assign(window, real),
  };
}

/**
 * Resolves once `element` has crossed `threshold` the way `visible` says, as seen by an
 * IntersectionObserver made now, and the next animation frame has come: observers are
 * all notified in one task of a rendering step, in no promised order, so by the next
 * frame the tracker's observer has seen the same change.
 */
export const intersection = (element: Element, visible: boolean, threshold = 0.5): Promise<void> =>
  new Promise<void>((resolve) => {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.intersectionRatio >= threshold == visible)) {
          observer.disconnect();
          resolve();
        }
      },
      { threshold },
    );
    observer.observe(element);
  }).then(() => new Promise((resolve) => requestAnimationFrame(() => resolve())));
