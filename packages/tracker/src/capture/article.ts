import { ARTICLE_MILESTONES } from '@vitrine/schema';
import { everyEngagedTick, TICK_MS } from '../lib/attention.js';
import type { Hub } from '../tracker.js';

interface Reading {
  /** Time the article was actually read in this page view, in ms: on screen, with the page engaged. */
  readMs: number;
  /** Deepest milestone reached in this page view (0: none). */
  depth: number;
}

/**
 * Read depth and read time of the elements marked `data-vitrine-article` (its value
 * names the article; empty, the page title): `article_progress` when the bottom of the
 * viewport first passes 25, 50, 75 and 100% of the article (once per milestone and page
 * view), with `depth` and `read_ms`, the time the article was actually read until then
 * (to the second): on screen, with the page visible and focused, so a tab left open
 * does not count.
 *
 * Positions are checked on scroll and every engaged second, for the articles in the
 * document at that moment, so articles rendered later count without an observer: one
 * `getBoundingClientRect` per article each time.
 */
export function captureArticles(hub: Hub): void {
  let readings = new Map<Element, Reading>();

  /** Checks every article's position; `tick` adds a second of reading to those on screen. */
  const update = (tick = 0): void =>
    document.querySelectorAll('[data-vitrine-article]').forEach((element) => {
      let reading = readings.get(element);
      if (!reading) readings.set(element, (reading = { readMs: 0, depth: 0 }));
      const { top, bottom, height } = element.getBoundingClientRect();
      if (top >= innerHeight || bottom <= 0) return;
      reading.readMs += tick;
      for (const depth of ARTICLE_MILESTONES)
        if (depth > reading.depth && innerHeight - top >= (height * depth) / 100) {
          reading.depth = depth;
          hub.track('article_progress', { article: (element as HTMLElement).dataset.vitrineArticle || document.title, depth, read_ms: reading.readMs });
        }
    });

  addEventListener('scroll', () => update());
  everyEngagedTick(() => update(TICK_MS));
  hub.onView(() => {
    readings = new Map();
    update();
  });
}
