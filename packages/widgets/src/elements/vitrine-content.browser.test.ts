import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { contentReport, contentRow, hanging, json, stubFetch, XSS } from '../../test/support.js';
import type { VitrineContent } from './vitrine-content.js';
import './vitrine-content.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
afterEach(() => fetchStub.restore());

const ROWS = [contentRow('home-banner', 'hero', 30), contentRow('home-banner', 'side', 90), contentRow('newsletter', '', 12_000)];

async function content(rows = ROWS, locale = 'en', article?: string) {
  fetchStub = stubFetch(async () => json(contentReport(rows, article)));
  const el = await fixture<VitrineContent>(html`<vitrine-content endpoint=${ENDPOINT} site="shop" limit="3" window-days="14" locale=${locale}></vitrine-content>`);
  await waitUntil(() => el.status !== 'loading', 'never loaded');
  await el.updateComplete;
  return el;
}

const $$ = (el: Element, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));
const column = (el: Element, index: number) => $$(el, '[part~="content"] tbody tr').map((tr) => tr.children[index]!.textContent);

describe('<vitrine-content>', () => {
  it('asks with limit and window_days, and lists impressions, clicks, CTR and assisted revenue per currency', async () => {
    const el = await content();
    expect(Object.fromEntries(fetchStub.calls[0]!.url.searchParams)).to.deep.equal({ site: 'shop', limit: '3', window_days: '14' });
    const first = $$(el, '[part~="content"] tbody tr')[0]!;
    expect(Array.from(first.children, (cell) => cell.textContent)).to.deep.equal(['home-banner', 'hero', '300', '30', '20%', 'CN¥3,000.00 · $5.00']);
  });

  it('sorts by a column header: largest first, then the other way; aria-sort says so', async () => {
    const el = await content();
    const clicks = () => $$(el, '[part~="content"] [part~="sort"]')[3]!;
    clicks().click();
    await el.updateComplete;
    expect(column(el, 3)).to.deep.equal(['12,000', '90', '30']);
    expect(clicks().parentElement!.getAttribute('aria-sort')).to.equal('descending');
    clicks().click();
    await el.updateComplete;
    expect(column(el, 3)).to.deep.equal(['30', '90', '12,000']);
    $$(el, '[part~="content"] [part~="sort"]')[1]!.click();
    await el.updateComplete;
    expect(column(el, 1)).to.deep.equal(['', 'hero', 'side']);
  });

  it('draws clicks per piece as uPlot bars, with an accessible name', async () => {
    const el = await content();
    await waitUntil(() => el.shadowRoot!.querySelector('[part~="chart"] canvas'), 'no chart');
    expect($$(el, '[part~="chart"]')[0]!.getAttribute('aria-label')).to.equal('Clicks: hero 30; side 90; newsletter 12,000');
  });

  it('shows read depth per article, shaded', async () => {
    const el = await content();
    const cells = $$(el, '[part~="articles"] tbody tr')[0]!.children;
    expect(Array.from(cells, (cell) => cell.textContent)).to.deep.equal(['/blog/shoes', '40', '100%', '75%', '50%', '25%', '1.5 min', 'CN¥12.00']);
    expect((cells[3] as HTMLElement).style.getPropertyValue('--_rate')).to.equal('0.75');
  });

  it('formats for zh-CN: headings, ¥ and 分钟', async () => {
    const el = await content(ROWS, 'zh-CN');
    expect($$(el, '[part~="content"] thead th').map((th) => th.textContent!.trim())).to.deep.equal(['内容', '位置', '曝光', '点击', '点击率', '助攻销售额']);
    expect(column(el, 5)[0]).to.equal('¥3,000.00 · US$5.00');
    expect($$(el, '[part~="articles"] tbody td')[5]!.textContent).to.equal('1.5分钟');
  });

  it('renders hostile names, pieces and articles as inert text; CSV has a BOM and neutralised cells', async () => {
    delete (window as { __xss?: number }).__xss;
    const el = await content([contentRow(XSS, XSS, 5), contentRow('=1+2', '@SUM(A1)', 1)], 'en', XSS);
    expect(column(el, 0)[0]).to.equal(XSS);
    expect(column(el, 1)[0]).to.equal(XSS);
    expect($$(el, '[part~="articles"] tbody th')[0]!.textContent).to.equal(XSS);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    const csv = el.exportCsv();
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    const lines = csv.slice(1).trim().split('\r\n');
    expect(lines[0]).to.equal('Name,Piece,Impressions,Clicks,CTR,Assisted revenue');
    expect(lines[2]).to.equal(`'=1+2,'@SUM(A1),10,1,0.2,CN¥100.00 · $5.00`);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('shows loading, empty and an error with Retry', async () => {
    fetchStub = stubFetch(async (call, index) => (index === 0 ? hanging(call) : index === 1 ? json(contentReport([])) : index === 2 ? json({}, 500) : json(contentReport(ROWS))));
    const el = await fixture<VitrineContent>(html`<vitrine-content endpoint=${ENDPOINT} site="shop"></vitrine-content>`);
    expect(el.shadowRoot!.querySelector('[part~="loading"]')).to.not.equal(null);
    el.limit = 5;
    await waitUntil(() => el.status === 'empty', 'no empty state');
    el.limit = 6;
    await waitUntil(() => el.status === 'error', 'no error');
    await el.updateComplete;
    el.shadowRoot!.querySelector<HTMLElement>('[part~="retry"]')!.click();
    await waitUntil(() => el.status === 'ready', 'retry did not load');
  });
});
