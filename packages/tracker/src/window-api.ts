import type { CustomProps, KnownEventName } from '@vitrine/schema';
import { createTracker, runCommand, type Capture, type CustomEventName, type KnownPropsArgs, type Track, type TrackerConfig } from './tracker.js';

/**
 * `window.vitrine`, the script tag's API: a command function, callable the same way as
 * the loader stub, with methods for code that prefers them.
 *
 * ```js
 * vitrine('track', 'add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
 * vitrine('identify', 'customer-42');
 * vitrine('consent', true);
 * vitrine.track('signup', { plan: 'pro' });
 * ```
 */
export interface VitrineGlobal {
  <N extends KnownEventName>(command: 'track', name: N, ...props: KnownPropsArgs<N>): void;
  <N extends string>(command: 'track', name: CustomEventName<N>, props?: CustomProps): void;
  (command: 'identify', userId: string): void;
  (command: 'consent', granted: boolean): void;
  (command: 'reset' | 'flush'): void;
  /** See {@link Track}. */
  track: Track;
  /** Sends everything queued now. Never rejects. */
  flush(): Promise<void>;
  /** Attaches the store's user id to this and later events. */
  identify(userId: string): void;
  /** Forgets the user id; a new anonymous visitor and session start (logout). */
  reset(): void;
  /** The visitor's storage consent: `true` allows ids and the outbox on the device, `false` removes them. */
  consent(granted: boolean): void;
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
 * The tracker's settings from its script tag: its `dataset` as it stands (see
 * {@link TrackerConfig}), or `undefined` without `data-site`. The endpoint defaults to
 * the script's own origin, for a collector that also serves the script.
 */
export function configFromScript(script: HTMLOrSVGScriptElement): TrackerConfig | undefined {
  const data = script.dataset;
  return data.site ? ({ ...data, endpoint: data.endpoint || new URL((script as HTMLScriptElement).src).origin } as TrackerConfig) : undefined;
}

/**
 * Starts the tracker configured by `script`'s attributes with `captures`, installs
 * `window.vitrine`, and runs the commands the stub queued (see `createTracker` for the order).
 *
 * If a tracker is already installed (the script included twice) it is kept, so that
 * events are neither sent twice nor split over two queues.
 */
export function installWindowApi(script: HTMLOrSVGScriptElement | null, captures: Capture[]): void {
  const previous = window.vitrine as Partial<VitrineGlobal> | undefined;
  if (previous?.track) return;
  const config = script && configFromScript(script);
  if (!config) {
    console.warn('vitrine: data-site?');
    return;
  }
  const api = createTracker(config, captures, previous?.q);
  window.vitrine = Object.assign((command: string, ...args: unknown[]) => runCommand(api, command, ...args), api) as VitrineGlobal;
}
