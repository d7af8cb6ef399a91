import { expect, waitUntil } from '@open-wc/testing';
import { LIMITS, validateBatchEnvelope, validateEvent } from '@vitrine/schema';
import { STORAGE_KEY } from './lib/identity.js';
import { fakeCollector, hidePage, networkError, newSite, ok, setOnline, status, storedEvents, type FakeCollector } from './testing/fake-collector.js';
import { createTracker, type Hub, type TrackerConfig } from './tracker.js';

let collector: FakeCollector;
const endpoint = 'https://collector.test/';
const start = (config: Partial<TrackerConfig> & { site: string }) => createTracker({ endpoint, ...config });

describe('createTracker', () => {
  beforeEach(() => {
    collector = fakeCollector();
    localStorage.clear();
  });
  afterEach(() => collector.restore());

  it('sends tracked events as one keepalive text/plain POST, with the page and the ids', async () => {
    const site = newSite();
    document.title = '绿茶 · Vitrine test shop';
    const tracker = start({ site });
    tracker.track('add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1', quantity: 2 }] });
    tracker.track('signup', { plan: 'pro', newsletter: true });
    expect(collector.sent).to.have.length(0);
    await tracker.flush();

    expect(collector.sent).to.have.length(1);
    const { url, init, batch } = collector.sent[0]!;
    expect(url).to.equal('https://collector.test/v1/batch');
    expect(init.method).to.equal('POST');
    expect(init.keepalive).to.equal(true);
    expect(init.credentials).to.equal('omit');
    expect(new Request(url, init).headers.get('Content-Type')).to.match(/^text\/plain/);

    expect(validateBatchEnvelope(batch).ok).to.equal(true);
    expect(batch).to.include({ v: 1, site });
    expect(batch.events.map((event) => event.name)).to.deep.equal(['add_to_cart', 'signup']);
    for (const event of batch.events) {
      expect(validateEvent(event)).to.deep.equal({ ok: true, value: event });
      expect(event.url).to.equal(location.href.split('#')[0]);
      expect(event.title).to.equal('绿茶 · Vitrine test shop');
      expect(event.visitor_id).to.equal(batch.events[0]!.visitor_id);
      expect(event.session_id).to.equal(batch.events[0]!.session_id);
    }
    expect(new Set(batch.events.map((event) => event.id)).size).to.equal(2);
    expect(batch.events[1]!.props).to.deep.equal({ plan: 'pro', newsletter: true });
  });

  it('sends the page and the ids once per batch, as its context, and clips an overlong title', async () => {
    const site = newSite();
    document.title = 'T'.repeat(LIMITS.titleLength + 100);
    const tracker = start({ site });
    tracker.track('signup', { plan: 'pro' });
    tracker.track('signup', { plan: 'team' });
    await tracker.flush();
    const sent = JSON.parse(collector.sent[0]!.init.body as string);
    expect(sent.context).to.include({ url: location.href.split('#')[0], title: 'T'.repeat(LIMITS.titleLength) });
    expect(sent.context.visitor_id).to.be.a('string');
    for (const event of sent.events) expect(Object.keys(event)).to.deep.equal(['id', 'ts', 'name', 'props']);
    // As the collector reads it: valid events, each with the page and the ids.
    for (const event of collector.sent[0]!.batch.events) expect(validateEvent(event).ok).to.equal(true);
  });

  it('stamps sent_at when the batch is sent, not when its events happened', async () => {
    const site = newSite();
    const realNow = Date.now;
    try {
      Date.now = () => 1_700_000_000_000;
      const tracker = start({ site });
      tracker.track('signup');
      Date.now = () => 1_700_000_003_000;
      await tracker.flush();
    } finally {
      Date.now = realNow;
    }
    const [batch] = collector.batchesOf(site);
    expect(batch!.events[0]!.ts).to.equal(1_700_000_000_000);
    expect(batch!.sent_at).to.equal(1_700_000_003_000);
  });

  it('sends what is queued synchronously when the page becomes hidden, and on pagehide', () => {
    const site = newSite();
    const tracker = start({ site });
    tracker.track('signup');
    document.dispatchEvent(new Event('visibilitychange')); // still visible: nothing
    expect(collector.batchesOf(site)).to.have.length(0);
    hidePage();
    expect(collector.namesOf(site)).to.deep.equal([['signup']]);
    tracker.track('logout');
    window.dispatchEvent(new PageTransitionEvent('pagehide', { persisted: false }));
    expect(collector.namesOf(site)).to.deep.equal([['signup'], ['logout']]);
  });

  it('cuts what it sends on page hide into keepalive bodies under 60 KB', () => {
    const site = newSite();
    const tracker = start({ site });
    // About 150 KB of events: more than the 64 KiB that browsers allow in flight.
    for (let i = 0; i < 300; i++) tracker.track('search', { query: `query ${i} ${'x'.repeat(450)}` });
    // An ordinary request went as soon as a send was due (SEND_WHEN): not keepalive, it dies with the page.
    const ordinary = collector.sent.filter(({ batch }) => batch.site === site);
    expect(ordinary.map(({ init }) => init.keepalive)).to.deep.equal([false]);
    hidePage();
    const requests = collector.sent.filter(({ batch }) => batch.site === site).slice(1);
    expect(requests.length).to.be.greaterThan(2);
    for (const { init } of requests) {
      expect(new Blob([init.body as string]).size).to.be.lessThan(60_000);
      expect(init.keepalive).to.equal(true);
    }
    // Every event goes in a keepalive request, those of the ordinary one included.
    expect(requests.flatMap(({ batch }) => batch.events).length).to.equal(300);
  });

  it('keeps events when the collector fails or is unreachable, resending them with the same ids', async () => {
    const site = newSite();
    const tracker = start({ site });
    collector.answer = status(503);
    tracker.track('signup');
    await tracker.flush();
    collector.answer = networkError;
    window.dispatchEvent(new Event('online')); // forgets the backoff: sends at once
    await waitUntil(() => collector.batchesOf(site).length == 2, 'retried');
    collector.answer = ok;
    // Each poll of waitUntil comes a task later, once the failure has been handled (a new backoff)…
    await waitUntil(async () => (await tracker.flush(), collector.batchesOf(site).length == 2), 'backing off');
    // …which `online` forgets again.
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => collector.batchesOf(site).length == 3, 'delivered');
    await tracker.flush();
    expect(collector.namesOf(site)).to.deep.equal([['signup'], ['signup'], ['signup']]);
    expect(new Set(collector.eventsOf(site).map((event) => event.id)).size, 'one id across retries').to.equal(1);
  });

  it('waits out a 429 with Retry-After: a flush during the wait sends nothing', async () => {
    const site = newSite();
    const tracker = start({ site });
    collector.answer = status(429, { 'Retry-After': '30' });
    tracker.track('signup');
    await tracker.flush();
    tracker.track('login');
    await tracker.flush();
    expect(collector.namesOf(site)).to.deep.equal([['signup']]);
  });

  it('never retries a 400: the batch is dropped and the next goes on', async () => {
    const site = newSite();
    const tracker = start({ site });
    collector.answer = status(400);
    tracker.track('refused');
    await tracker.flush();
    collector.answer = ok;
    await tracker.flush();
    tracker.track('fine');
    await tracker.flush();
    expect(collector.namesOf(site)).to.deep.equal([['refused'], ['fine']]);
  });

  it('sends nothing while offline, and everything on the online event', async () => {
    const site = newSite();
    const restore = setOnline(false);
    const tracker = start({ site });
    try {
      tracker.track('browse');
      await tracker.flush();
      hidePage();
      expect(collector.batchesOf(site)).to.have.length(0);
    } finally {
      restore();
    }
    window.dispatchEvent(new Event('online'));
    await waitUntil(() => collector.batchesOf(site).length == 1, 'sent once online');
    expect(collector.namesOf(site)).to.deep.equal([['browse']]);
  });

  it('drops the oldest events when over 1,000 wait, and reports how many once the collector answers', async () => {
    const site = newSite();
    const restore = setOnline(false);
    const tracker = start({ site, cookieless: true });
    try {
      for (let i = 0; i < 1003; i++) tracker.track('tick', { i });
    } finally {
      restore();
    }
    await tracker.flush();
    await tracker.flush();
    const events = collector.eventsOf(site);
    expect(events.filter((event) => event.name == 'tick').map((event) => event.props!.i)).to.have.length(1000).and.include(1002).and.not.include(2);
    expect(events.find((event) => event.name == 'outbox_overflow')?.props).to.deep.equal({ dropped: 3 });
  });

  it('never throws into the page, and drops only the event it cannot serialize', async () => {
    const site = newSite();
    const tracker = start({ site });
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
    expect(collector.namesOf(site)).to.deep.equal([['fine']]);
  });

  it('records a page view per URL, referring a virtual page view to the previous one', async () => {
    const site = newSite();
    const tracker = start({ site });
    const before = location.href;
    try {
      tracker.track('page_view');
      tracker.track('page_view'); // same URL: the same page view
      history.pushState(null, '', '?step=2');
      tracker.track('page_view');
      await tracker.flush();
    } finally {
      history.replaceState(null, '', before);
    }
    const views = collector.eventsOf(site);
    expect(views.map((event) => event.name)).to.deep.equal(['page_view', 'page_view']);
    expect(views[1]!.url).to.match(/\?step=2$/);
    expect(views[1]!.referrer).to.equal(views[0]!.url);
  });

  it('scrubs the URL of every event: configured keys, e-mail addresses, the fragment', async () => {
    const site = newSite();
    const before = location.href;
    history.replaceState(null, '', '?token=secret&email=li.wei%40example.cn&utm_source=wechat#access_token=x');
    try {
      const tracker = start({ site, scrub: 'token,session' });
      tracker.track('page_view');
      await tracker.flush();
    } finally {
      history.replaceState(null, '', before);
    }
    expect(collector.eventsOf(site)[0]!.url).to.match(/\?email=redacted&utm_source=wechat$/);
  });
});

describe('createTracker: identity and consent', () => {
  beforeEach(() => {
    collector = fakeCollector();
    localStorage.clear();
  });
  afterEach(() => collector.restore());

  it('keeps the visitor on the device, and the outbox in IndexedDB, by default', async () => {
    const site = newSite();
    const tracker = start({ site });
    collector.answer = networkError;
    tracker.track('signup');
    await tracker.flush();
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).v).to.equal(collector.eventsOf(site)[0]!.visitor_id);
    await waitUntil(async () => (await storedEvents(site)).length == 1, 'the event is in the outbox');
  });

  it('writes what waits to IndexedDB as soon as the page is hidden, not after the write delay', async () => {
    const site = newSite();
    const tracker = start({ site });
    collector.answer = networkError;
    tracker.track('browse');
    await waitUntil(async () => (await storedEvents(site)).length == 1, 'written within the write delay');
    tracker.track('leave');
    hidePage();
    // Read at once: the write was issued before this read, and IndexedDB keeps that order.
    const stored = (await storedEvents(site)).flat().map((text) => JSON.parse(text).name);
    expect(stored).to.have.members(['browse', 'leave']);
  });

  it('carries identify()’s user id until reset(), which also starts a new visitor', async () => {
    const site = newSite();
    const tracker = start({ site });
    tracker.track('browse');
    tracker.identify('customer-42');
    tracker.track('login');
    tracker.reset();
    tracker.track('browse');
    await tracker.flush();
    const [anonymous, known, after] = collector.eventsOf(site);
    expect(anonymous!.user_id).to.equal(undefined);
    expect(known).to.include({ user_id: 'customer-42', visitor_id: anonymous!.visitor_id });
    expect(after!.user_id).to.equal(undefined);
    expect(after!.visitor_id).to.not.equal(anonymous!.visitor_id);
  });

  it('stores nothing on the device in cookieless mode', async () => {
    const site = newSite();
    const tracker = start({ site, cookieless: '' });
    collector.answer = networkError;
    tracker.track('browse');
    await tracker.flush();
    expect(localStorage.length).to.equal(0);
    expect(await storedEvents(site)).to.deep.equal([]);
  });

  it('in opt-in mode, stores nothing before consent(true), then keeps the same visitor on the device', async () => {
    const site = newSite();
    const tracker = start({ site, consent: 'opt-in' });
    collector.answer = networkError;
    tracker.track('browse');
    await tracker.flush();
    expect(localStorage.length).to.equal(0);
    expect(await storedEvents(site)).to.deep.equal([]);
    tracker.consent(true);
    tracker.track('signup');
    await waitUntil(async () => (await storedEvents(site)).length == 1, 'stored after consent');
    collector.answer = ok;
    window.dispatchEvent(new Event('online'));
    await tracker.flush();
    const visitors = new Set(collector.eventsOf(site).map((event) => event.visitor_id));
    expect(visitors.size).to.equal(1);
    expect(JSON.parse(localStorage.getItem(STORAGE_KEY)!).v).to.equal([...visitors][0]);
  });

  it('consent(false) deletes ids and the outbox from the device, and tracking goes on cookieless', async () => {
    const site = newSite();
    const tracker = start({ site });
    collector.answer = networkError;
    tracker.track('browse');
    await waitUntil(async () => (await storedEvents(site)).length == 1, 'stored');
    tracker.consent(false);
    await waitUntil(async () => (await storedEvents(site)).length == 0, 'outbox cleared');
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
    collector.answer = ok;
    tracker.track('after');
    window.dispatchEvent(new Event('online'));
    await tracker.flush();
    expect(collector.eventsOf(site).map((event) => event.name)).to.include('after');
    expect(localStorage.getItem(STORAGE_KEY)).to.equal(null);
  });

  it('honours Do-Not-Track and Global Privacy Control when asked, unless consent is given', async () => {
    const site = newSite();
    Object.defineProperty(navigator, 'globalPrivacyControl', { configurable: true, value: true });
    try {
      const tracker = start({ site, respectDnt: true });
      tracker.track('browse');
      await tracker.flush();
      expect(collector.batchesOf(site)).to.have.length(0);
      expect(localStorage.length).to.equal(0);
      tracker.consent(true);
      tracker.track('signup');
      await tracker.flush();
      expect(collector.namesOf(site)).to.deep.equal([['signup']]);
    } finally {
      delete (navigator as { globalPrivacyControl?: boolean }).globalPrivacyControl;
    }
  });

  it('falls back to memory, without an error reaching the page, when IndexedDB throws', async () => {
    const site = newSite();
    const errors: unknown[] = [];
    const onError = (event: ErrorEvent | PromiseRejectionEvent) => errors.push('reason' in event ? event.reason : event.error);
    addEventListener('error', onError);
    addEventListener('unhandledrejection', onError);
    const realOpen = IDBFactory.prototype.open;
    IDBFactory.prototype.open = () => {
      throw new DOMException('The user denied permission to access the database.', 'SecurityError');
    };
    try {
      const tracker = start({ site });
      collector.answer = networkError;
      tracker.track('browse');
      await tracker.flush();
      collector.answer = ok;
      window.dispatchEvent(new Event('online'));
      await tracker.flush();
    } finally {
      IDBFactory.prototype.open = realOpen;
      removeEventListener('error', onError);
      removeEventListener('unhandledrejection', onError);
    }
    expect(errors).to.deep.equal([]);
    expect(collector.namesOf(site)).to.deep.equal([['browse'], ['browse']]);
  });
});

describe('createTracker: the start order', () => {
  beforeEach(() => {
    collector = fakeCollector();
    localStorage.clear();
  });
  afterEach(() => collector.restore());

  it('runs queued configuration commands, then the captures, then queued track calls', async () => {
    const site = newSite();
    const order: string[] = [];
    const capture = (hub: Hub) => {
      order.push('capture');
      hub.track('page_view');
    };
    const queued = [['track', 'early_event'], ['identify', 'customer-7'], ['no_such_command'], ['consent', true]];
    const tracker = createTracker({ site, endpoint }, [capture], queued);
    await tracker.flush();
    expect(order).to.deep.equal(['capture']);
    const events = collector.eventsOf(site);
    expect(events.map((event) => event.name)).to.deep.equal(['page_view', 'early_event']);
    expect(events.every((event) => event.user_id == 'customer-7')).to.equal(true);
  });
});
