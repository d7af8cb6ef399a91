/**
 * Test support for the browser tests (not part of the build): a stand-in for the
 * collector behind `window.fetch`, recording every request and answering as told.
 */
import { eventInContext, type Batch } from '@vitrine/schema';
import { createStore, promisifyRequest } from 'idb-keyval';

export interface Sent {
  url: string;
  init: RequestInit;
  batch: Batch;
}

export interface FakeCollector {
  sent: Sent[];
  /** How the next requests are answered; `ok` by default. */
  answer: (sent: Sent) => Promise<Response>;
  batchesOf(site: string): Batch[];
  namesOf(site: string): string[][];
  eventsOf(site: string): Batch['events'];
  restore(): void;
}

export const ok = (): Promise<Response> => Promise.resolve(new Response('{"accepted":1,"rejected":[]}', { status: 200 }));
export const status = (code: number, headers: Record<string, string> = {}) => (): Promise<Response> =>
  Promise.resolve(new Response('{"error":"x"}', { status: code, headers }));
export const networkError = (): Promise<Response> => Promise.reject(new TypeError('Failed to fetch'));

/**
 * Replaces `window.fetch` until `restore()`. Also takes `Worker` away meanwhile: the
 * transport then sends every batch from the page, as where a CSP refuses its worker, so
 * that the stub sees them all (a worker's `fetch` is its own). The worker itself is
 * tested in `transport/fetch.browser.test.ts`, against a stand-in collector on the test
 * server, and end to end in `test/e2e`.
 */
export function fakeCollector(): FakeCollector {
  const realFetch = window.fetch;
  const realWorker = window.Worker;
  window.Worker = class {
    constructor() {
      throw new DOMException('refused by the fake collector', 'SecurityError');
    }
  } as unknown as typeof Worker;
  const collector: FakeCollector = {
    sent: [],
    answer: ok,
    batchesOf: (site) => collector.sent.filter(({ batch }) => batch.site === site).map(({ batch }) => batch),
    namesOf: (site) => collector.batchesOf(site).map((batch) => batch.events.map((event) => event.name)),
    eventsOf: (site) => collector.batchesOf(site).flatMap((batch) => batch.events),
    restore: () => {
      window.fetch = realFetch;
      window.Worker = realWorker;
    },
  };
  window.fetch = (url, init) => {
    // As the collector reads it: each event with the batch's context applied.
    const batch = JSON.parse(init!.body as string) as Batch;
    batch.events = batch.events.map((event) => eventInContext(event, batch.context) as Batch['events'][number]);
    const sent = { url: String(url), init: init!, batch };
    collector.sent.push(sent);
    return collector.answer(sent);
  };
  return collector;
}

let sites = 0;
/** A site key of its own for each test: every tracker stays subscribed to page events, and has its own IndexedDB outbox. */
export const newSite = (): string => `site_${Date.now().toString(36)}_${++sites}`;

/** The records of a site's IndexedDB outbox: arrays of events' JSON texts. */
export const storedEvents = (site: string): Promise<string[][]> =>
  createStore(`vitrine:${site}`, 'outbox')('readonly', (store) => promisifyRequest(store.getAll()));

/** Runs `dispatch` as if the page had become hidden. */
export function whileHidden(dispatch: () => void): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
  Object.defineProperty(document, 'hidden', { configurable: true, value: true });
  try {
    dispatch();
  } finally {
    delete (document as { visibilityState?: unknown }).visibilityState;
    delete (document as { hidden?: unknown }).hidden;
  }
}

/** Sends the page-hide signals the tracker listens to. */
export const hidePage = (): void => whileHidden(() => document.dispatchEvent(new Event('visibilitychange')));

/** Makes `navigator.onLine` answer `value` until the returned function is called. */
export function setOnline(value: boolean): () => void {
  Object.defineProperty(navigator, 'onLine', { configurable: true, get: () => value });
  return () => delete (navigator as { onLine?: boolean }).onLine;
}
