import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { commerceReport, hanging, json, stubFetch, XSS } from '../../test/support.js';
import type { VitrineCommerce } from './vitrine-commerce.js';
import './vitrine-commerce.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
afterEach(() => fetchStub.restore());

async function commerce(report = commerceReport(), locale = 'en') {
  fetchStub = stubFetch(async () => json(report));
  const el = await fixture<VitrineCommerce>(html`<vitrine-commerce endpoint=${ENDPOINT} site="shop" period="month" periods="1" limit="2" locale=${locale}></vitrine-commerce>`);
  await waitUntil(() => el.status !== 'loading', 'never loaded');
  await el.updateComplete;
  return el;
}

const $$ = (el: Element, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));
const rows = (el: Element, part: string) => $$(el, `[part~="${part}"] tbody tr`).map((tr) => Array.from(tr.children, (cell) => cell.textContent));

describe('<vitrine-commerce>', () => {
  it('asks with period, periods and limit, and shows the repurchase rate and its figures', async () => {
    const el = await commerce();
    expect(Object.fromEntries(fetchStub.calls[0]!.url.searchParams)).to.deep.equal({ site: 'shop', period: 'month', periods: '1', limit: '2' });
    expect($$(el, '[part~="stat"]').map((stat) => [stat.dataset.stat, stat.querySelector('dd')!.textContent])).to.deep.equal([
      ['repurchase_rate', '20%'],
      ['customers', '50'],
      ['repeat_customers', '10'],
      ['time_between_orders', '3 days'],
    ]);
  });

  it('shows RFM segments with revenue per currency, never added across currencies', async () => {
    const el = await commerce();
    expect(rows(el, 'rfm')).to.deep.equal([
      ['Champions', '5', '20', 'CN¥15,000.00 · $30.00'],
      ['New', '30', '30', 'CN¥3,000.00'],
    ]);
  });

  it('shows LTV by cohort as one shaded table per currency', async () => {
    const el = await commerce();
    const tables = $$(el, '[part~="ltv"]');
    expect(tables.map((table) => table.querySelector('thead th')!.textContent)).to.deep.equal(['LTV (CNY)', 'LTV (USD)']);
    expect(rows(el, 'ltv')).to.deep.equal([
      ['2026-01-01', '100', 'CN¥10.00', 'CN¥20.00'],
      ['2026-01-01', '100', '$1.00', ''],
    ]);
    expect(tables[0]!.querySelectorAll<HTMLElement>('td[data-rate]')[1]!.style.getPropertyValue('--_rate')).to.equal('1');
  });

  it('lists products in a sortable table, which is also its CSV (BOM, one money column per row)', async () => {
    const el = await commerce();
    expect(rows(el, 'products')).to.deep.equal([
      ['Red shoes', '100', '20', '5', '6', 'CN¥600.00'],
      ['SKU-2', '300', '10', '2', '2', 'CN¥100.00 · $3.00'],
    ]);
    $$(el, '[part~="products"] [part~="sort"]')[1]!.click();
    await el.updateComplete;
    expect(rows(el, 'products').map((row) => row[0])).to.deep.equal(['SKU-2', 'Red shoes']);
    const csv = el.exportCsv();
    expect(csv.charCodeAt(0)).to.equal(0xfeff);
    expect(csv.slice(1).trim().split('\r\n')).to.deep.equal([
      'Product,View visitors,Cart visitors,Purchase visitors,Units,Revenue',
      'Red shoes,100,20,5,6,CN¥600.00',
      'SKU-2,300,10,2,2,CN¥100.00 · $3.00',
    ]);
  });

  it('formats for zh-CN: names, ¥ and 天', async () => {
    const el = await commerce(commerceReport(), 'zh-CN');
    expect($$(el, '[part~="stat"] dt').map((dt) => dt.textContent)).to.deep.equal(['复购率', '顾客数', '复购顾客', '复购间隔中位数']);
    expect($$(el, '[part~="stat"] dd')[3]!.textContent).to.equal('3天');
    expect(rows(el, 'rfm')[0]).to.deep.equal(['重要价值客户', '5', '20', '¥15,000.00 · US$30.00']);
    expect($$(el, '[part~="ltv"] thead th').map((th) => th.textContent).slice(0, 4)).to.deep.equal(['客户终身价值 (CNY)', '人数', '第0月', '第1月']);
  });

  it('renders a hostile product name as inert text, in the table and the CSV', async () => {
    delete (window as { __xss?: number }).__xss;
    const el = await commerce(commerceReport({ name: XSS }));
    expect(rows(el, 'products')[0]![0]).to.equal(XSS);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    const el2 = await commerce(commerceReport({ name: '-2+3' }));
    expect(el2.exportCsv().slice(1).split('\r\n')[1]!.startsWith("'-2+3,")).to.equal(true);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('shows loading, empty without customers, and an error with Retry', async () => {
    fetchStub = stubFetch(async (call, index) =>
      index === 0 ? hanging(call) : index === 1 ? json({ ...commerceReport({ customers: 0 }), ltv: { ...commerceReport().ltv, cohorts: [] } }) : index === 2 ? json({}, 503) : json(commerceReport()),
    );
    const el = await fixture<VitrineCommerce>(html`<vitrine-commerce endpoint=${ENDPOINT} site="shop"></vitrine-commerce>`);
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
