/** How often engaged time is sampled, in ms: the resolution of `engaged_ms` and `read_ms`. */
export const TICK_MS = 1000;

/**
 * Whether the shopper is looking at the page now: it is visible (not a background tab,
 * not minimised) and has focus (not another window in front of it).
 */
export const engaged = (): boolean => !document.hidden && document.hasFocus();

/**
 * Calls `callback` every {@link TICK_MS} while the page is {@link engaged}. Sampling
 * once a second is what keeps engaged time cheap (no visibility, focus and blur
 * bookkeeping) and exact enough: a page view's time is known to the second. Browsers
 * throttle the timer in background tabs, where nothing is counted anyway.
 */
export const everyEngagedTick = (callback: () => void): void =>
  void setInterval(() => engaged() && callback(), TICK_MS);
