import { expect, waitUntil } from '@open-wc/testing';
import { fakeCollector, hidePage, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { createTracker } from '../tracker.js';
import { captureVitals } from './vitals.js';

describe('captureVitals', () => {
  let collector: FakeCollector;
  before(() => (collector = fakeCollector()));
  after(() => collector.restore());

  it('reports Core Web Vitals as web_vital events with their rating and navigation type', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://c.test' }, [captureVitals]);
    // TTFB is known at once; LCP and CLS are final when the page is hidden.
    await waitUntil(async () => (hidePage(), await tracker.flush(), collector.eventsOf(site).some((event) => event.props?.metric == 'TTFB')), 'TTFB reported', { timeout: 5000 });
    for (const event of collector.eventsOf(site)) {
      expect(event.name).to.equal('web_vital');
      expect(event.props!.metric).to.be.oneOf(['LCP', 'INP', 'CLS', 'FCP', 'TTFB']);
      expect(event.props!.rating).to.be.oneOf(['good', 'needs-improvement', 'poor']);
      expect(event.props!.navigation_type).to.be.a('string');
      expect(event.props!.value).to.be.a('number').and.at.least(0);
    }
  });
});
