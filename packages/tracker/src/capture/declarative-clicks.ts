import { onClickInside } from '../lib/elements.js';
import type { Hub, UntypedTrack } from '../tracker.js';

const PROP = 'data-vitrine-prop-';

/**
 * Tracks clicks declared in the markup, without JavaScript:
 *
 * ```html
 * <button data-vitrine-event="newsletter_signup" data-vitrine-prop-placement="footer">…</button>
 * ```
 *
 * records `newsletter_signup` with `{ placement: 'footer' }` when the element or
 * anything inside it is clicked. Props are strings, named after the attribute
 * (lower case, as HTML makes attribute names). See `onClickInside` for how clicks are seen.
 */
export function captureDeclarativeClicks(hub: Hub): void {
  onClickInside('[data-vitrine-event]', (element) => {
    const props: Record<string, string> = {};
    for (const { name, value } of element.attributes) if (name.startsWith(PROP)) props[name.slice(PROP.length)] = value;
    (hub.track as UntypedTrack)(element.dataset.vitrineEvent!, props);
  });
}
