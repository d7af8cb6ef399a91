import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { breakdownReport, breakdownRow, commerceReport, contentReport, contentRow, json, retentionReport, stubFetch, trendsReport, vitalsReport } from '../../test/support.js';
import type { VitrineReportElement } from './report-element.js';
import { VitrineDashboard } from './vitrine-dashboard.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
beforeEach(() => {
  fetchStub = stubFetch(async (call) => {
    const params = call.url.searchParams;
    if (call.url.pathname.endsWith('/trends')) return json(trendsReport((params.get('metrics') ?? '').split(',')));
    if (call.url.pathname.endsWith('/breakdown')) return json(breakdownReport(params.get('dimension')!, [breakdownRow('x', 3)]));
    if (call.url.pathname.endsWith('/retention')) return json(retentionReport());
    if (call.url.pathname.endsWith('/content')) return json(contentReport([contentRow('banner', 'hero', 3)]));
    if (call.url.pathname.endsWith('/commerce')) return json(commerceReport());
    if (call.url.pathname.endsWith('/vitals')) return json(vitalsReport());
    const steps = (params.get('steps') ?? '').split(',');
    return json({
      site: 'shop',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-08T00:00:00Z',
      unit: 'visitors',
      steps: steps.map((name, i) => ({
        name,
        visitors: 100 - i * 10,
        conversion_from_first: (100 - i * 10) / 100,
        conversion_from_previous: 0.9,
        drop_off: i ? 10 : 0,
        time_from_first: i ? { median_s: 60 * i, p90_s: 120 * i } : null,
      })),
    });
  });
});
afterEach(() => fetchStub.restore());

describe('<vitrine-dashboard>', () => {
  it('lays out eight widgets that all load with the dashboard settings', async () => {
    const el = await fixture<VitrineDashboard>(html`<vitrine-dashboard endpoint=${ENDPOINT} site="shop" range="7d" .token=${'tok'}></vitrine-dashboard>`);
    const widgets = Array.from(el.shadowRoot!.querySelectorAll<VitrineReportElement<unknown>>('[part~="section"] > *'));
    expect(widgets.map((w) => w.localName)).to.deep.equal([
      'vitrine-kpi',
      'vitrine-kpi',
      'vitrine-kpi',
      'vitrine-kpi',
      'vitrine-trend',
      'vitrine-funnel',
      'vitrine-breakdown',
      'vitrine-breakdown',
    ]);
    await waitUntil(() => widgets.every((w) => w.status === 'ready'), 'not every widget loaded');
    expect(fetchStub.calls).to.have.length(8);
    expect(fetchStub.calls.find((c) => c.url.pathname.endsWith('/funnel'))!.url.searchParams.get('steps')).to.equal(
      'page_view,view_item,add_to_cart,begin_checkout,purchase',
    );
    for (const call of fetchStub.calls) {
      expect(call.url.searchParams.get('range')).to.equal('7d');
      expect(new Headers(call.init.headers).get('Authorization')).to.equal('Bearer tok');
    }
  });

  it('has retention, content, commerce and vitals sections, which load with the dashboard settings', async () => {
    const el = await fixture<VitrineDashboard>(
      html`<vitrine-dashboard endpoint=${ENDPOINT} site="shop" range="30d" sections="retention,content,commerce,vitals"></vitrine-dashboard>`,
    );
    const widgets = Array.from(el.shadowRoot!.querySelectorAll<VitrineReportElement<unknown>>('[part~="section"] > *'));
    expect(widgets.map((w) => w.localName)).to.deep.equal(['vitrine-retention', 'vitrine-content', 'vitrine-commerce', 'vitrine-vitals']);
    await waitUntil(() => widgets.every((w) => w.status === 'ready'), 'not every widget loaded');
    expect(fetchStub.calls.map((call) => [call.url.pathname, call.url.searchParams.get('range')])).to.have.deep.members([
      ['/v1/reports/retention', '30d'],
      ['/v1/reports/content', '30d'],
      ['/v1/reports/commerce', '30d'],
      ['/v1/reports/vitals', '30d'],
    ]);
  });

  it('shows the sections asked for, including ones registered later', async () => {
    VitrineDashboard.sections['custom'] = { span: 4, render: () => html`<vitrine-kpi metric="aov"></vitrine-kpi>` };
    try {
      const el = await fixture<VitrineDashboard>(html`<vitrine-dashboard endpoint=${ENDPOINT} site="shop" sections="custom, channels"></vitrine-dashboard>`);
      const sections = Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>('[part~="section"]'));
      expect(sections.map((s) => s.dataset.section)).to.deep.equal(['custom', 'channels']);
      expect(sections[0]!.firstElementChild!.localName).to.equal('vitrine-kpi');
      expect(sections[0]!.firstElementChild!.getAttribute('metric')).to.equal('aov');
      await waitUntil(() => fetchStub.calls.some((c) => c.url.searchParams.get('metrics') === 'aov'), 'the custom section did not load');
    } finally {
      delete VitrineDashboard.sections['custom'];
    }
  });
});
