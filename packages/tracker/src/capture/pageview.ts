import { PAGE_VIEW } from '@vitrine/schema';
import { on, type Hub } from '../tracker.js';

/**
 * Records the page view at start-up, and a virtual page view on each SPA route change:
 * `history.pushState`, `history.replaceState` (unless `replaceState` is off), `popstate`
 * (back and forward), and `hashchange` with `hash` on.
 *
 * Every one of them asks for a page view, and the tracker records one only when the
 * page's scrubbed URL changes, which is what keeps the count honest: a router that
 * calls `pushState` and `replaceState` for one navigation, a `popstate` that only moves
 * between anchors, or a `replaceState` that stores scroll state on the same URL records
 * nothing.
 */
export const capturePageViews = (hub: Hub): void => {
  const { pageviews, replaceState, hash } = hub.settings;
  if (!on(pageviews, true)) return;
  const changed = (): void => hub.track(PAGE_VIEW);
  for (const method of on(replaceState, true) ? ['pushState', 'replaceState'] : ['pushState']) {
    const history = window.history as unknown as Record<string, (...args: unknown[]) => unknown>;
    const original = history[method]!;
    history[method] = function (this: History, ...args: unknown[]) {
      const result = original.apply(this, args);
      changed();
      return result;
    };
  }
  addEventListener('popstate', changed);
  if (on(hash)) addEventListener('hashchange', changed);
  changed();
};
