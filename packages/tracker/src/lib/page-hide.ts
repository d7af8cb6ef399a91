/**
 * Calls `callback` whenever the page may be about to go away, which is the last safe
 * moment to send what is queued.
 *
 * `visibilitychange` to hidden is the only signal that fires when a mobile browser
 * is backgrounded and later killed, or a tab is switched away from. `pagehide` covers
 * navigations and bfcache entries where visibility does not change first (older Safari),
 * and comes after `visibilitychange` on an unload, so it also sends what other listeners
 * of `visibilitychange` (web-vitals' final LCP, CLS and INP) queued after ours ran.
 *
 * `mayLiveOn`: the page may be shown again: it is only hidden, or `pagehide` says it
 * goes into the back/forward cache (`persisted`). False when it is being unloaded.
 */
export function onPageHide(callback: (mayLiveOn: boolean) => void): void {
  addEventListener('pagehide', (event) => callback(event.persisted));
  document.addEventListener('visibilitychange', () => {
    if (document.hidden) callback(true);
  });
}
