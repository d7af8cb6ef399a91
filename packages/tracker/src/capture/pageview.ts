import { PAGE_VIEW } from '@vitrine/schema';
import type { Tracker } from '../tracker.js';

/**
 * Records a view of the current page. Its URL, title and referrer travel in the
 * event's own fields, which the tracker fills for every event, so no props are needed.
 *
 * Called once at start-up for now; SPA route changes will call it again.
 */
export function capturePageView(tracker: Pick<Tracker, 'track'>): void {
  tracker.track(PAGE_VIEW);
}
