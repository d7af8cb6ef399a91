import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { breakdownReport, breakdownRow, json, stubFetch, trendsReport } from '../../test/support.js';
import type { VitrineBreakdown } from './vitrine-breakdown.js';
import type { VitrineProvider } from './vitrine-provider.js';
import type { VitrineTrend } from './vitrine-trend.js';
import type { TokenExpiredDetail } from '../controllers/report-controller.js';
import './vitrine-provider.js';
import './vitrine-breakdown.js';
import './vitrine-trend.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
beforeEach(() => {
  fetchStub = stubFetch(async (call) =>
    call.url.pathname.endsWith('/trends') ? json(trendsReport(['visitors'])) : json(breakdownReport('channel', [breakdownRow('search', 10)])),
  );
});
afterEach(() => fetchStub.restore());

async function page() {
  const provider = await fixture<VitrineProvider>(html`
    <vitrine-provider endpoint=${ENDPOINT} site="shop" range="7d" tz="Asia/Shanghai" locale="zh-CN" theme="dark" .token=${'shared-token'}>
      <section>
        <vitrine-trend></vitrine-trend>
        <vitrine-breakdown dimension="channel" site="other" range="30d" locale="en" theme="light"></vitrine-breakdown>
      </section>
    </vitrine-provider>
  `);
  const trend = provider.querySelector<VitrineTrend>('vitrine-trend')!;
  const breakdown = provider.querySelector<VitrineBreakdown>('vitrine-breakdown')!;
  await waitUntil(() => trend.status === 'ready' && breakdown.status === 'ready', 'not ready');
  await trend.updateComplete;
  await breakdown.updateComplete;
  return { provider, trend, breakdown };
}

const call = (path: string) => fetchStub.calls.find((c) => c.url.pathname.endsWith(path))!;

describe('<vitrine-provider>', () => {
  it('hands endpoint, token, site, range, tz, locale and theme to every widget inside', async () => {
    const { trend } = await page();
    const { url, init } = call('/trends');
    expect(url.origin).to.equal(ENDPOINT);
    expect(Object.fromEntries(url.searchParams)).to.include({ site: 'shop', range: '7d', tz: 'Asia/Shanghai' });
    expect(new Headers(init.headers).get('Authorization')).to.equal('Bearer shared-token');
    expect(trend.dataset.theme).to.equal('dark');
    expect(trend.shadowRoot!.querySelector('[part~="legend-item"] > span:nth-child(2)')!.textContent).to.equal('访客数');
  });

  it("lets a widget's own attributes override the provider's", async () => {
    const { breakdown } = await page();
    expect(Object.fromEntries(call('/breakdown').url.searchParams)).to.include({ site: 'other', range: '30d', dimension: 'channel' });
    expect(breakdown.dataset.theme).to.equal('light');
    expect(breakdown.shadowRoot!.querySelector('[part~="title"]')!.textContent).to.equal('Channel');
  });

  it('updates the widgets when a provider setting changes, and keeps the token out of the DOM', async () => {
    const { provider, trend } = await page();
    provider.range = '30d';
    await waitUntil(() => fetchStub.calls.filter((c) => c.url.pathname.endsWith('/trends')).length === 2, 'no refetch');
    expect(fetchStub.calls.at(-1)!.url.searchParams.get('range')).to.equal('30d');
    provider.locale = 'en';
    await provider.updateComplete;
    await trend.updateComplete;
    expect(trend.shadowRoot!.querySelector('[part~="legend-item"] > span:nth-child(2)')!.textContent).to.equal('Visitors');
    expect(provider.hasAttribute('token')).to.equal(false);
    expect(provider.outerHTML).not.to.include('shared-token');
  });

  it("passes an outer provider's settings through a nested one, which overrides only what it sets", async () => {
    const outer = await fixture<VitrineProvider>(html`
      <vitrine-provider endpoint=${ENDPOINT} site="shop" range="7d" tz="Asia/Shanghai" .token=${'outer-token'}>
        <vitrine-provider range="30d"><vitrine-trend></vitrine-trend></vitrine-provider>
      </vitrine-provider>
    `);
    const trend = outer.querySelector<VitrineTrend>('vitrine-trend')!;
    await waitUntil(() => trend.status === 'ready', 'not ready');
    const { url, init } = call('/trends');
    expect(url.origin).to.equal(ENDPOINT);
    expect(Object.fromEntries(url.searchParams)).to.include({ site: 'shop', range: '30d', tz: 'Asia/Shanghai' });
    expect(new Headers(init.headers).get('Authorization')).to.equal('Bearer outer-token');
  });

  it('a widget with from/to of its own is not sent the provider range too', async () => {
    const provider = await fixture<VitrineProvider>(html`
      <vitrine-provider endpoint=${ENDPOINT} site="shop" range="7d"><vitrine-trend from="2026-01-01" to="2026-01-07"></vitrine-trend></vitrine-provider>
    `);
    const trend = provider.querySelector<VitrineTrend>('vitrine-trend')!;
    await waitUntil(() => trend.status === 'ready', 'not ready');
    const params = Object.fromEntries(fetchStub.calls[0]!.url.searchParams);
    expect(params).to.include({ from: '2026-01-01', to: '2026-01-07' });
    expect(params).not.to.have.property('range');
  });

  it('on a 401, the widget fires a composed vitrine-token-expired, and a new provider token reloads it', async () => {
    fetchStub.responder = async (c) =>
      new Headers(c.init.headers).get('Authorization') === 'Bearer fresh' ? json(trendsReport(['visitors'])) : json({ error: 'unauthorized' }, 401);
    const expired = oneEvent(document, 'vitrine-token-expired');
    const provider = await fixture<VitrineProvider>(html`
      <vitrine-provider endpoint=${ENDPOINT} site="shop" .token=${'stale'}><div><vitrine-trend></vitrine-trend></div></vitrine-provider>
    `);
    const event = (await expired) as CustomEvent<TokenExpiredDetail>;
    const trend = provider.querySelector<VitrineTrend>('vitrine-trend')!;
    expect(event.target).to.equal(trend);
    expect(event.composed && event.bubbles).to.equal(true);
    expect(event.detail.endpoint).to.equal(ENDPOINT);
    provider.token = 'fresh';
    await waitUntil(() => trend.status === 'ready', 'not reloaded');
  });
});
