import { expect } from '@open-wc/testing';
import { validateBatchEnvelope, validateEvent, type Batch } from '@vitrine/schema';
import { createTracker } from './tracker.js';

interface Sent {
  url: string;
  init: RequestInit;
  batch: Batch;
}

// Every tracker made here stays subscribed to page-hide events, so each test uses its
// own site key and looks only at the batches sent for it.
let sent: Sent[] = [];
let answer: () => Promise<Response>;
const realFetch = window.fetch;
const ok = () => Promise.resolve(new Response('{"accepted":1,"rejected":[]}', { status: 200 }));
const batchesOf = (site: string) => sent.filter((request) => request.batch.site === site);
const namesOf = (site: string) => batchesOf(site).map((request) => request.batch.events.map((event) => event.name));
let sites = 0;
const newSite = () => `site_${++sites}`;

/** Runs `dispatch` as if the page had become hidden. */
function whileHidden(dispatch: () => void): void {
  Object.defineProperty(document, 'visibilityState', { configurable: true, value: 'hidden' });
  try {
    dispatch();
  } finally {
    delete (document as { visibilityState?: DocumentVisibilityState }).visibilityState;
  }
}

describe('createTracker', () => {
  beforeEach(() => {
    sent = [];
    answer = ok;
    window.fetch = (url, init) => {
      sent.push({ url: String(url), init: init!, batch: JSON.parse(init!.body as string) });
      return answer();
    };
  });
  afterEach(() => {
    window.fetch = realFetch;
  });

  it('sends the page view and tracked events as one keepalive text/plain POST', async () => {
    const site = newSite();
    document.title = '绿茶 · Vitrine test shop';
    const tracker = createTracker({ site, endpoint: 'https://collector.test/' });
    tracker.track('add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1', quantity: 2 }] });
    tracker.track('signup', { plan: 'pro', newsletter: true });
    expect(sent).to.have.length(0);
    await tracker.flush();

    expect(sent).to.have.length(1);
    const { url, init, batch } = sent[0]!;
    expect(url).to.equal('https://collector.test/v1/batch');
    expect(init.method).to.equal('POST');
    expect(init.keepalive).to.equal(true);
    expect(init.credentials).to.equal('omit');
    expect(new Headers(init.headers).get('Content-Type')).to.equal('text/plain');

    expect(validateBatchEnvelope(batch).ok).to.equal(true);
    expect(batch.v).to.equal(1);
    expect(batch.site).to.equal(site);
    expect(batch.events.map((event) => event.name)).to.deep.equal(['page_view', 'add_to_cart', 'signup']);
    for (const event of batch.events) {
      expect(validateEvent(event)).to.deep.equal({ ok: true, value: event });
      expect(event.url).to.equal(location.href);
      expect(event.title).to.equal('绿茶 · Vitrine test shop');
      expect(event.visitor_id).to.equal(batch.events[0]!.visitor_id);
      expect(event.session_id).to.equal(batch.events[0]!.session_id);
    }
    expect(new Set(batch.events.map((event) => event.id)).size).to.equal(3);
    expect(batch.events[0]!.props).to.equal(undefined);
    expect(batch.events[2]!.props).to.deep.equal({ plan: 'pro', newsletter: true });
  });

  it('stamps sent_at when the batch is sent, not when its events happened', async () => {
    const site = newSite();
    const realNow = Date.now;
    try {
      Date.now = () => 1_700_000_000_000;
      const tracker = createTracker({ site, endpoint: 'https://collector.test', pageViews: false });
      tracker.track('signup');
      Date.now = () => 1_700_000_003_000;
      await tracker.flush();
    } finally {
      Date.now = realNow;
    }
    const { batch } = batchesOf(site)[0]!;
    expect(batch.events[0]!.ts).to.equal(1_700_000_000_000);
    expect(batch.sent_at).to.equal(1_700_000_003_000);
  });

  it('sends what is queued when the page becomes hidden', () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://collector.test' });
    tracker.track('signup');
    document.dispatchEvent(new Event('visibilitychange')); // still visible: nothing
    expect(batchesOf(site)).to.have.length(0);
    whileHidden(() => document.dispatchEvent(new Event('visibilitychange')));
    // Sent synchronously within the event, as it must be when the page is going away.
    expect(namesOf(site)).to.deep.equal([['page_view', 'signup']]);
  });

  it('sends what is queued on pagehide', () => {
    const site = newSite();
    createTracker({ site, endpoint: 'https://collector.test' });
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(namesOf(site)).to.deep.equal([['page_view']]);
  });

  it('keeps events when the collector fails or is unreachable, and sends them again in order', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://collector.test' });
    answer = () => Promise.resolve(new Response('{"error":"unavailable"}', { status: 503 }));
    await tracker.flush();
    tracker.track('signup');
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await tracker.flush();
    answer = ok;
    tracker.track('login');
    await tracker.flush();
    await tracker.flush();
    expect(namesOf(site)).to.deep.equal([['page_view'], ['page_view', 'signup'], ['page_view', 'signup', 'login']]);
    const ids = batchesOf(site).map((request) => request.batch.events[0]!.id);
    expect(new Set(ids).size, 'a resent event keeps its id, for deduplication').to.equal(1);
  });

  it('does not resend events that the collector refused in a 2xx answer', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://collector.test', pageViews: false });
    answer = () => Promise.resolve(new Response('{"accepted":0,"rejected":[{"index":0,"reason":"/props: bad"}]}'));
    tracker.track('odd', { 'bad key': 1 });
    await tracker.flush();
    answer = ok;
    tracker.track('fine');
    await tracker.flush();
    expect(namesOf(site)).to.deep.equal([['odd'], ['fine']]);
  });

  it('drops a batch that the collector refuses for good (400, 401, 413), as resending cannot help', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://collector.test', pageViews: false });
    for (const status of [400, 401, 413]) {
      answer = () => Promise.resolve(new Response('{"error":"refused"}', { status }));
      tracker.track(`refused_${status}`);
      await tracker.flush();
    }
    answer = ok;
    tracker.track('fine');
    await tracker.flush();
    expect(namesOf(site)).to.deep.equal([['refused_400'], ['refused_401'], ['refused_413'], ['fine']]);
  });

  it('never throws into the page, and drops only the event it cannot serialize', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://collector.test', pageViews: false });
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const realWarn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      expect(() => tracker.track('broken', circular as never)).to.not.throw();
    } finally {
      console.warn = realWarn;
    }
    expect(warnings).to.have.length(1);
    tracker.track('fine');
    await tracker.flush();
    expect(namesOf(site)).to.deep.equal([['fine']]);
  });
});
