import { expect } from '@open-wc/testing';
import type { Batch } from '@vitrine/schema';
import { installWindowApi, type VitrineGlobal } from './window-api.js';

let sent: Array<{ url: string; batch: Batch }> = [];
const realFetch = window.fetch;
let sites = 0;
const newSite = () => `site_${++sites}`;
const namesOf = (site: string) =>
  sent.filter(({ batch }) => batch.site === site).map(({ batch }) => batch.events.map((event) => event.name));

/** The `<script defer src=… data-site=…>` tag, built but not inserted, so nothing loads. */
function scriptTag(attributes: { src?: string; site?: string; endpoint?: string }): HTMLScriptElement {
  const script = document.createElement('script');
  if (attributes.src) script.src = attributes.src;
  if (attributes.site) script.dataset.site = attributes.site;
  if (attributes.endpoint) script.dataset.endpoint = attributes.endpoint;
  return script;
}

/** The loader stub that a store pastes before the script tag, verbatim. */
function installLoaderStub(): void {
  // prettier-ignore
  // @ts-expect-error -- plain JavaScript, as pasted in a store's template.
  window.vitrine = window.vitrine || function () { (vitrine.q = vitrine.q || []).push(arguments); };
}

describe('installWindowApi', () => {
  beforeEach(() => {
    sent = [];
    window.fetch = (url, init) => {
      sent.push({ url: String(url), batch: JSON.parse(init!.body as string) });
      return Promise.resolve(new Response('{"accepted":1,"rejected":[]}'));
    };
  });
  afterEach(() => {
    window.fetch = realFetch;
    delete (window as { vitrine?: VitrineGlobal }).vitrine;
  });

  it('runs the commands queued by the loader stub, in order, after the page view', async () => {
    const site = newSite();
    installLoaderStub();
    window.vitrine('track', 'view_item', { items: [{ item_id: 'SKU1' }] });
    window.vitrine('track', 'add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
    window.vitrine('track', 'signup');
    expect(window.vitrine.q).to.have.length(3);

    installWindowApi(scriptTag({ site, endpoint: 'https://collector.test' }));
    await window.vitrine.flush();
    expect(namesOf(site)).to.deep.equal([['page_view', 'view_item', 'add_to_cart', 'signup']]);
    expect(sent[0]!.batch.events[2]!.props).to.deep.equal({ currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
  });

  it('installs a command function with track and flush methods', async () => {
    const site = newSite();
    installWindowApi(scriptTag({ site, endpoint: 'https://collector.test' }));
    window.vitrine('track', 'signup', { plan: 'pro' });
    window.vitrine.track('login');
    window.vitrine('flush');
    expect(namesOf(site)).to.deep.equal([['page_view', 'signup', 'login']]);
    window.vitrine.track('logout');
    await window.vitrine.flush();
    expect(namesOf(site)).to.deep.equal([['page_view', 'signup', 'login'], ['logout']]);
    expect(() => (window.vitrine as unknown as (command: string) => void)('no-such-command')).to.not.throw();
  });

  it("sends to the script's own origin when data-endpoint is absent", async () => {
    const site = newSite();
    installWindowApi(scriptTag({ site, src: 'https://stats.shop.test/js/vitrine.js' }));
    await window.vitrine.flush();
    expect(sent.map(({ url }) => url)).to.deep.equal(['https://stats.shop.test/v1/batch']);
  });

  it('keeps the first tracker when the script is included twice', async () => {
    const first = newSite();
    installWindowApi(scriptTag({ site: first, endpoint: 'https://collector.test' }));
    const installed = window.vitrine;
    installWindowApi(scriptTag({ site: newSite(), endpoint: 'https://collector.test' }));
    expect(window.vitrine).to.equal(installed);
    await window.vitrine.flush();
    expect(sent.map(({ batch }) => batch.site)).to.deep.equal([first]);
  });

  it('warns and installs nothing without data-site', () => {
    const realWarn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      installWindowApi(scriptTag({ endpoint: 'https://collector.test' }));
      installWindowApi(null);
    } finally {
      console.warn = realWarn;
    }
    expect(warnings).to.have.length(2);
    expect(window.vitrine).to.equal(undefined);
  });
});
