import type { Batch } from '@vitrine/schema';
import { BATCH_PATH } from '@vitrine/schema';

/**
 * Largest body, in UTF-16 units, sent with `keepalive`. Browsers refuse keepalive bodies
 * over 64 KiB outright, and UTF-8 needs at most 3 bytes per unit, so this stays under.
 * A bigger body (one huge event) goes without keepalive rather than failing forever.
 */
const KEEPALIVE_MAX_CHARS = 21_845;

/**
 * Answers that refuse the whole batch for good (docs/wire-format.md): an invalid
 * envelope, an unknown site, a body too large (our batches are far below the limit, so
 * only a single oversized event gets this). Resending would fail the same way forever and
 * hold back every event queued behind them.
 */
const FINAL_REFUSALS = [400, 401, 413];

/**
 * A transport that POSTs each batch to `${endpoint}/v1/batch` with `fetch`.
 *
 * - `keepalive`, so a batch sent on page hide still arrives after the page is gone
 *   (this replaces `sendBeacon`, whose failures cannot be observed).
 * - `text/plain` is a CORS-safelisted type: no preflight, one request per batch. The
 *   collector parses the body as JSON regardless.
 * - No credentials: the collector identifies nothing by cookie.
 *
 * Resolves `true` when the batch needs no other attempt: on any 2xx (events the
 * collector refused inside a 2xx are final and must not be resent) and on a final
 * refusal of the whole batch (400, 401, 413). Resolves `false`, so the events are kept,
 * on any other answer (5xx, 503, 429…) and on a network error.
 * `fetch` is looked up per call, so importing this module never touches the browser.
 */
export function fetchTransport(endpoint: string): (batch: Batch) => Promise<boolean> {
  const url = endpoint.replace(/\/+$/, '') + BATCH_PATH;
  return (batch) => {
    const body = JSON.stringify(batch);
    return fetch(url, {
      method: 'POST',
      body,
      keepalive: body.length <= KEEPALIVE_MAX_CHARS,
      credentials: 'omit',
      headers: { 'Content-Type': 'text/plain' },
    }).then(
      (response) => response.ok || FINAL_REFUSALS.includes(response.status),
      () => false,
    );
  };
}
