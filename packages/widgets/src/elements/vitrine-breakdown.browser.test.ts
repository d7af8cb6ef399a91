import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import { breakdownReport, breakdownRow, json, stubFetch, XSS } from '../../test/support.js';
import type { BreakdownSelectDetail, VitrineBreakdown } from './vitrine-breakdown.js';
import './vitrine-breakdown.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
afterEach(() => fetchStub.restore());

async function breakdown(rows = [breakdownRow('/home', 400, 10), breakdownRow('/shoes', 200, 900), breakdownRow('', 100)], attrs = {}) {
  fetchStub = stubFetch(async (call) => json(breakdownReport(call.url.searchParams.get('dimension') ?? 'page', rows)));
  const el = await fixture<VitrineBreakdown>(html`<vitrine-breakdown endpoint=${ENDPOINT} site="shop" limit="3"></vitrine-breakdown>`);
  Object.assign(el, attrs);
  await el.updateComplete;
  await waitUntil(() => el.status === 'ready', 'never ready');
  await el.updateComplete;
  return el;
}

const $$ = (el: Element, selector: string) => Array.from(el.shadowRoot!.querySelectorAll<HTMLElement>(selector));

describe('<vitrine-breakdown>', () => {
  it('lists the top rows with bars relative to the first, as text', async () => {
    const el = await breakdown();
    expect(Object.fromEntries(fetchStub.calls[0]!.url.searchParams)).to.deep.equal({ site: 'shop', dimension: 'page', limit: '3' });
    expect($$(el, '[part~="key"]').map((n) => n.textContent)).to.deep.equal(['/home', '/shoes', '(none)']);
    expect($$(el, '[part~="value"]').map((n) => n.textContent)).to.deep.equal(['400', '200', '100']);
    expect($$(el, '[part~="bar"]').map((n) => n.style.width)).to.deep.equal(['100%', '50%', '25%']);
    expect(el.shadowRoot!.querySelector('[part~="rows"]')!.getAttribute('aria-label')).to.equal('Top by page');
  });

  it('orders and sizes by another metric, e.g. revenue in the site currency', async () => {
    const el = await breakdown(undefined, { metric: 'revenue' });
    expect($$(el, '[part~="key"]').map((n) => n.textContent)).to.deep.equal(['/shoes', '/home', '(none)']);
    expect($$(el, '[part~="value"]')[0]!.textContent).to.equal('CN¥900.00');
  });

  it('fires a composed vitrine-select with the row clicked', async () => {
    const el = await breakdown();
    const selected = oneEvent(document, 'vitrine-select');
    $$(el, '[part~="row-button"]')[1]!.click();
    const event = (await selected) as CustomEvent<BreakdownSelectDetail>;
    expect(event.composed).to.equal(true);
    expect(event.detail).to.deep.equal({ dimension: 'page', key: '/shoes' });
  });

  it('renders a hostile key as inert text, in the list, the table and the CSV', async () => {
    delete (window as { __xss?: number }).__xss;
    const el = await breakdown([breakdownRow(XSS, 10), breakdownRow('=cmd|"/c calc"!A1', 5), breakdownRow('+SUM(1)', 4), breakdownRow('@x', 3), breakdownRow('-1+2', 2)]);
    expect($$(el, '[part~="key"]')[0]!.textContent).to.equal(XSS);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    el.tableView = true;
    await el.updateComplete;
    expect(el.shadowRoot!.querySelector('[part~="table"] tbody th')!.textContent).to.equal(XSS);
    expect(el.shadowRoot!.querySelector('img, script')).to.equal(null);
    const csv = el.exportCsv().slice(1).split('\r\n');
    expect(csv[2]!.startsWith(`"'=cmd|""/c calc""!A1"`)).to.equal(true);
    expect(csv[3]!.startsWith("'+SUM(1),")).to.equal(true);
    expect(csv[4]!.startsWith("'@x,")).to.equal(true);
    expect(csv[5]!.startsWith("'-1+2,")).to.equal(true);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });
});
