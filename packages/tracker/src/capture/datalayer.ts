import { GA4_PARAMS } from '@vitrine/schema';
import { ECOMMERCE_EVENT } from '../core/ga4.js';
import { on, type Hub } from '../tracker.js';

type Layer = unknown[] & { push(...entries: unknown[]): number };

/**
 * Reads the GA4 ecommerce events that a store already sends to Google, so that a
 * GA4-instrumented store needs no other code (with `datalayer` on: the script tag's
 * `data-datalayer`), from `window.dataLayer`:
 *
 * - Google Tag Manager pushes: `dataLayer.push({ event: 'purchase', ecommerce: {…} })`;
 * - gtag.js calls: `gtag('event', 'purchase', {…})`, which push their `arguments`.
 *
 * Only GA4's ecommerce events are read (`page_view` and GTM's own events are not: the
 * tracker records page views itself). Their parameters go as the store pushed them, as
 * `props.ga4`, and the collector keeps what the wire format knows (see `core/ga4.ts`).
 * Pushes made before the script ran are read first.
 *
 * Later pushes are seen by wrapping `push`. GTM and gtag.js, when they load after this
 * script, wrap the `push` they find in turn (they keep calling it), so the order in
 * which the scripts load does not matter.
 */
export function captureDataLayer(hub: Hub): void {
  if (!on(hub.settings.datalayer)) return;
  const scope = window as unknown as { dataLayer?: Layer };
  const layer = (scope.dataLayer ??= [] as unknown as Layer);

  const read = (entry: unknown): void => {
    try {
      const push = entry as Record<string | number, unknown>;
      const [event, params] = push.event ? [push.event, push.ecommerce] : push[0] == 'event' ? [push[1], push[2]] : [];
      if (ECOMMERCE_EVENT.test(event as string) && params)
        (hub.track as (name: string, props: object) => void)(event as string, { [GA4_PARAMS]: params });
    } catch {
      // An odd push is the store's business, never an error in its page.
    }
  };

  layer.forEach(read);
  const push = layer.push;
  layer.push = (...entries: unknown[]): number => {
    entries.forEach(read);
    return push.apply(layer, entries);
  };
}
