import type { CustomProps, KnownEventName } from '@vitrine/schema';
import { createTracker, type CustomEventName, type KnownPropsArgs, type Track, type UntypedTrack } from './tracker.js';

/**
 * `window.vitrine`, the script tag's API: a command function, callable the same way as
 * the loader stub, with methods for code that prefers them.
 *
 * ```js
 * vitrine('track', 'add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
 * vitrine.track('signup', { plan: 'pro' });
 * vitrine.flush();
 * ```
 */
export interface VitrineGlobal {
  <N extends KnownEventName>(command: 'track', name: N, ...props: KnownPropsArgs<N>): void;
  <N extends string>(command: 'track', name: CustomEventName<N>, props?: CustomProps): void;
  (command: 'flush'): void;
  /** See {@link Track}. */
  track: Track;
  /** Sends everything queued now. Never rejects. */
  flush(): Promise<void>;
  /**
   * Commands recorded by the loader stub before the script ran:
   * `window.vitrine = window.vitrine || function () { (vitrine.q = vitrine.q || []).push(arguments) }`.
   */
  q?: ArrayLike<unknown>[];
}

declare global {
  interface Window {
    /** Vitrine's tracker, installed by the script tag (or its loader stub until then). */
    vitrine: VitrineGlobal;
  }
}

/**
 * Starts the tracker configured by `script`'s `data-site` and `data-endpoint` (default:
 * the script's own origin, for a collector that also serves the script), installs
 * `window.vitrine`, and then runs the commands the stub queued, in order, so they follow
 * the automatic page view as they did on the page.
 *
 * If a tracker is already installed (the script included twice) it is kept, so that
 * events are neither sent twice nor split over two queues.
 */
export function installWindowApi(script: HTMLOrSVGScriptElement | null): void {
  const previous = window.vitrine as Partial<VitrineGlobal> | undefined;
  if (previous?.track) return;
  const site = script?.dataset.site;
  if (!site) {
    console.warn('vitrine: the script tag needs a data-site attribute');
    return;
  }
  const tracker = createTracker({
    site,
    endpoint: script.dataset.endpoint || new URL((script as HTMLScriptElement).src, location.href).origin,
  });
  const run = (command: string, ...args: unknown[]): void => {
    if (command === 'track') (tracker.track as UntypedTrack)(...(args as Parameters<UntypedTrack>));
    else if (command === 'flush') void tracker.flush();
  };
  window.vitrine = Object.assign(run, tracker) as VitrineGlobal;
  for (const command of previous?.q ?? []) run(...(Array.from(command) as [string]));
}
