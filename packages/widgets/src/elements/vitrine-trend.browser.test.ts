import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type uPlot from 'uplot';
import { hanging, json, stubFetch, trendsReport } from '../../test/support.js';
import type { VitrineTrend } from './vitrine-trend.js';
import './vitrine-trend.js';

const ENDPOINT = 'https://stats.example.test';

let fetchStub: ReturnType<typeof stubFetch>;
beforeEach(() => {
  fetchStub = stubFetch(async (call) => json(trendsReport((call.url.searchParams.get('metrics') ?? 'visitors').split(','))));
});
afterEach(() => fetchStub.restore());

async function trend(template = html`<vitrine-trend endpoint=${ENDPOINT} site="shop" metrics="visitors,revenue" .token=${'t0k3n'}></vitrine-trend>`) {
  const el = await fixture<VitrineTrend>(template);
  return el;
}

async function ready(el: VitrineTrend): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => el.status === 'ready', 'the report never became ready');
  await el.updateComplete;
  await waitUntil(() => el.shadowRoot!.querySelector('[part~="chart"] canvas'), 'no canvas');
}

const $ = (el: Element, selector: string) => el.shadowRoot!.querySelector<HTMLElement>(selector);
const $$ = (el: Element, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));
/** The live uPlot chart (a protected member, read for assertions on what is drawn). */
const plotOf = (el: VitrineTrend) => (el as unknown as { chart: { plot: uPlot } }).chart.plot;

describe('<vitrine-trend>', () => {
  it('asks for the metrics with the previous period by default, and shows each total as text', async () => {
    const el = await trend();
    await ready(el);
    const { url, init } = fetchStub.calls[0]!;
    expect(url.pathname).to.equal('/v1/reports/trends');
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({ site: 'shop', metrics: 'visitors,revenue', compare: 'previous_period' });
    expect(new Headers(init.headers).get('Authorization')).to.equal('Bearer t0k3n');
    expect($$(el, '[part~="legend-item"]').map((item) => item.dataset.metric)).to.deep.equal(['visitors', 'revenue']);
    // 100+110+…+160 = 910 visitors; revenue 101+…+161 = 917 in CNY.
    expect($$(el, '[part~="total"]').map((node) => node.textContent)).to.deep.equal(['910', 'CN¥917.00']);
  });

  it('draws each metric as a line and its comparison period as a dashed line', async () => {
    const el = await trend();
    await ready(el);
    const series = plotOf(el).series;
    expect(series).to.have.length(5);
    expect(series[1]!.dash).to.equal(undefined);
    expect(series[2]!.dash).to.have.length(2);
    expect(series[3]!.dash).to.equal(undefined);
    expect(series[4]!.dash).to.have.length(2);
    expect(plotOf(el).data[2]![0]).to.equal(50);
  });

  it('leaves out the comparison with compare="none"', async () => {
    fetchStub.responder = async () => json(trendsReport(['visitors'], { previousFactor: null }));
    const el = await trend(html`<vitrine-trend endpoint=${ENDPOINT} site="shop" compare="none"></vitrine-trend>`);
    await ready(el);
    expect(fetchStub.calls[0]!.url.searchParams.has('compare')).to.equal(false);
    expect(plotOf(el).series).to.have.length(2);
  });

  it('has an accessible name, and a tooltip with both periods that works from the keyboard', async () => {
    const el = await trend();
    await ready(el);
    const chart = $(el, '[part~="chart"]')!;
    expect(chart.getAttribute('role')).to.equal('img');
    expect(chart.getAttribute('aria-label')).to.equal('Visitors 910, Revenue CN¥917.00 from Jan 1, 2026 to Jan 7, 2026');
    expect(chart.tabIndex).to.equal(0);

    chart.focus();
    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
    await el.updateComplete;
    expect(el.point).to.equal(6);
    let tooltip = $(el, '[part~="tooltip"]')!;
    expect(tooltip.getAttribute('aria-live')).to.equal('polite');
    expect(tooltip.textContent).to.include('Jan 7, 2026').and.include('Visitors: 160').and.include('(Previous period: 80)');

    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowLeft', bubbles: true }));
    await el.updateComplete;
    tooltip = $(el, '[part~="tooltip"]')!;
    expect(tooltip.textContent).to.include('Jan 6, 2026').and.include('Visitors: 150').and.include('Revenue: CN¥151.00');
    // uPlot's own cursor follows the keyboard too.
    expect(plotOf(el).cursor.idx).to.equal(5);

    chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    await el.updateComplete;
    expect($(el, '[part~="tooltip"]')).to.equal(null);
  });

  it('switches to zh-CN at runtime: names, 万, ¥ and dates', async () => {
    fetchStub.responder = async (call) =>
      json(trendsReport((call.url.searchParams.get('metrics') ?? '').split(','), { value: (day) => 15_000 + day }));
    const el = await trend();
    await ready(el);
    el.locale = 'zh-CN';
    await el.updateComplete;
    expect($$(el, '[part~="legend-item"] > span:nth-child(2)').map((n) => n.textContent)).to.deep.equal(['访客数', '销售额']);
    expect($$(el, '[part~="total"]')[1]!.textContent).to.equal('¥105,021.00');
    expect($(el, '[part~="chart"]')!.getAttribute('aria-label')).to.include('2026年1月1日 至 2026年1月7日');
    expect($(el, '[part~="table-toggle"]')!.textContent!.trim()).to.equal('以表格显示');
    // No refetch: the locale is presentation only.
    expect(fetchStub.calls).to.have.length(1);
  });

  it('shows the data as a table on request, and exports it as CSV with a BOM', async () => {
    const el = await trend();
    await ready(el);
    const toggle = $(el, '[part~="table-toggle"]')!;
    expect(toggle.getAttribute('aria-pressed')).to.equal('false');
    toggle.click();
    await el.updateComplete;
    expect(el.tableView).to.equal(true);
    expect(el.hasAttribute('table-view')).to.equal(true);
    expect($(el, '[part~="table-toggle"]')!.getAttribute('aria-pressed')).to.equal('true');
    expect($(el, '[part~="chart"]')).to.equal(null);
    const rows = $$(el, '[part~="table"] tbody tr');
    expect(rows).to.have.length(7);
    expect(rows[0]!.textContent).to.include('2026-01-01').and.include('CN¥101.00');

    const csv = el.exportCsv();
    expect(csv.startsWith('\uFEFF')).to.equal(true);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).to.equal('Date,Visitors,Visitors (Previous period),Revenue,Revenue (Previous period)');
    expect(lines[1]).to.equal('2026-01-01,100,50,101,50.5');
  });

  it('exports the chart as a PNG at 2× pixel density', async () => {
    const el = await trend();
    await ready(el);
    const png = await el.exportPng();
    expect(png!.type).to.equal('image/png');
    const image = await createImageBitmap(png!);
    const chart = $(el, '[part~="chart"]')!;
    expect(image.width).to.equal(Math.round(plotOf(el).width * 2));
    expect(image.height).to.equal(Math.round(chart.clientHeight * 2));
  });

  it('follows the theme attribute: dark colors in the shadow DOM and on the canvas', async () => {
    const el = await trend(html`<vitrine-trend endpoint=${ENDPOINT} site="shop" theme="dark"></vitrine-trend>`);
    await ready(el);
    expect(el.dataset.theme).to.equal('dark');
    expect(getComputedStyle(el).color).to.equal('rgb(230, 237, 243)');
    el.theme = 'light';
    await el.updateComplete;
    expect(getComputedStyle(el).color).to.equal('rgb(31, 35, 40)');
    // A page's own --vitrine-* colors win in either mode.
    el.style.setProperty('--vitrine-fg', 'rgb(1, 2, 3)');
    el.theme = 'dark';
    await el.updateComplete;
    expect(getComputedStyle(el).color).to.equal('rgb(1, 2, 3)');
  });

  it('shows loading, then empty when every value is zero', async () => {
    fetchStub.responder = async (call) => hanging(call);
    const el = await trend();
    expect($(el, '[part~="loading"]')!.getAttribute('aria-busy')).to.equal('true');
    fetchStub.responder = async () => json(trendsReport(['visitors'], { value: () => 0 }));
    el.metrics = ['visitors'];
    await waitUntil(() => el.status === 'empty', 'no empty state');
    await el.updateComplete;
    expect($(el, '[part~="empty"]')!.textContent).to.equal('No data for this period');
  });

  it('shows an error with Retry, and Retry loads the report', async () => {
    fetchStub.responder = async (_call, index) =>
      index === 0 ? json({ error: 'invalid_query', reason: 'metrics: unknown metric "x"' }, 400) : json(trendsReport(['visitors']));
    const el = await trend();
    await waitUntil(() => el.status === 'error', 'no error');
    await el.updateComplete;
    expect($(el, '[part~="error"]')!.textContent).to.include('metrics: unknown metric "x"');
    $(el, '[part~="retry"]')!.click();
    await ready(el);
    expect(fetchStub.calls).to.have.length(2);
  });

  it('fires vitrine-data, composed, once the report is rendered', async () => {
    const data = oneEvent(document, 'vitrine-data');
    const el = await trend();
    const event = (await data) as CustomEvent;
    expect(event.composed && event.bubbles).to.equal(true);
    expect(event.target).to.equal(el);
    expect($$(el, '[part~="total"]')).to.have.length(2);
  });

  it('refreshes in the background with refresh="N", keeping the chart on screen', async () => {
    const el = await trend();
    await ready(el);
    fetchStub.responder = async (_call) => json(trendsReport(['visitors', 'revenue'], { value: () => 1 }));
    el.refresh = 0.05;
    await waitUntil(() => fetchStub.calls.length >= 2, 'no refresh');
    // The refetch never showed the skeleton: the chart stayed.
    expect(el.status).to.equal('ready');
    await waitUntil(() => $$(el, '[part~="total"]')[0]!.textContent === '7', 'the new report was not shown');
    el.refresh = 0;
  });
});
