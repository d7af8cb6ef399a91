/**
 * `@vitrine/tracker` for bundlers:
 *
 * ```ts
 * import { init, track } from '@vitrine/tracker';
 * init({ site: 'SITE_KEY', endpoint: 'https://stats.example.com' });
 * track('add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
 * ```
 *
 * SSR-safe: importing this module touches no browser global, and on a server `init`,
 * `track` and `flush` do nothing, so shared code can call them unguarded.
 */
import { createTracker, type Track, type Tracker, type TrackerConfig, type UntypedTrack } from './tracker.js';

export type { CustomEventName, KnownPropsArgs, Track, Tracker, TrackerConfig } from './tracker.js';
export type { CustomProps, EventPropsMap, Item, KnownEventName, VitrineEvent } from '@vitrine/schema';

let tracker: Tracker | undefined;
/**
 * `track` calls made in the browser before `init`, replayed by it in order. Their `ts`
 * is the time of `init`. Not kept on a server, where they would pile up across requests.
 */
let early: Parameters<UntypedTrack>[] = [];

const inBrowser = (): boolean => typeof window !== 'undefined';

/**
 * Starts tracking: records the page view and sends whatever `track` received before.
 * Only the first call counts. Does nothing outside a browser.
 */
export function init(config: TrackerConfig): void {
  if (tracker || !inBrowser()) return;
  tracker = createTracker(config);
  for (const args of early) (tracker.track as UntypedTrack)(...args);
  early = [];
}

/** Records an event; see {@link Track} for how props are typed. Before `init`, the call is kept for it. */
export const track: Track = (name: string, props?: object): void => {
  if (tracker) (tracker.track as UntypedTrack)(name, props);
  else if (inBrowser()) early.push([name, props]);
};

/** Sends everything queued now. Resolves when the attempt settles (at once before `init`); never rejects. */
export function flush(): Promise<void> {
  return tracker ? tracker.flush() : Promise.resolve();
}
