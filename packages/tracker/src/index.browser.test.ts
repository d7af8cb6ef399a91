import { expect } from '@open-wc/testing';
import type { Batch } from '@vitrine/schema';
import { flush, init, track } from './index.js';

// The npm entry keeps one tracker per page, so this file tells one story in order.
describe('the npm entry in a browser', () => {
  const sent: Batch[] = [];
  const realFetch = window.fetch;
  before(() => {
    window.fetch = (_url, request) => {
      sent.push(JSON.parse(request!.body as string));
      return Promise.resolve(new Response('{"accepted":1,"rejected":[]}'));
    };
  });
  after(() => {
    window.fetch = realFetch;
  });

  it('keeps track calls made before init and sends them after the page view', async () => {
    track('signup', { plan: 'pro' });
    await flush();
    expect(sent).to.have.length(0);
    init({ site: 'site_npm', endpoint: 'https://collector.test' });
    track('login');
    await flush();
    expect(sent.map((batch) => batch.events.map((event) => event.name))).to.deep.equal([['page_view', 'signup', 'login']]);
  });

  it('ignores a second init', async () => {
    init({ site: 'other_site', endpoint: 'https://elsewhere.test' });
    track('logout');
    await flush();
    expect(sent.map((batch) => batch.site)).to.deep.equal(['site_npm', 'site_npm']);
  });
});
