import type { CustomProps, EventPropsMap, KnownEventName, VitrineEvent } from '@vitrine/schema';
import { capturePageView } from './capture/pageview.js';
import { buildBatch, buildEvent } from './core/payload.js';
import { createQueue } from './core/queue.js';
import { randomId } from './lib/id.js';
import { createIdentity } from './lib/identity.js';
import { onPageHide } from './lib/page-hide.js';
import { localStore } from './lib/storage.js';
import { fetchTransport } from './transport/fetch.js';

/**
 * The props argument of a well-known event: optional exactly when its schema requires
 * no prop (`page_view`, `view_cart`), required otherwise (`purchase`, `add_to_cart`).
 */
export type KnownPropsArgs<N extends KnownEventName> = {} extends EventPropsMap[N] ? [props?: EventPropsMap[N]] : [props: EventPropsMap[N]];

/**
 * Any name but a well-known one. Without this, `track('purchase', { oops: 1 })` would
 * fail the first signature and quietly match the custom one.
 */
export type CustomEventName<N extends string> = N & (N extends KnownEventName ? never : unknown);

/**
 * Records an event. GA4 ecommerce names and `page_view` take their schema's props, so
 * a `purchase` without `transaction_id` does not compile; any other name is a custom
 * event with flat scalar props. Never throws: a store's page must not break because of
 * analytics.
 */
export interface Track {
  <N extends KnownEventName>(name: N, ...props: KnownPropsArgs<N>): void;
  <N extends string>(name: CustomEventName<N>, props?: CustomProps): void;
}

/**
 * {@link Track} without its compile-time checks, for callers that only have strings at
 * run time: the script tag's command queue and calls buffered before `init`.
 */
export type UntypedTrack = (name: string, props?: object) => void;

/** Settings of {@link createTracker}. */
export interface TrackerConfig {
  /** The site's public key, as registered in the collector. Not a secret. */
  site: string;
  /** Base URL of the collector, e.g. `https://stats.example.com`; `/v1/batch` is appended. */
  endpoint: string;
  /** Send a `page_view` for the current page at start-up. Default `true`. */
  pageViews?: boolean;
}

/** A running tracker. */
export interface Tracker {
  /** See {@link Track}. */
  track: Track;
  /** Sends everything queued now, e.g. before a navigation the page controls. Never rejects. */
  flush(): Promise<void>;
}

/**
 * Starts a tracker in the current page: wires the platform-free core (payload, queue)
 * to the browser (identity in `localStorage`, `fetch`, page-hide events), then records
 * the page view. Must run in a browser.
 */
export function createTracker(config: TrackerConfig): Tracker {
  const identity = createIdentity(localStore);
  const transport = fetchTransport(config.endpoint);
  const queue = createQueue<VitrineEvent>({
    send: (events) => transport(buildBatch(config.site, events, Date.now())),
  });

  const track: UntypedTrack = (name, props) => {
    try {
      const ts = Date.now();
      queue.add(
        buildEvent(name, props, {
          id: randomId(),
          ts,
          visitor_id: identity.visitorId,
          session_id: identity.session(ts),
          url: location.href,
          title: document.title,
          referrer: document.referrer,
        }),
      );
    } catch (error) {
      // Only an unserializable props object gets here; say why it is missing from reports.
      console.warn('vitrine: event dropped', error);
    }
  };

  const tracker: Tracker = { track: track as Track, flush: queue.flush };
  onPageHide(queue.flush);
  if (config.pageViews !== false) capturePageView(tracker);
  return tracker;
}
