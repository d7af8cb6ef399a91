import { expect } from '@open-wc/testing';
import { consent, flush, identify, init, track, webVitals } from './index.js';
import { fakeCollector, newSite, type FakeCollector } from './testing/fake-collector.js';

// The npm entry keeps one tracker per page, so this file tells one story in order.
describe('the npm entry in a browser', () => {
  let collector: FakeCollector;
  const site = newSite();
  before(() => {
    collector = fakeCollector();
  });
  after(() => collector.restore());

  it('keeps calls made before init, and replays them after the page view, configuration first', async () => {
    track('signup', { plan: 'pro' });
    identify('customer-42');
    consent(true);
    webVitals();
    await flush();
    expect(collector.sent).to.have.length(0);
    init({ site, endpoint: 'https://collector.test' });
    track('login');
    await flush();
    expect(collector.namesOf(site)[0]!.filter((name) => name != 'web_vital')).to.deep.equal(['page_view', 'signup', 'login']);
    expect(collector.eventsOf(site).every((event) => event.user_id == 'customer-42')).to.equal(true);
  });

  it('ignores a second init', async () => {
    init({ site: 'other_site', endpoint: 'https://elsewhere.test' });
    track('logout');
    await flush();
    expect(new Set(collector.sent.map(({ batch }) => batch.site))).to.deep.equal(new Set([site]));
  });
});
