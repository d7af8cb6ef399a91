import { expect } from '@open-wc/testing';
import { waitUntil } from '@open-wc/testing';
import { VitrineTrend } from './index.js';
import { breakdownReport, breakdownRow, json, retentionReport, trendsReport } from '../test/support.js';

// The built IIFE (rollup -c, which `pnpm test` runs first), as a plain <script> loads it.
const IIFE = '/packages/widgets/dist/vitrine-widgets.js';
const TAGS = [
  'vitrine-provider',
  'vitrine-funnel',
  'vitrine-trend',
  'vitrine-kpi',
  'vitrine-breakdown',
  'vitrine-retention',
  'vitrine-content',
  'vitrine-commerce',
  'vitrine-vitals',
  'vitrine-dashboard',
];

/** Loads a classic script into a document and resolves with the errors it threw. */
function loadScript(doc: Document, src: string): Promise<string[]> {
  const win = doc.defaultView!;
  const errors: string[] = [];
  const onError = (event: ErrorEvent) => errors.push(event.message);
  win.addEventListener('error', onError);
  return new Promise((resolve, reject) => {
    const script = doc.createElement('script');
    script.src = src;
    script.onload = () => {
      win.removeEventListener('error', onError);
      resolve(errors);
    };
    script.onerror = () => reject(new Error(`could not load ${src}`));
    doc.head.append(script);
  });
}

describe('packaging', () => {
  it('the IIFE defines every element for a plain <script>, and loading it twice does not throw', async () => {
    const frame = document.body.appendChild(document.createElement('iframe'));
    try {
      const doc = frame.contentDocument!;
      expect(await loadScript(doc, IIFE)).to.deep.equal([]);
      for (const tag of TAGS) expect(frame.contentWindow!.customElements.get(tag), tag).to.be.a('function');
      const trend = frame.contentWindow!.customElements.get('vitrine-trend');
      expect(await loadScript(doc, IIFE)).to.deep.equal([]);
      expect(frame.contentWindow!.customElements.get('vitrine-trend')).to.equal(trend);
    } finally {
      frame.remove();
    }
  });

  it('the IIFE after the ESM build (both on one page) does not throw, and the first definition stays', async () => {
    expect(customElements.get('vitrine-trend')).to.equal(VitrineTrend);
    expect(await loadScript(document, IIFE)).to.deep.equal([]);
    expect(customElements.get('vitrine-trend')).to.equal(VitrineTrend);
  });

  it("the IIFE's trimmed uPlot (no legend, selection or mode 2) still draws, and its cursor follows the keyboard and the mouse", async () => {
    const frame = document.body.appendChild(document.createElement('iframe'));
    try {
      const win = frame.contentWindow! as Window & typeof globalThis;
      win.fetch = async () => json(trendsReport(['visitors']));
      expect(await loadScript(win.document, IIFE)).to.deep.equal([]);
      win.document.body.innerHTML = `<vitrine-trend endpoint="https://stats.example.test" site="shop" style="width: 400px"></vitrine-trend>`;
      type Plot = { cursor: { idx: number | null }; over: HTMLElement; legend: { show: boolean } };
      const trend = win.document.querySelector('vitrine-trend') as HTMLElement & { status: string; point: number | undefined; chart: { plot?: Plot } };
      await waitUntil(() => trend.status === 'ready' && trend.chart.plot, 'no chart');
      const chart = trend.shadowRoot!.querySelector<HTMLElement>('[part~="chart"]')!;
      expect(chart.querySelector('.u-legend, .u-select')).to.equal(null);
      chart.dispatchEvent(new KeyboardEvent('keydown', { key: 'End', bubbles: true }));
      await waitUntil(() => trend.shadowRoot!.querySelector('[part~="tooltip"]'), 'no tooltip');
      expect(trend.point).to.equal(6);
      expect(trend.chart.plot!.cursor.idx).to.equal(6);
      const over = trend.chart.plot!.over.getBoundingClientRect();
      trend.chart.plot!.over.dispatchEvent(new MouseEvent('mousemove', { clientX: over.left + 2, clientY: over.top + over.height / 2, bubbles: true }));
      await waitUntil(() => trend.chart.plot!.cursor.idx === 0, 'the cursor did not follow the mouse');
    } finally {
      frame.remove();
    }
  });

  it('works under a strict Content-Security-Policy: no eval, no inline styles, no violations', async () => {
    const frame = document.createElement('iframe');
    frame.srcdoc = `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' blob:">`;
    const loaded = new Promise((resolve) => (frame.onload = resolve));
    document.body.append(frame);
    await loaded;
    try {
      const win = frame.contentWindow! as Window & typeof globalThis;
      const violations: string[] = [];
      win.document.addEventListener('securitypolicyviolation', (event) => violations.push(`${event.violatedDirective} ${event.blockedURI}`));
      // Answer from fixtures, as the other tests do (the CSP governs what the page itself may do).
      win.fetch = async (input: RequestInfo | URL) =>
        String(input).includes('/trends')
          ? json(trendsReport(['visitors']))
          : String(input).includes('/retention')
            ? json(retentionReport())
            : json(breakdownReport('channel', [breakdownRow('a', 4), breakdownRow('b', 2)]));
      expect(await loadScript(win.document, IIFE)).to.deep.equal([]);
      win.document.body.innerHTML = `<vitrine-provider endpoint="https://stats.example.test" site="shop"><vitrine-breakdown dimension="channel"></vitrine-breakdown><vitrine-trend></vitrine-trend><vitrine-retention></vitrine-retention></vitrine-provider>`;
      const breakdown = win.document.querySelector('vitrine-breakdown') as HTMLElement & { status: string };
      const trend = win.document.querySelector('vitrine-trend') as HTMLElement & { status: string };
      const retention = win.document.querySelector('vitrine-retention') as HTMLElement & { status: string };
      await waitUntil(() => breakdown.status === 'ready' && trend.status === 'ready' && retention.status === 'ready', 'not ready');
      await waitUntil(() => trend.shadowRoot!.querySelector('canvas'), 'no chart');
      // The bar's width (a dynamic style) applied, and the adopted stylesheets did.
      const bars = Array.from(breakdown.shadowRoot!.querySelectorAll<HTMLElement>('[part~="bar"]'));
      expect(bars.map((bar) => bar.style.width)).to.deep.equal(['100%', '50%']);
      expect(win.getComputedStyle(bars[0]!).position).to.equal('absolute');
      // The heatmap's shading, a custom property set through the CSSOM, applied too.
      const cells = Array.from(retention.shadowRoot!.querySelectorAll<HTMLElement>('td[data-rate]'));
      expect(cells[1]!.style.getPropertyValue('--_rate')).to.equal('0.5');
      expect(win.getComputedStyle(cells[0]!).backgroundColor).to.not.equal(win.getComputedStyle(cells[1]!).backgroundColor);
      expect(violations).to.deep.equal([]);
    } finally {
      frame.remove();
    }
  });
});
