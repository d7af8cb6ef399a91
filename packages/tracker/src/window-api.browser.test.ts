import { expect } from '@open-wc/testing';
import { CORE_CAPTURES } from './captures.js';
import { fakeCollector, newSite, type FakeCollector } from './testing/fake-collector.js';
import { configFromScript, installWindowApi, type VitrineGlobal } from './window-api.js';

let collector: FakeCollector;

/** The `<script defer src=… data-…>` tag, built but not inserted, so nothing loads. */
function scriptTag(attributes: Record<string, string>, src?: string): HTMLScriptElement {
  const script = document.createElement('script');
  if (src) script.src = src;
  for (const [name, value] of Object.entries(attributes)) script.setAttribute(`data-${name}`, value);
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
    collector = fakeCollector();
  });
  afterEach(() => {
    collector.restore();
    delete (window as { vitrine?: VitrineGlobal }).vitrine;
  });

  it('keeps calls made before the script loaded, in order: configuration first, then the page view, then events', async () => {
    const site = newSite();
    installLoaderStub();
    window.vitrine('track', 'view_item', { items: [{ item_id: 'SKU1' }] });
    window.vitrine('identify', 'customer-42');
    window.vitrine('track', 'add_to_cart', { currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
    window.vitrine('track', 'signup');
    expect(window.vitrine.q).to.have.length(4);

    installWindowApi(scriptTag({ site, endpoint: 'https://collector.test' }), CORE_CAPTURES);
    await window.vitrine.flush();
    expect(collector.namesOf(site)).to.deep.equal([['page_view', 'view_item', 'add_to_cart', 'signup']]);
    const events = collector.eventsOf(site);
    expect(events.every((event) => event.user_id == 'customer-42')).to.equal(true);
    expect(events[2]!.props).to.deep.equal({ currency: 'CNY', value: 30, items: [{ item_id: 'SKU1' }] });
  });

  it('installs a command function with the same methods, ignoring unknown commands', async () => {
    const site = newSite();
    installWindowApi(scriptTag({ site, endpoint: 'https://collector.test', pageviews: 'off' }), CORE_CAPTURES);
    window.vitrine('track', 'signup', { plan: 'pro' });
    window.vitrine.track('login');
    window.vitrine('flush');
    expect(collector.namesOf(site)).to.deep.equal([['signup', 'login']]);
    window.vitrine.track('logout');
    await window.vitrine.flush();
    expect(collector.namesOf(site)).to.deep.equal([['signup', 'login'], ['logout']]);
    for (const command of ['no-such-command', 'toString', '__proto__', 'constructor'])
      expect(() => (window.vitrine as unknown as (command: string) => void)(command)).to.not.throw();
    expect(Object.keys(window.vitrine).sort()).to.deep.equal(['consent', 'flush', 'identify', 'reset', 'track']);
  });

  it("sends to the script's own origin when data-endpoint is absent", async () => {
    const site = newSite();
    installWindowApi(scriptTag({ site, pageviews: 'false' }, 'https://stats.shop.test/js/vitrine.js'), []);
    window.vitrine.track('signup');
    await window.vitrine.flush();
    expect(collector.sent.map(({ url }) => url)).to.deep.equal(['https://stats.shop.test/v1/batch']);
  });

  it('keeps the first tracker when the script is included twice', async () => {
    const first = newSite();
    installWindowApi(scriptTag({ site: first, endpoint: 'https://collector.test' }), CORE_CAPTURES);
    const installed = window.vitrine;
    installWindowApi(scriptTag({ site: newSite(), endpoint: 'https://collector.test' }), CORE_CAPTURES);
    expect(window.vitrine).to.equal(installed);
    await window.vitrine.flush();
    expect(collector.sent.map(({ batch }) => batch.site)).to.deep.equal([first]);
  });

  it('warns and installs nothing without data-site', () => {
    const realWarn = console.warn;
    const warnings: unknown[][] = [];
    console.warn = (...args: unknown[]) => warnings.push(args);
    try {
      installWindowApi(scriptTag({ endpoint: 'https://collector.test' }), CORE_CAPTURES);
      installWindowApi(null, CORE_CAPTURES);
    } finally {
      console.warn = realWarn;
    }
    expect(warnings).to.have.length(2);
    expect(window.vitrine).to.equal(undefined);
  });
});

describe('configFromScript', () => {
  it('takes the data attributes as they stand, named as in dataset', () => {
    const script = scriptTag(
      { site: 'shop', endpoint: 'https://c.test', hash: '', 'replace-state': 'off', scrub: 'token, session', datalayer: '', cookieless: '', consent: 'opt-in', 'respect-dnt': '' },
      'https://stats.test/vitrine.js',
    );
    expect(configFromScript(script)).to.deep.equal({
      site: 'shop', endpoint: 'https://c.test', hash: '', replaceState: 'off', scrub: 'token, session', datalayer: '', cookieless: '', consent: 'opt-in', respectDnt: '',
    });
  });
});
