import type { BatchContext as EventContext, CustomProps, EventPropsMap, KnownEventName, VitrineEvent } from '@vitrine/schema';
import { LIMITS, PAGE_VIEW } from '@vitrine/schema';
import { batchBody } from './core/payload.js';
import { createQueue } from './core/queue.js';
import { scrubUrl } from './core/scrub.js';
import { randomId } from './lib/id.js';
import { idbStore } from './lib/idb-store.js';
import { createIdentity } from './lib/identity.js';
import { onPageHide } from './lib/page-hide.js';
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
 * run time: the script tag's command queue, calls buffered before `init`, the data layer.
 */
export type UntypedTrack = (name: string, props?: object) => void;

/**
 * A switch: on when `true` or any string but `"false"` and `"off"`, so that the script
 * tag's attributes (`data-hash`, `data-hash=""`, `data-hash="off"`) work as they read.
 */
export type Flag = boolean | string;

/** Whether a {@link Flag} is on; `fallback` when it is not set. */
export const on = (flag: Flag | undefined, fallback = false): boolean => (flag == null ? fallback : !/^(false|off)$/.test(String(flag)));

/**
 * Settings of a tracker. Named as the script tag's `data-*` attributes are in
 * `dataset` (`data-replace-state` is `replaceState`), so that the tag's attributes are
 * its settings as they stand. See README for each.
 */
export interface TrackerConfig {
  /** The site's public key, as registered in the collector. Not a secret. */
  site: string;
  /** Base URL of the collector, e.g. `https://stats.example.com`; `/v1/batch` is appended. */
  endpoint: string;
  /** Record page views by themselves: at start-up and on SPA route changes. Default on. */
  pageviews?: Flag;
  /** Count a `history.replaceState` that changes the URL as a page view. Default on. */
  replaceState?: Flag;
  /** Hash routing: a change of `location.hash` is a page view, and URLs keep their fragment. Default off. */
  hash?: Flag;
  /** Query keys dropped from every URL before it is sent (tokens, reset keys), as a list or comma-separated. E-mail addresses are always redacted. */
  scrub?: string | string[];
  /** Also read GA4 ecommerce pushes from the data layer (named by a string; on means `dataLayer`), and `gtag('event', …)` calls. */
  datalayer?: Flag;
  /** Store nothing on the device: ids and the outbox live in memory, for the page's life. */
  cookieless?: Flag;
  /**
   * `'opt-out'` (default): store ids until `consent(false)`. `'opt-in'`: store nothing
   * until `consent(true)`; until then the tracker works as if cookieless.
   */
  consent?: 'opt-in' | 'opt-out';
  /** Send nothing when the browser says Do-Not-Track or Global Privacy Control, unless `consent(true)` is given. */
  respectDnt?: Flag;
}

/** A running tracker: the API of `window.vitrine` and of the npm entry. */
export interface Tracker {
  /** See {@link Track}. */
  track: Track;
  /** Sends everything queued now, e.g. before a navigation the page controls. Never rejects. */
  flush(): Promise<void>;
  /** Attaches the store's user id (a logged-in shopper) to this and later events. */
  identify(userId: string): void;
  /** Forgets the user id and starts a new anonymous visitor and session: call it on logout. */
  reset(): void;
  /**
   * The visitor's consent to storage, from the store's consent banner: `true` lets ids and
   * the outbox live on the device; `false` deletes them from it and goes on as cookieless.
   */
  consent(granted: boolean): void;
}

/** What a capture module is given: the tracker, its settings, and the page-view lifecycle. */
export interface Hub extends Tracker {
  readonly settings: TrackerConfig;
  /** Calls `callback` after each page view is queued (the first, and each SPA route change). */
  onView(callback: () => void): void;
  /**
   * Calls `callback` when the current page view is left: before the next page view's
   * event, and when the page is hidden (maybe for good), before what is queued is sent.
   * It may come again after the page is shown again: report what is new since the last call.
   */
  onLeave(callback: () => void): void;
}

/** A capture module: wires one signal of the page to the tracker. */
export type Capture = (hub: Hub) => void;

/**
 * Creates and starts a tracker in the current page, wiring the platform-free core
 * (payload, queue and outbox) to the browser (ids in `localStorage`, the outbox in
 * IndexedDB, `fetch`, page-hide and `online` events). Must run in a browser.
 *
 * It starts in the order that keeps early calls meaningful: first the configuration
 * commands in `queued` (the loader stub's `consent`, `identify`, `reset`, in order), so
 * that the first page view already carries them; then the `captures` (the page-view
 * capture, last in the list, records the page view); then the queued `track` calls, in order.
 *
 * Returns the API of `window.vitrine`: the {@link Tracker} methods and nothing else.
 */
export function createTracker(config: TrackerConfig, captures: Capture[] = [], queued: ArrayLike<unknown>[] = []): Tracker {
  const { site } = config;
  const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
  const refused = on(config.respectDnt) && (nav.doNotTrack == '1' || nav.globalPrivacyControl);
  let consented: boolean | undefined;
  // Do-Not-Track or GPC, when honoured, make the tracker opt-in: nothing is stored (nor sent) before consent.
  const mayStore = (): boolean => !on(config.cookieless) && (config.consent == 'opt-in' || refused ? !!consented : consented !== false);

  const identity = createIdentity(mayStore);
  const transport = fetchTransport(config.endpoint);
  const queue = createQueue<VitrineEvent>({
    send: (events, keepalive) =>
      transport(batchBody(site, events, Date.now()), keepalive).then((outcome) => {
        // Once the collector answers again, say how many events a full outbox dropped.
        if (outcome == 'done' && queue.droppedCount) {
          track('outbox_overflow', { dropped: queue.droppedCount });
          queue.droppedCount = 0;
        }
        return outcome;
      }),
    online: () => navigator.onLine,
  });

  let persisting = false;
  /** Moves ids and the outbox to the device, or off it, as the settings and consent now allow. */
  const applyStorage = (): void => {
    const allowed = mayStore();
    identity.keepOnDevice(allowed);
    if (allowed != persisting) queue.persistTo((persisting = allowed) ? idbStore(site) : undefined);
  };
  applyStorage();

  const dropKeys = String(config.scrub || '').split(/[\s,]+/);
  const hash = on(config.hash);
  const scrub = (href: string): string => scrubUrl(href, dropKeys, hash);
  let url = '';
  let referrer = scrub(document.referrer);
  // Event ids: 128 random bits drawn once per page, and a counter. As unique as a random
  // id per event, for a fraction of its cost (drawing random bytes is the dearest part of `track`).
  const page = randomId();
  let count = 0;
  const views: Array<() => void> = [];
  const leaves: Array<() => void> = [];
  const leave = (): void => leaves.forEach((callback) => callback());

  const track: UntypedTrack = (name, props) => {
    try {
      const view = name == PAGE_VIEW;
      if (view) {
        const next = scrub(location.href);
        // A page view of the page already viewed (a router's pushState and replaceState
        // for one navigation, a popstate between anchors) is the same page view.
        if (next == url) return;
        if (url) {
          // A virtual page view: report the page being left, and refer the new one to it.
          leave();
          referrer = url;
        }
        url = next;
      }
      if (!refused || consented) {
        const ts = Date.now();
        // The context first (who, which session, which page; see `batchBody`), then the event's own fields.
        // The title is clipped, so that an overlong one costs a few characters, not the event;
        // empty fields go as they are (once per batch; the collector stores them as none).
        queue.add({
          ...identity.ids(ts),
          url: url || scrub(location.href),
          title: document.title.slice(0, LIMITS.titleLength),
          referrer,
          id: page + (count++).toString(36),
          ts,
          name,
          props,
        } satisfies EventContext & Omit<VitrineEvent, keyof EventContext> as VitrineEvent);
      }
      if (view) views.forEach((callback) => callback());
    } catch (error) {
      // Only an unserializable props object gets here; say why it is missing from reports.
      console.warn('vitrine:', error);
    }
  };

  onPageHide((mayLiveOn) => {
    leave();
    void queue.flush(true, mayLiveOn);
  });
  addEventListener('online', queue.retryNow);

  const api: Tracker = {
    track: track as Track,
    flush: queue.flush,
    identify: identity.identify,
    reset: identity.reset,
    consent(granted) {
      consented = !!granted;
      applyStorage();
    },
  };
  const hub: Hub = { ...api, settings: config, onView: (callback) => views.push(callback), onLeave: (callback) => leaves.push(callback) };
  // The stub queued `arguments` objects: iterable, so they spread as they are.
  const run = (tracks: boolean): void => queued.forEach((args) => (args[0] == 'track') == tracks && runCommand(api, ...(args as unknown as [string])));
  run(false);
  captures.forEach((capture) => capture(hub));
  run(true);
  return api;
}

/**
 * Runs `vitrine(command, ...args)` on `api`, an object holding exactly the commands
 * (the {@link Tracker} methods) as its own properties; an unknown command does nothing.
 */
export function runCommand(api: Tracker, command: string, ...args: unknown[]): void {
  if (Object.hasOwn(api, command)) (api[command as keyof Tracker] as (...args: unknown[]) => void)(...args);
}
