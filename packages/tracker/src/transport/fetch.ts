import { BATCH_PATH } from '@vitrine/schema';
import type { UNLOAD_BYTES } from '../core/queue.js';
import { classify, type Outcome } from '../core/retry.js';

/** The collector's answer as the transport passes it on: status and `Retry-After`, or `0` for a network error. */
type Answer = [status: number, retryAfter: string | null] | 0;

/** Something that takes an {@link Answer}: a `MessagePort` back to the page, or the page's own callback. */
interface Reply {
  postMessage(answer: Answer): void;
}

/**
 * Sends one request and replies with the answer. It is the whole program of the send
 * worker, and it is what the page runs itself where there is no worker. Its source text
 * is the worker's script, so it uses nothing but globals, nor syntax that a store's own
 * bundler might compile into calls to helpers (a spread would be, for old browsers).
 */
const post = (message: { data: [string, RequestInit]; ports: readonly Reply[] }): Promise<void> =>
  fetch(message.data[0], message.data[1])
    .then((response): Answer => [response.status, response.headers.get('Retry-After')], (): Answer => 0)
    .then((answer) => message.ports[0]!.postMessage(answer));

/**
 * A transport that POSTs each batch body to `${endpoint}/v1/batch` and classifies the
 * answer (see `core/retry.ts`): what to do next depends on the status and
 * `Retry-After`, which the collector exposes to scripts through CORS.
 *
 * - Ordinary sends go from a dedicated worker, made from a `Blob` of {@link post}. A
 *   `fetch` costs the page's main thread about 1 ms plus 15 µs per KB of body in
 *   Chromium, and its answer as much again: in a worker, the page pays for posting a
 *   string, a fraction of that. The page sends by itself until the worker has said it
 *   runs (a CSP that refuses `blob:` workers, or no `Worker` at all, leaves it at that),
 *   and again from the worker's first error, which also settles the worker's sends in
 *   flight as failed, so that the queue retries them rather than waiting for ever.
 * - `keepalive` sends go from the page, always: a worker dies with its page, and these
 *   (flushes, and the page going away, in bodies under {@link UNLOAD_BYTES}) must still
 *   arrive after the page is gone. Unlike `sendBeacon`, a keepalive `fetch` tells the
 *   page the outcome when the page is still there (a hidden tab), so delivered events
 *   leave the outbox instead of being sent again from it. Ordinary sends are not
 *   keepalive: Chromium counts keepalive bodies against its 64 KiB quota for a while
 *   after they complete, and a stream of them gets refused.
 * - A string body goes as `text/plain`, a CORS-safelisted type: no preflight, one
 *   request per batch. The collector parses it as JSON regardless. A worker made from a
 *   `Blob` has the page's origin, so the collector sees the same `Origin` either way.
 * - No credentials: the collector identifies nothing by cookie.
 *
 * Rejects on a network error (the queue retries). Call it in a browser only: it starts
 * the worker.
 */
export function fetchTransport(endpoint: string): (body: string, keepalive: boolean) => Promise<Outcome> {
  const url = endpoint.replace(/\/+$/, '') + BATCH_PATH;
  /** The worker, once it has said that it runs. */
  let ready: Worker | 0 = 0;
  /** Settles the sends in flight in the worker, as failed: called on its first error. */
  const inWorker = new Set<Reply['postMessage']>();
  try {
    const worker = new Worker(URL.createObjectURL(new Blob([`onmessage=${post};postMessage(0)`])));
    worker.onmessage = () => (ready = worker);
    worker.onerror = () => {
      ready = 0;
      inWorker.forEach((settle) => settle(0));
    };
  } catch {
    // No worker here: the page sends by itself.
  }
  return (body, keepalive) =>
    new Promise<Answer>((settle) => {
      const data: [string, RequestInit] = [url, { method: 'POST', body, keepalive, credentials: 'omit' }];
      if (keepalive || !ready) return post({ data, ports: [{ postMessage: settle }] });
      const channel = new MessageChannel();
      inWorker.add(settle);
      channel.port1.onmessage = (message) => {
        inWorker.delete(settle);
        settle(message.data);
      };
      ready.postMessage(data, [channel.port2]);
    }).then((answer) => (answer ? classify(...answer) : Promise.reject()));
}
