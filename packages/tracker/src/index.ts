/**
 * `@vitrine/tracker` for bundlers:
 *
 * ```ts
 * import { init, track, identify, consent } from '@vitrine/tracker';
 * init({ site: 'SITE_KEY', endpoint: 'https://stats.example.com', datalayer: true });
 * track('add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
 * ```
 *
 * `init` starts everything the script tag does (page views with SPA routing, engagement,
 * declarative content and click tracking, the data layer if asked); `webVitals()` adds
 * Core Web Vitals, and only an app that imports it pays for `web-vitals`.
 *
 * SSR-safe: importing this module touches no browser global, and on a server every
 * function does nothing, so shared code can call them unguarded. In a browser, calls made
 * before `init` are kept and replayed by it, as the script tag's loader stub does.
 */
import { captureVitals } from './capture/vitals.js';
import { CORE_CAPTURES } from './captures.js';
import { createTracker, runCommand, type Capture, type Track, type Tracker, type TrackerConfig } from './tracker.js';

export type { CustomEventName, KnownPropsArgs, Track, Tracker, TrackerConfig } from './tracker.js';
export type { CustomProps, EventPropsMap, Item, KnownEventName, VitrineEvent } from '@vitrine/schema';

let tracker: Tracker | undefined;
/** The running tracker's captures can only be added at its start: `webVitals()` after `init` starts a capture on its own hub. */
let addCapture: ((capture: Capture) => void) | undefined;
/** Calls made in the browser before `init`, replayed by it. Not kept on a server, where they would pile up across requests. */
let early: unknown[][] = [];
/** Captures asked for before `init`. */
const extra: Capture[] = [];

const inBrowser = (): boolean => typeof window != 'undefined';
const call = (command: string, ...args: unknown[]): void => {
  if (tracker) runCommand(tracker, command, ...args);
  else if (inBrowser()) early.push([command, ...args]);
};

/**
 * Starts tracking: records the page view and replays what was called before, configuration
 * commands first (see README). Only the first call counts. Does nothing outside a browser.
 */
export function init(config: TrackerConfig): void {
  if (tracker || !inBrowser()) return;
  tracker = createTracker(config, [(hub) => (addCapture = (capture) => capture(hub)), ...extra, ...CORE_CAPTURES], early);
  early = [];
}

/** Records an event; see {@link Track} for how props are typed. Before `init`, the call is kept for it. */
export const track: Track = (name: string, props?: object): void => call('track', name, props);

/** Attaches the store's user id (a logged-in shopper) to this and later events. */
export const identify = (userId: string): void => call('identify', userId);

/** Forgets the user id and starts a new anonymous visitor and session: call it on logout. */
export const reset = (): void => call('reset');

/** The visitor's storage consent: `true` allows ids and the outbox on the device, `false` removes them. */
export const consent = (granted: boolean): void => call('consent', granted);

/** Sends everything queued now. Resolves when the attempt settles (at once before `init`); never rejects. */
export function flush(): Promise<void> {
  return tracker ? tracker.flush() : Promise.resolve();
}

/** Adds Core Web Vitals (LCP, INP, CLS, FCP, TTFB) as `web_vital` events. Call it once, before or after `init`. */
export function webVitals(): void {
  if (addCapture) addCapture(captureVitals);
  else if (inBrowser()) extra.push(captureVitals);
}
