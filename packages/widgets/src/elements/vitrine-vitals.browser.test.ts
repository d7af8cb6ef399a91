import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { hanging, json, stubFetch, vitalsReport, XSS } from '../../test/support.js';
import type { VitrineVitals } from './vitrine-vitals.js';
import './vitrine-vitals.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
afterEach(() => fetchStub.restore());

async function vitals(report = vitalsReport(), locale = 'en') {
  fetchStub = stubFetch(async () => json(report));
  const el = await fixture<VitrineVitals>(html`<vitrine-vitals endpoint=${ENDPOINT} site="shop" locale=${locale}></vitrine-vitals>`);
  await waitUntil(() => el.status !== 'loading', 'never loaded');
  await el.updateComplete;
  return el;
}

const $$ = (el: Element, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));

describe('<vitrine-vitals>', () => {
  it('shows p75 per metric, rated by its thresholds, with good / needs-improvement / poor shares', async () => {
    const el = await vitals();
    expect(fetchStub.calls[0]!.url.pathname).to.equal('/v1/reports/vitals');
    expect($$(el, '[part~="metric"]').map((li) => [li.dataset.metric, li.dataset.rating])).to.deep.equal([
      ['LCP', 'good'],
      ['INP', 'poor'],
      ['CLS', 'needs-improvement'],
      ['FCP', 'good'],
      ['TTFB', 'needs-improvement'],
    ]);
    expect($$(el, '[part~="p75"]').map((n) => n.textContent)).to.deep.equal(['2,100 ms', '650 ms', '0.125', '1,500 ms', '900 ms']);
    const lcp = $$(el, '[part~="shares"]')[0]!;
    expect(lcp.getAttribute('role')).to.equal('img');
    expect(lcp.getAttribute('aria-label')).to.equal('Good 70%, Needs improvement 20%, Poor 10%');
    const widths = ['good', 'needs-improvement', 'poor'].map((part) => lcp.querySelector<HTMLElement>(`[part~="${part}"]`)!.getBoundingClientRect().width);
    expect(widths[0]! / widths[2]!).to.be.closeTo(7, 0.1);
  });

  it('shows conversion by LCP rating', async () => {
    const el = await vitals();
    const rows = $$(el, '[part~="lcp"] tbody tr').map((tr) => Array.from(tr.children, (cell) => cell.textContent));
    expect(rows).to.deep.equal([
      ['Good', '12,000', '5%'],
      ['Needs improvement', '3,000', '2%'],
      ['Poor', '0', '–'],
    ]);
  });

  it('formats for zh-CN', async () => {
    const el = await vitals(vitalsReport(), 'zh-CN');
    expect($$(el, '[part~="shares"]')[0]!.getAttribute('aria-label')).to.equal('良好 70%, 待改进 20%, 较差 10%');
    expect($$(el, '[part~="lcp"] thead th').map((th) => th.textContent)).to.deep.equal(['LCP 评级', '会话数', '转化率']);
  });

  it('renders the report inert: no string is parsed as HTML (page paths included), and the table exports as CSV', async () => {
    delete (window as { __xss?: number }).__xss;
    const el = await vitals(vitalsReport(100, XSS));
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    el.tableView = true;
    await el.updateComplete;
    expect($$(el, '[part~="table"] thead th').map((th) => th.textContent)).to.deep.equal(['Metric', 'Samples', 'p75', 'Good', 'Needs improvement', 'Poor']);
    const csv = el.exportCsv();
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    expect(csv.slice(1).split('\r\n')[1]).to.equal('LCP,100,2100,0.7,0.2,0.1');
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('shows loading, then empty without samples, then an error with Retry', async () => {
    fetchStub = stubFetch(async (call, index) => (index === 0 ? hanging(call) : index === 1 ? json(vitalsReport(0)) : index === 2 ? json({ nope: 1 }) : json(vitalsReport())));
    const el = await fixture<VitrineVitals>(html`<vitrine-vitals endpoint=${ENDPOINT} site="shop"></vitrine-vitals>`);
    expect(el.shadowRoot!.querySelector('[part~="loading"]')).to.not.equal(null);
    el.range = '7d';
    await waitUntil(() => el.status === 'empty', 'no empty state');
    el.range = '30d';
    await waitUntil(() => el.status === 'error', 'no error');
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part~="retry"]')!.click();
    await waitUntil(() => el.status === 'ready', 'retry did not load');
  });
});
