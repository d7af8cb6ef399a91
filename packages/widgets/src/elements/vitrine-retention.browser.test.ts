import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { hanging, json, retentionReport, stubFetch, XSS } from '../../test/support.js';
import type { VitrineRetention } from './vitrine-retention.js';
import './vitrine-retention.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
afterEach(() => fetchStub.restore());

async function retention(label?: string, locale = 'en') {
  fetchStub = stubFetch(async (call) => json(retentionReport((call.url.searchParams.get('return') as 'any' | 'purchase') ?? 'any', label)));
  const el = await fixture<VitrineRetention>(html`<vitrine-retention endpoint=${ENDPOINT} site="shop" period="week" periods="2" locale=${locale}></vitrine-retention>`);
  await waitUntil(() => el.status === 'ready', 'never ready');
  await el.updateComplete;
  return el;
}

const $$ = (el: Element, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));
const rowTexts = (el: Element) => $$(el, '[part~="heatmap"] tbody tr').map((tr) => Array.from(tr.children, (cell) => cell.textContent!.trim()));

describe('<vitrine-retention>', () => {
  it('asks for the cohorts and shows a heatmap table: size, period 0 = 100%, an average row', async () => {
    const el = await retention();
    expect(Object.fromEntries(fetchStub.calls[0]!.url.searchParams)).to.deep.equal({ site: 'shop', period: 'week', periods: '2', return: 'any' });
    expect($$(el, '[part~="heatmap"] thead th').map((th) => th.textContent)).to.deep.equal(['Cohort', 'Size', 'Week 0', 'Week 1', 'Week 2']);
    expect(rowTexts(el)).to.deep.equal([
      ['2026-01-05', '200', '100%', '50%', '25%'],
      ['2026-01-12', '100', '100%', '20%', ''],
      ['Average', '300', '100%', '40%', '25%'],
    ]);
  });

  it('shades each rate cell through a CSS custom property, never a style attribute', async () => {
    const el = await retention();
    const cells = $$(el, 'td[data-rate]');
    expect(cells.slice(0, 3).map((td) => td.style.getPropertyValue('--_rate'))).to.deep.equal(['1', '0.5', '0.25']);
    // The empty cell of a period that has not started is not shaded.
    expect(cells).to.have.length(8);
    const [full, half] = cells.map((td) => getComputedStyle(td).backgroundColor);
    expect(full).to.not.equal(half);
    expect(getComputedStyle($$(el, 'tbody td')[0]!).backgroundColor).to.equal('rgba(0, 0, 0, 0)');
  });

  it('shades with the dark accent in dark mode, and with --vitrine-heat when set', async () => {
    const el = await retention();
    const full = () => getComputedStyle($$(el, 'td[data-rate]')[0]!).backgroundColor;
    const light = full();
    el.theme = 'dark';
    await el.updateComplete;
    expect(full()).to.not.equal(light);
    el.style.setProperty('--vitrine-heat', 'rgb(0, 128, 0)');
    expect(full()).to.match(/^(rgba?\(0, 128, 0|color\(srgb 0 0\.50\d* 0)/);
  });

  it('toggles between any activity and repurchase, and reflects return', async () => {
    const el = await retention();
    const [any, purchase] = $$(el, '[part~="return-toggle"]');
    expect([any!.textContent!.trim(), any!.getAttribute('aria-pressed'), purchase!.textContent!.trim()]).to.deep.equal(['Any activity', 'true', 'Repurchase']);
    purchase!.click();
    await el.updateComplete;
    expect(el.getAttribute('return')).to.equal('purchase');
    await waitUntil(() => el.status === 'ready' && fetchStub.calls.length === 2, 'never refetched');
    await el.updateComplete;
    expect(fetchStub.calls[1]!.url.searchParams.get('return')).to.equal('purchase');
    expect($$(el, '[part~="return-toggle"]')[1]!.getAttribute('aria-pressed')).to.equal('true');
  });

  it('formats for zh-CN: headings, 万 and percentages', async () => {
    fetchStub = stubFetch(async () => json({ ...retentionReport(), cohorts: [{ label: '2026-01-05', size: 25_000, counts: [25_000, 5000, null], rates: [1, 0.2, null] }] }));
    const el = await fixture<VitrineRetention>(html`<vitrine-retention endpoint=${ENDPOINT} site="shop" locale="zh-CN"></vitrine-retention>`);
    await waitUntil(() => el.status === 'ready', 'never ready');
    await el.updateComplete;
    expect($$(el, 'thead th').map((th) => th.textContent)).to.deep.equal(['同期群', '人数', '第0周', '第1周', '第2周']);
    expect(rowTexts(el)[0]).to.deep.equal(['2026-01-05', '25,000', '100%', '20%', '']);
    expect($$(el, '[part~="return-toggle"]').map((b) => b.textContent!.trim())).to.deep.equal(['任意活跃', '复购']);
  });

  it('renders a hostile cohort label as inert text, in the table and the CSV (with BOM, neutralised)', async () => {
    delete (window as { __xss?: number }).__xss;
    const el = await retention(XSS);
    expect($$(el, 'tbody th')[0]!.textContent).to.equal(XSS);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
    const el2 = await retention('=HYPERLINK("x")');
    const csv = el2.exportCsv();
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).to.equal('Cohort,Size,Week 0,Week 1,Week 2');
    expect(lines[1]).to.equal(`"'=HYPERLINK(""x"")",200,1,0.5,0.25`);
    expect(lines[3]).to.equal('Average,300,1,0.4,0.25');
  });

  it('shows loading, empty, and an error whose Retry loads the report', async () => {
    fetchStub = stubFetch(async (call, index) =>
      index === 0 ? hanging(call) : index === 1 ? json(retentionReport('any', 'x', 0)) : index === 2 ? json({ error: 'invalid_query', reason: 'periods: too many' }, 400) : json(retentionReport()),
    );
    const el = await fixture<VitrineRetention>(html`<vitrine-retention endpoint=${ENDPOINT} site="shop"></vitrine-retention>`);
    expect(el.shadowRoot!.querySelector('[part~="loading"]')!.getAttribute('aria-busy')).to.equal('true');
    el.periods = 4;
    await waitUntil(() => el.status === 'empty', 'no empty state');
    el.periods = 5;
    await waitUntil(() => el.status === 'error', 'no error');
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="error"]')!.textContent).to.include('periods: too many');
    const data = oneEvent(el, 'vitrine-data');
    el.shadowRoot!.querySelector<HTMLElement>('[part~="retry"]')!.click();
    expect(((await data) as CustomEvent).composed).to.equal(true);
    expect(el.status).to.equal('ready');
  });
});
