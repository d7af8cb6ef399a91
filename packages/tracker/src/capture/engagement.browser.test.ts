import { expect } from '@open-wc/testing';
import { fakeCollector, hidePage, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { manualClock, type ManualClock } from '../testing/manual-clock.js';
import { createTracker, type Hub } from '../tracker.js';
import { captureEngagement } from './engagement.js';

let collector: FakeCollector;
let clock: ManualClock;
let hub: Hub;
let site: string;
const spacer = document.createElement('div');
spacer.style.height = '400vh';
const engagements = () => collector.eventsOf(site).filter((event) => event.name == 'page_engagement');
const scrolled = (y: number) => new Promise((resolve) => (addEventListener('scroll', resolve, { once: true }), scrollTo(0, y)));

describe('captureEngagement', () => {
  beforeEach(() => {
    collector = fakeCollector();
    clock = manualClock();
    site = newSite();
    document.body.append(spacer);
    scrollTo(0, 0);
    createTracker({ site, endpoint: 'https://c.test' }, [(h) => (hub = h), captureEngagement]);
    hub.track('page_view');
  });
  afterEach(() => {
    clock.restore();
    collector.restore();
    spacer.remove();
  });

  it('is focused in this test browser, as a shopper looking at the page is', () => {
    expect(document.hasFocus()).to.equal(true);
  });

  it('reports engaged time and the deepest scroll when the page is hidden, then only what is new', async () => {
    clock.tick(7000);
    await scrolled(document.documentElement.scrollHeight / 2 - innerHeight);
    await scrolled(0);
    hidePage();
    await hub.flush();
    expect(engagements().map((event) => event.props)).to.deep.equal([{ engaged_ms: 7000, max_scroll_pct: 50 }]);
    hidePage(); // nothing new: nothing sent
    clock.tick(2000);
    hidePage();
    await hub.flush();
    expect(engagements().map((event) => event.props)).to.deep.equal([
      { engaged_ms: 7000, max_scroll_pct: 50 },
      { engaged_ms: 2000, max_scroll_pct: 50 },
    ]);
  });

  it('counts no time while the page is hidden', async () => {
    Object.defineProperty(document, 'hidden', { configurable: true, value: true });
    try {
      clock.tick(60_000);
    } finally {
      delete (document as { hidden?: boolean }).hidden;
    }
    clock.tick(3000);
    hidePage();
    await hub.flush();
    expect(engagements().map((event) => event.props!.engaged_ms)).to.deep.equal([3000]);
  });

  it('reports the page view being left on an SPA route change, with its own URL', async () => {
    const before = location.href;
    clock.tick(4000);
    history.pushState(null, '', '?next');
    hub.track('page_view');
    history.replaceState(null, '', before);
    await hub.flush();
    const names = collector.eventsOf(site).map((event) => event.name);
    expect(names).to.deep.equal(['page_view', 'page_engagement', 'page_view']);
    const [first, engagement] = collector.eventsOf(site);
    expect(engagement!.url).to.equal(first!.url);
    expect(engagement!.props!.engaged_ms).to.equal(4000);
  });
});
