import { expect } from '@open-wc/testing';
import { validateEvent } from '@vitrine/schema';
import { fakeCollector, newSite, type FakeCollector } from '../testing/fake-collector.js';
import { createTracker } from '../tracker.js';
import { captureDataLayer } from './datalayer.js';

declare global {
  interface Window {
    dataLayer?: unknown[];
    gtag?: (...args: unknown[]) => void;
  }
}

describe('captureDataLayer', () => {
  let collector: FakeCollector;
  beforeEach(() => {
    collector = fakeCollector();
    delete window.dataLayer;
  });
  afterEach(() => collector.restore());

  it('reads GTM ecommerce pushes made before and after start, and gtag events, and nothing else', async () => {
    const site = newSite();
    window.dataLayer = [];
    window.gtag = function () {
      // gtag.js pushes its `arguments` object, as in Google's snippet.
      // eslint-disable-next-line prefer-rest-params
      window.dataLayer!.push(arguments);
    };
    window.dataLayer.push({ event: 'gtm.js' }, { ecommerce: null });
    window.dataLayer.push({ event: 'view_item', ecommerce: { currency: 'CNY', value: 199, items: [{ item_id: 'SKU1', item_name: '丝绸围巾', price: 199 }] } });
    const tracker = createTracker({ site, endpoint: 'https://c.test', datalayer: '' }, [captureDataLayer]);
    window.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'LL-1', value: '398.00', currency: 'CNY', items: [{ item_id: 'SKU1', quantity: 2, item_category5: 'x' }] } });
    window.gtag('event', 'add_to_cart', { currency: 'CNY', value: 199, send_to: 'G-123', items: [{ item_id: 'SKU2' }] });
    window.gtag('event', 'page_view');
    window.gtag('event', 'login', { method: 'WeChat' });
    window.gtag('config', 'G-123');
    window.dataLayer.push({ event: 'refund' }); // no ecommerce object: not an ecommerce push
    await tracker.flush();
    const events = collector.eventsOf(site);
    // Sent as the store pushed them...
    expect(events.map(({ name, props }) => ({ name, props }))).to.deep.equal([
      { name: 'view_item', props: { ga4: { currency: 'CNY', value: 199, items: [{ item_id: 'SKU1', item_name: '丝绸围巾', price: 199 }] } } },
      { name: 'purchase', props: { ga4: { transaction_id: 'LL-1', value: '398.00', currency: 'CNY', items: [{ item_id: 'SKU1', quantity: 2, item_category5: 'x' }] } } },
      { name: 'add_to_cart', props: { ga4: { currency: 'CNY', value: 199, send_to: 'G-123', items: [{ item_id: 'SKU2' }] } } },
    ]);
    // ...and valid events once the collector has read them.
    expect(events.map((event) => validateEvent(event)).map((result) => result.ok && result.value.props)).to.deep.equal([
      { currency: 'CNY', value: 199, items: [{ item_id: 'SKU1', item_name: '丝绸围巾', price: 199 }] },
      { transaction_id: 'LL-1', value: 398, currency: 'CNY', items: [{ item_id: 'SKU1', quantity: 2 }] },
      { currency: 'CNY', value: 199, items: [{ item_id: 'SKU2' }] },
    ]);
    expect(window.dataLayer, 'the store’s own pushes all reach the data layer').to.have.length(9);
  });

  it('keeps working when GTM replaces push later, and never throws into the page', async () => {
    const site = newSite();
    const tracker = createTracker({ site, endpoint: 'https://c.test', datalayer: true }, [captureDataLayer]);
    const layer = window.dataLayer!;
    const seenByGtm: unknown[] = [];
    const previous = layer.push;
    // What gtm.js does when it loads: wrap the push it finds.
    layer.push = (...entries: unknown[]) => (seenByGtm.push(...entries), previous.apply(layer, entries));
    expect(() => layer.push({ event: 'purchase', ecommerce: { items: [null] } }, { event: 'view_cart', ecommerce: { value: 10, currency: 'CNY' } })).to.not.throw();
    await tracker.flush();
    expect(seenByGtm).to.have.length(2);
    // The broken purchase goes as it is, for the collector to refuse with a reason.
    expect(collector.eventsOf(site).map(({ name, props }) => ({ name, props }))).to.deep.equal([
      { name: 'purchase', props: { ga4: { items: [null] } } },
      { name: 'view_cart', props: { ga4: { value: 10, currency: 'CNY' } } },
    ]);
  });

  it('does nothing unless asked', async () => {
    const site = newSite();
    window.dataLayer = [{ event: 'purchase', ecommerce: { transaction_id: 'T', value: 1, currency: 'CNY' } }];
    const tracker = createTracker({ site, endpoint: 'https://c.test' }, [captureDataLayer]);
    await tracker.flush();
    expect(collector.sent).to.have.length(0);
  });
});
