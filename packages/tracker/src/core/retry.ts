/**
 * What to do with a batch after one attempt to send it:
 *
 * - `'done'`: forget it. It was delivered, or refused for good (a 4xx other than 408
 *   and 429), which resending cannot change and which would otherwise hold back
 *   everything queued behind it. That includes 413: the tracker's requests are at most
 *   60 KB and the collector takes 256 KB, so only a single event too large for any
 *   request gets it.
 * - `'retry'`: keep it and try again after an exponential backoff.
 * - a number: keep it and try again after exactly that many milliseconds, because the
 *   collector said so with `Retry-After` (the collector is ours: its word is taken as it
 *   is, and a new page load starts afresh anyway).
 */
export type Outcome = 'done' | 'retry' | number;

/** First backoff step, in ms. Steps double from here, with jitter. */
export const BACKOFF_BASE_MS = 1000;
/** Longest backoff step, in ms: a collector that is down is asked about once in this long per tab. */
export const BACKOFF_MAX_MS = 5 * 60_000;

/**
 * Classifies the collector's answer. `retryAfter` is the `Retry-After` header.
 */
export function classify(status: number, retryAfter: string | null | undefined): Outcome {
  // `fetch` follows redirects, so below 500 this is a 2xx or a 4xx.
  if (status < 500 && status != 408 && status != 429) return 'done';
  // Seconds, the form the collector sends. An HTTP date, or no header, falls back to the
  // backoff rather than to "now", which would hammer.
  return retryAfter && +retryAfter >= 0 ? +retryAfter * 1000 : 'retry';
}

/**
 * The wait before retry number `attempt` (0 for the first retry): exponential, capped,
 * with "equal jitter" (between half and all of the step), so that many tabs that failed
 * together do not retry together, while no retry comes sooner than half the step. In
 * whole milliseconds, as timers and `Date.now()` count: a fraction would leave the
 * queue's timer firing a hair early, again and again.
 */
export function backoff(attempt: number): number {
  return Math.round(Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt) * (0.5 + Math.random() / 2));
}
