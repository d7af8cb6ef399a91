import { everyEngagedTick, TICK_MS } from '../lib/attention.js';
import type { Hub } from '../tracker.js';

/** How far down the page the bottom of the viewport is, in percent of the page's height (100 when it all fits). */
export const scrollPercent = (): number => Math.min(100, Math.round(((scrollY + innerHeight) / document.documentElement.scrollHeight) * 100));

/**
 * Records `page_engagement` when a page view is left (another page view, or the page
 * hidden): `engaged_ms`, the time the page was visible and focused since the last
 * report (to the second), and `max_scroll_pct`, the deepest scroll of the page view so far.
 *
 * A hidden page may be shown again (a tab switched back to), so a page view can report
 * more than once: `engaged_ms` adds up over its reports, and `max_scroll_pct` is a
 * running maximum. Nothing is sent when nothing new happened.
 */
export function captureEngagement(hub: Hub): void {
  let engagedMs = 0;
  let maxScroll = 0;
  let reported = 0;
  everyEngagedTick(() => (engagedMs += TICK_MS));
  // Scroll listeners cannot delay scrolling (scroll events are not cancelable): no `passive` needed.
  addEventListener('scroll', () => (maxScroll = Math.max(maxScroll, scrollPercent())));
  hub.onView(() => {
    engagedMs = reported = 0;
    maxScroll = scrollPercent();
  });
  hub.onLeave(() => {
    if (engagedMs || maxScroll > reported) hub.track('page_engagement', { engaged_ms: engagedMs, max_scroll_pct: (reported = maxScroll) });
    engagedMs = 0;
  });
}
