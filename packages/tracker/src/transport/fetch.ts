import { BATCH_PATH } from '@vitrine/schema';
import type { UNLOAD_BYTES } from '../core/queue.js';
import { classify, type Outcome } from '../core/retry.js';

/**
 * A transport that POSTs each batch body to `${endpoint}/v1/batch` with `fetch`, and
 * classifies the answer (see `core/retry.ts`): what to do next depends on the status
 * and `Retry-After`, which the collector exposes to scripts through CORS.
 *
 * - `keepalive` when the queue asks for it (flushes, and the page going away, in bodies
 *   under {@link UNLOAD_BYTES}), so that the request still arrives after the page is
 *   gone. Unlike `sendBeacon`, a keepalive `fetch` tells the page the outcome when the
 *   page is still there (a hidden tab), so delivered events leave the outbox instead of
 *   being sent again from it. Ordinary sends are not keepalive: Chromium counts
 *   keepalive bodies against its 64 KiB quota for a while after they complete, and a
 *   stream of them gets refused.
 * - A string body goes as `text/plain`, a CORS-safelisted type: no preflight, one
 *   request per batch. The collector parses it as JSON regardless.
 * - No credentials: the collector identifies nothing by cookie.
 *
 * Rejects on a network error (the queue retries). `fetch` is looked up per call, so
 * importing this module never touches the browser.
 */
export function fetchTransport(endpoint: string): (body: string, keepalive: boolean) => Promise<Outcome> {
  const url = endpoint.replace(/\/+$/, '') + BATCH_PATH;
  return (body, keepalive) =>
    fetch(url, { method: 'POST', body, keepalive, credentials: 'omit' }).then((response) =>
      classify(response.status, response.headers.get('Retry-After')),
    );
}
