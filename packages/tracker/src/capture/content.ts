import type { EventPropsMap } from '@vitrine/schema';
import { eachElement, onClickInside } from '../lib/elements.js';
import type { Hub } from '../tracker.js';

/** Visible for this long, at least half of it, to count as seen: the IAB's display-ad rule. */
export const IMPRESSION_MS = 1000;

const SELECTOR = '[data-vitrine-content]';

/**
 * The props of a content event: which content (`data-vitrine-content`), which piece, and
 * where it leads. Absent attributes are `undefined`, which JSON leaves out.
 */
const describe = (element: Element): EventPropsMap['content_click'] => {
  const data = (element as HTMLElement).dataset;
  return { content_name: data.vitrineContent!, content_piece: data.vitrinePiece, content_target: data.vitrineTarget };
};

/**
 * Content engagement, declared in the markup: elements marked
 * `data-vitrine-content="Spring sale banner"` (with optional `data-vitrine-piece` and
 * `data-vitrine-target`) record
 *
 * - `content_impression`, once per page view, when at least 50% of them has been
 *   visible for at least {@link IMPRESSION_MS} without interruption, with the page
 *   visible: scrolled past quickly, or in a background tab, is not seen;
 * - `content_click` on every click inside them, so that CTR is clicks over impressions.
 *
 * An IntersectionObserver does the watching (no scroll handler, no layout reads), and
 * elements added later (a carousel, an SPA view) are watched as they appear.
 */
export function captureContent(hub: Hub): void {
  /** Elements at least half visible now, with the timer of their impression, if one runs. */
  const inView = new Map<Element, ReturnType<typeof setTimeout> | undefined>();
  /** Elements already counted in this page view. */
  let counted = new WeakSet<Element>();

  /** (Re)starts the second of visibility of an element in view, unless it is counted or the page is hidden. */
  const arm = (timer: ReturnType<typeof setTimeout> | undefined, element: Element): void => {
    clearTimeout(timer);
    inView.set(
      element,
      counted.has(element) || document.hidden
        ? undefined
        : setTimeout(() => {
            counted.add(element);
            hub.track('content_impression', describe(element));
          }, IMPRESSION_MS),
    );
  };
  const rearm = (): void => inView.forEach(arm);

  const observer = new IntersectionObserver(
    (entries) => {
      for (const { target, intersectionRatio } of entries) {
        if (intersectionRatio >= 0.5) arm(inView.get(target), target);
        else {
          clearTimeout(inView.get(target));
          inView.delete(target);
        }
      }
    },
    { threshold: 0.5 },
  );
  // `observe` ignores an element it already watches, which `eachElement` needs.
  eachElement(SELECTOR, (element) => observer.observe(element));

  // A hidden page shows nothing: the second of visibility starts again when it is shown.
  document.addEventListener('visibilitychange', rearm);
  // A new page view counts again what is still on screen.
  hub.onView(() => {
    counted = new WeakSet();
    rearm();
  });
  onClickInside(SELECTOR, (content) => hub.track('content_click', describe(content)));
}
