import { captureArticles } from './capture/article.js';
import { captureContent } from './capture/content.js';
import { captureDataLayer } from './capture/datalayer.js';
import { captureDeclarativeClicks } from './capture/declarative-clicks.js';
import { captureEngagement } from './capture/engagement.js';
import { capturePageViews } from './capture/pageview.js';
import type { Capture } from './tracker.js';

/**
 * The capture modules of the core tracker, in start order. Page views come last: the
 * others subscribe to page views, so they must be listening when the first is recorded.
 */
export const CORE_CAPTURES: Capture[] = [captureEngagement, captureContent, captureArticles, captureDeclarativeClicks, captureDataLayer, capturePageViews];
