import { expect } from '@open-wc/testing';
import { fakeCollector, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { createTracker, type TrackerConfig } from '../tracker.js';
import { capturePageViews } from './pageview.js';

let collector: FakeCollector;
const start = (config: Partial<TrackerConfig> & { site: string }) => createTracker({ endpoint: 'https://c.test', ...config }, [capturePageViews]);
const paths = (site: string) => collector.eventsOf(site).filter((event) => event.name == 'page_view').map((event) => new URL(event.url).pathname + new URL(event.url).search + new URL(event.url).hash);

describe('capturePageViews', () => {
  const home = location.href;
  // Each tracker patches history once more; the patches chain, and every test has its own site.
  beforeEach(() => {
    collector = fakeCollector();
  });
  afterEach(() => {
    history.replaceState(null, '', home);
    collector.restore();
  });

  it('records the page view at start, and one per SPA route change, never two for one URL', async () => {
    const site = newSite();
    const tracker = start({ site });
    const base = location.pathname + location.search;
    history.pushState(null, '', '/products/tea');
    // A router that pushes then replaces for one navigation, or stores scroll state.
    history.replaceState({ scroll: 120 }, '', '/products/tea');
    history.pushState(null, '', '/products/tea#reviews');
    history.pushState(null, '', '/cart?step=1');
    history.replaceState(null, '', '/cart?step=2');
    history.back();
    await new Promise((resolve) => addEventListener('popstate', resolve, { once: true }));
    await tracker.flush();
    // Back from /cart?step=2 (which replaced step=1) lands on /products/tea#reviews: /products/tea.
    expect(paths(site)).to.deep.equal([base, '/products/tea', '/cart?step=1', '/cart?step=2', '/products/tea']);
    const views = collector.eventsOf(site);
    expect(views[1]!.referrer).to.equal(views[0]!.url);
  });

  it('ignores replaceState when told to', async () => {
    const site = newSite();
    const tracker = start({ site, replaceState: 'off' });
    history.replaceState(null, '', '/filtered?colour=red');
    history.pushState(null, '', '/next');
    await tracker.flush();
    expect(paths(site).slice(1)).to.deep.equal(['/next']);
  });

  it('with hash routing, counts hash changes and keeps the fragment', async () => {
    const site = newSite();
    const tracker = start({ site, hash: true });
    location.hash = '#/checkout';
    await new Promise((resolve) => addEventListener('hashchange', resolve, { once: true }));
    await tracker.flush();
    expect(paths(site).at(-1)).to.equal(`${location.pathname}${location.search}#/checkout`);
  });

  it('records nothing by itself when page views are off', async () => {
    const site = newSite();
    const tracker = start({ site, pageviews: false });
    history.pushState(null, '', '/elsewhere');
    tracker.track('signup');
    await tracker.flush();
    expect(collector.namesOf(site)).to.deep.equal([['signup']]);
    expect(collector.eventsOf(site)[0]!.url).to.match(/\/elsewhere$/);
  });
});
