import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { json, stubFetch, trendsReport } from '../../test/support.js';
import type { VitrineKpi } from './vitrine-kpi.js';
import './vitrine-kpi.js';

const ENDPOINT = 'https://stats.example.test';

let fetchStub: ReturnType<typeof stubFetch>;
afterEach(() => fetchStub.restore());

/** A KPI whose current total is `current` and previous total `previous` (7 daily buckets). */
function answer(metric: string, current: number, previous: number | null) {
  const report = trendsReport([metric], { value: () => current / 7, previousFactor: previous === null ? null : previous / current });
  report.compare = previous === null ? null : { mode: 'same_period_last_week', from: report.from, to: report.to };
  return report;
}

async function kpi(metric: string, current: number, previous: number | null) {
  fetchStub = stubFetch(async () => json(answer(metric, current, previous)));
  const el = await fixture<VitrineKpi>(html`<vitrine-kpi endpoint=${ENDPOINT} site="shop" metric=${metric}></vitrine-kpi>`);
  await waitUntil(() => el.status === 'ready', 'never ready');
  await el.updateComplete;
  return el;
}

const text = (el: VitrineKpi, part: string) => el.shadowRoot!.querySelector(`[part~="${part}"]`)?.textContent?.replace(/\s+/g, ' ').trim();

describe('<vitrine-kpi>', () => {
  it('compares with the same period last week by default', async () => {
    const el = await kpi('visitors', 1400, 1000);
    expect(fetchStub.calls[0]!.url.searchParams.get('compare')).to.equal('same_period_last_week');
    expect(fetchStub.calls[0]!.url.searchParams.get('metrics')).to.equal('visitors');
    expect(text(el, 'label')).to.equal('Visitors');
    expect(text(el, 'value')).to.equal('1,400');
    expect(text(el, 'change')).to.equal('▲ vs same period last week +40%');
    const change = el.shadowRoot!.querySelector<HTMLElement>('[part~="change"]')!;
    expect(change.dataset.direction).to.equal('up');
    expect(change.dataset.good).to.equal('true');
  });

  it('says 较上周同期 in zh-CN, with 万 and ¥', async () => {
    const el = await kpi('revenue', 150_000, 200_000);
    el.locale = 'zh-CN';
    await el.updateComplete;
    expect(text(el, 'label')).to.equal('销售额');
    expect(text(el, 'value')).to.equal('¥150,000.00');
    expect(text(el, 'change')).to.equal('▼ 较上周同期 -25%');
  });

  it('colors a rise of a lower-is-better metric as bad', async () => {
    const el = await kpi('bounce_rate', 0.6, 0.5);
    expect(text(el, 'value')).to.equal('60%');
    const change = el.shadowRoot!.querySelector<HTMLElement>('[part~="change"]')!;
    expect(change.dataset.direction).to.equal('up');
    expect(change.dataset.good).to.equal('false');
  });

  it('says there is nothing to compare with when the previous value is zero', async () => {
    const el = await kpi('orders', 5, 0);
    expect(text(el, 'change')).to.equal('No comparison data');
  });

  it('draws a decorative sparkline of the period', async () => {
    const el = await kpi('visitors', 700, 600);
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="sparkline"] canvas'), 'no sparkline');
    expect(el.shadowRoot!.querySelector('[part~="sparkline"]')!.getAttribute('aria-hidden')).to.equal('true');
  });
});
