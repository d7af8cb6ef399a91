import { expect, fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import type { FunnelReport } from '@vitrine/schema';
import type { FunnelSelectDetail, VitrineFunnel } from './vitrine-funnel.js';
import type { TokenExpiredDetail } from '../controllers/report-controller.js';
import './vitrine-funnel.js';

// These tests isolate the element from the network by stubbing window.fetch; the
// end-to-end test (test/e2e) runs it against a real collector.

const ENDPOINT = 'https://stats.example.test';
const TOKEN = 'secret-token-123';
const STEPS = ['page_view', 'view_item', 'add_to_cart', 'purchase'];

interface Call {
  url: URL;
  init: RequestInit;
}
type Responder = (call: Call, index: number) => Promise<Response>;

const realFetch = window.fetch;
let calls: Call[] = [];
let responder: Responder;

beforeEach(() => {
  calls = [];
  responder = async (call) => json(report(stepsOf(call)));
  window.fetch = (input: RequestInfo | URL, init?: RequestInit) => {
    const call = { url: new URL(String(input)), init: init ?? {} };
    calls.push(call);
    return responder(call, calls.length - 1);
  };
});

afterEach(() => {
  window.fetch = realFetch;
});

function json(body: unknown, status = 200): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
}

function stepsOf(call: Call): string[] {
  return (call.url.searchParams.get('steps') ?? '').split(',');
}

/** A funnel report for the given steps, halving the visitors at each step from `first`. */
function report(steps: string[], first = 1000): FunnelReport {
  let previous = first;
  return {
    site: 'demo',
    from: '2026-10-25T00:00:00.000Z',
    to: '2026-11-24T00:00:00.000Z',
    unit: 'visitors',
    steps: steps.map((name, index) => {
      const visitors = index === 0 ? first : Math.floor(previous / 2);
      const step = {
        name,
        visitors,
        conversion_from_first: first ? visitors / first : 0,
        conversion_from_previous: previous ? visitors / previous : 0,
        drop_off: index === 0 ? 0 : previous - visitors,
      };
      previous = visitors;
      return step;
    }),
  };
}

/** A fetch that never answers until aborted, like a slow server. */
function hanging(call: Call): Promise<Response> {
  return new Promise((_resolve, reject) => {
    call.init.signal?.addEventListener('abort', () => reject(new DOMException('Aborted', 'AbortError')));
  });
}

function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

async function funnel(template = html`<vitrine-funnel endpoint=${ENDPOINT} site="demo" steps=${STEPS.join(',')} .token=${TOKEN}></vitrine-funnel>`) {
  return fixture<VitrineFunnel>(template);
}

function shadow(el: VitrineFunnel): ShadowRoot {
  return el.shadowRoot!;
}

function texts(el: VitrineFunnel, selector: string): string[] {
  return Array.from(shadow(el).querySelectorAll(selector), (node) => node.textContent?.trim() ?? '');
}

/** Waits for the report of the element's *current* inputs (a pending update may start a new fetch). */
async function ready(el: VitrineFunnel): Promise<void> {
  await el.updateComplete;
  await waitUntil(() => el.status === 'ready', 'the report never became ready');
  await el.updateComplete;
}

describe('<vitrine-funnel>', () => {
  it('renders each step with its count, conversion and drop-off as text', async () => {
    const el = await funnel();
    await ready(el);

    const rows = shadow(el).querySelectorAll('[part~="step"]');
    expect(Array.from(rows, (row) => row.getAttribute('data-step'))).to.deep.equal(STEPS);
    expect(texts(el, '[part~="step-count"]')).to.deep.equal(['1,000', '500', '250', '125']);
    expect(texts(el, '[part~="step-conversion"]')).to.deep.equal(['Of first step: 100%', 'Of first step: 50%', 'Of first step: 25%', 'Of first step: 12.5%']);
    expect(texts(el, '[part~="step-drop-off"]')).to.deep.equal(['', 'Drop-off: -500', 'Drop-off: -250', 'Drop-off: -125']);
  });

  it('formats counts under 1000 as plain digits', async () => {
    responder = async (call) => json(report(stepsOf(call), 1));
    const el = await funnel();
    await ready(el);
    expect(texts(el, '[part~="step-count"]')).to.deep.equal(['1', '0', '0', '0']);
  });

  it('formats numbers for the locale attribute', async () => {
    const el = await funnel(html`<vitrine-funnel endpoint=${ENDPOINT} site="demo" steps="a,b" locale="de"></vitrine-funnel>`);
    await ready(el);
    expect(texts(el, '[part~="step-count"]')[0]).to.equal('1.000');
  });

  it('fires vitrine-data with the report once it is rendered', async () => {
    let rendered = -1;
    const listener = (event: Event) => {
      rendered = (event.target as VitrineFunnel).shadowRoot!.querySelectorAll('[part~="step-count"]').length;
    };
    document.addEventListener('vitrine-data', listener);
    try {
      const data = oneEvent(document, 'vitrine-data');
      await funnel();
      const event = (await data) as CustomEvent<FunnelReport>;
      expect(event.detail.steps.map((step) => step.name)).to.deep.equal(STEPS);
      expect(event.composed).to.equal(true);
      expect(rendered).to.equal(4);
    } finally {
      document.removeEventListener('vitrine-data', listener);
    }
  });

  it('sends the token as a Bearer header and never in the URL', async () => {
    const el = await funnel(
      html`<vitrine-funnel endpoint=${`${ENDPOINT}/analytics/`} site="demo" steps="page_view,purchase" .token=${TOKEN} from="2026-11-01" to="2026-11-24"></vitrine-funnel>`,
    );
    await ready(el);

    expect(calls).to.have.length(1);
    const { url, init } = calls[0]!;
    expect(new Headers(init.headers).get('Authorization')).to.equal(`Bearer ${TOKEN}`);
    expect(url.href).not.to.include(TOKEN);
    expect(url.origin + url.pathname).to.equal(`${ENDPOINT}/analytics/v1/reports/funnel`);
    expect(Object.fromEntries(url.searchParams)).to.deep.equal({
      site: 'demo',
      steps: 'page_view,purchase',
      from: '2026-11-01',
      to: '2026-11-24',
    });
    // A token set as a property stays out of the DOM.
    expect(el.hasAttribute('token')).to.equal(false);
  });

  it('leaves out from and to when they are not set, for the server default range', async () => {
    const el = await funnel();
    await ready(el);
    expect(calls[0]!.url.searchParams.has('from')).to.equal(false);
    expect(calls[0]!.url.searchParams.has('to')).to.equal(false);
  });

  it('aborts the previous request when steps change', async () => {
    responder = async (call, index) => (index === 0 ? hanging(call) : json(report(stepsOf(call))));
    const el = await funnel();
    expect(el.status).to.equal('loading');
    expect(calls).to.have.length(1);

    el.steps = ['page_view', 'purchase'];
    await el.updateComplete;

    expect(calls[0]!.init.signal!.aborted).to.equal(true);
    expect(calls).to.have.length(2);
    expect(calls[1]!.url.searchParams.get('steps')).to.equal('page_view,purchase');
    await ready(el);
    expect(texts(el, '[part~="step-name"]')).to.deep.equal(['page_view', 'purchase']);
  });

  it('ignores an answer to a superseded request, even if the server ignores the abort', async () => {
    // Both answers are held back, then the stale one is released first: were it not
    // discarded, it would be rendered and announced before the current one.
    const answers = [deferred<Response>(), deferred<Response>()];
    responder = (_call, index) => answers[index]!.promise;
    const reports: FunnelReport[] = [];
    const el = await funnel();
    el.addEventListener('vitrine-data', (event) => reports.push((event as CustomEvent<FunnelReport>).detail));
    el.steps = ['page_view', 'purchase'];
    await el.updateComplete;

    answers[0]!.resolve(json(report(STEPS)));
    answers[1]!.resolve(json(report(['page_view', 'purchase'])));
    await waitUntil(() => reports.length > 0, 'no vitrine-data');
    expect(reports.map((r) => r.steps.length)).to.deep.equal([2]);
    expect(texts(el, '[part~="step-name"]')).to.deep.equal(['page_view', 'purchase']);
  });

  it('does not refetch when steps are set to an equal list', async () => {
    const el = await funnel();
    await ready(el);
    el.steps = [...STEPS];
    el.setAttribute('steps', STEPS.join(', '));
    await el.updateComplete;
    expect(calls).to.have.length(1);
  });

  it('aborts the request in flight when it leaves the document', async () => {
    responder = async (call) => hanging(call);
    const el = await funnel();
    el.remove();
    expect(calls[0]!.init.signal!.aborted).to.equal(true);
  });

  it('shows an error with a Retry button, and Retry fetches again', async () => {
    responder = async (call, index) =>
      index === 0 ? json({ error: 'internal', reason: 'The store is unavailable.' }, 500) : json(report(stepsOf(call)));
    const el = await funnel();
    await waitUntil(() => el.status === 'error', 'no error state');
    await el.updateComplete;

    const error = shadow(el).querySelector('[part~="error"]')!;
    expect(error.getAttribute('role')).to.equal('alert');
    expect(error.textContent).to.include('The store is unavailable.');
    const retry = shadow(el).querySelector<HTMLButtonElement>('[part~="retry"]')!;
    expect(retry.textContent).to.equal('Retry');

    retry.click();
    await ready(el);
    expect(calls).to.have.length(2);
    expect(texts(el, '[part~="step-count"]')).to.have.length(4);
  });

  it('shows a network error when the collector cannot be reached', async () => {
    responder = async () => {
      throw new TypeError('Failed to fetch');
    };
    const el = await funnel();
    await waitUntil(() => el.status === 'error', 'no error state');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="error"]')!.textContent).to.include("Couldn't reach the analytics server.");
  });

  it('treats a response that is not a funnel report as an error', async () => {
    responder = async () => json({ hello: 'world' });
    const el = await funnel();
    await waitUntil(() => el.status === 'error', 'no error state');
  });

  it('fires vitrine-token-expired on 401, and refetches when given a new token', async () => {
    responder = async (call, index) => (index === 0 ? json({ error: 'unauthorized' }, 401) : json(report(stepsOf(call))));
    const expired = oneEvent(document, 'vitrine-token-expired');
    const el = await funnel();
    const event = (await expired) as CustomEvent<TokenExpiredDetail>;
    expect(event.target).to.equal(el);
    expect(event.bubbles && event.composed).to.equal(true);
    expect(event.detail.endpoint).to.equal(ENDPOINT);
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="error"]')!.textContent).to.include('session has expired');

    el.token = 'fresh-token';
    await ready(el);
    expect(new Headers(calls[1]!.init.headers).get('Authorization')).to.equal('Bearer fresh-token');
  });

  it('keeps the shown report when the token rotates, and uses the new token next time', async () => {
    const el = await funnel();
    await ready(el);
    el.token = 'rotated-token';
    await el.updateComplete;
    expect(calls).to.have.length(1);
    expect(el.status).to.equal('ready');

    el.from = '2026-11-01';
    await ready(el);
    expect(calls).to.have.length(2);
    expect(new Headers(calls[1]!.init.headers).get('Authorization')).to.equal('Bearer rotated-token');
  });

  it('shows the empty state when nobody entered the funnel', async () => {
    responder = async (call) => json(report(stepsOf(call), 0));
    const el = await funnel();
    await waitUntil(() => el.status === 'empty', 'no empty state');
    await el.updateComplete;
    expect(shadow(el).querySelector('[part~="empty"]')!.textContent).to.equal('No data for this period');
    expect(shadow(el).querySelector('canvas')).to.equal(null);
  });

  it('shows a loading skeleton while the request is in flight', async () => {
    responder = async (call) => hanging(call);
    const el = await funnel();
    const loading = shadow(el).querySelector('[part~="loading"]')!;
    expect(loading.getAttribute('aria-busy')).to.equal('true');
  });

  it('asks nothing until endpoint, site and steps are set', async () => {
    const el = await funnel(html`<vitrine-funnel site="demo" steps="a,b"></vitrine-funnel>`);
    expect(el.status).to.equal('idle');
    expect(calls).to.have.length(0);
    el.endpoint = ENDPOINT;
    await ready(el);
    expect(calls).to.have.length(1);
  });

  it('draws the bars with uPlot on a canvas in its shadow root, with an accessible name', async () => {
    const el = await funnel();
    await ready(el);
    await waitUntil(() => shadow(el).querySelector('[part~="chart"] canvas'), 'no uPlot canvas');

    const chart = shadow(el).querySelector('[part~="chart"]')!;
    expect(chart.getAttribute('role')).to.equal('img');
    expect(chart.getAttribute('aria-label')).to.include('page_view 1,000 (100%)').and.include('purchase 125 (12.5%)');
    // uPlot's stylesheet is adopted into the shadow root, not the page.
    expect(getComputedStyle(chart.querySelector('.u-wrap')!).position).to.equal('relative');

    el.remove();
    expect(chart.querySelector('.uplot')).to.equal(null);
  });

  it('fires vitrine-select when a step row is clicked', async () => {
    const el = await funnel();
    await ready(el);
    const selected = oneEvent(el, 'vitrine-select');
    shadow(el).querySelector<HTMLElement>('[data-step="view_item"]')!.click();
    const event = (await selected) as CustomEvent<FunnelSelectDetail>;
    expect(event.detail).to.deep.equal({ step: 'view_item', index: 1 });
  });

  it('mirrors site and steps between attributes and properties', async () => {
    const el = await funnel();
    await ready(el);

    el.site = 'other-site';
    el.steps = ['page_view', 'purchase'];
    await el.updateComplete;
    expect(el.getAttribute('site')).to.equal('other-site');
    expect(el.getAttribute('steps')).to.equal('page_view,purchase');

    el.setAttribute('site', 'third');
    el.setAttribute('steps', 'view_item, add_to_cart ,purchase');
    expect(el.site).to.equal('third');
    expect(el.steps).to.deep.equal(['view_item', 'add_to_cart', 'purchase']);
    await ready(el);
    expect(calls.at(-1)!.url.searchParams.get('site')).to.equal('third');
    expect(calls.at(-1)!.url.searchParams.get('steps')).to.equal('view_item,add_to_cart,purchase');
  });

  it('shows the conversion from the previous step and the median time to convert', async () => {
    responder = async (call) => {
      const body = report(stepsOf(call));
      body.steps.forEach((step, index) => {
        step.time_from_first = index ? { median_s: 90 * index, p90_s: 300 * index } : null;
      });
      return json(body);
    };
    const el = await funnel();
    await ready(el);
    expect(texts(el, '[part~="step-previous"]')).to.deep.equal(['', 'Of previous: 50%', 'Of previous: 50%', 'Of previous: 50%']);
    expect(texts(el, '[part~="step-time"]')).to.deep.equal(['', 'Median time: 1.5 min', 'Median time: 3 min', 'Median time: 4.5 min']);
    el.locale = 'zh-CN';
    await el.updateComplete;
    expect(texts(el, '[part~="step-time"]')[3]).to.equal('转化时长中位数: 4.5分钟');
    expect(texts(el, '[part~="step-conversion"]')[1]).to.equal('占首步: 50%');
  });

  it('asks for a breakdown and shows one row per value, keys as inert text', async () => {
    const hostile = `<img src=x onerror="window.__xss=1">`;
    responder = async (call) => {
      const body = report(stepsOf(call));
      body.breakdown = {
        dimension: 'channel',
        limit: 5,
        rows: [
          { key: 'search', steps: report(stepsOf(call), 600).steps },
          { key: hostile, steps: report(stepsOf(call), 400).steps },
        ],
      };
      return json(body);
    };
    const el = await funnel(html`<vitrine-funnel endpoint=${ENDPOINT} site="demo" steps=${STEPS.join(',')} breakdown="channel"></vitrine-funnel>`);
    await ready(el);
    expect(calls[0]!.url.searchParams.get('breakdown')).to.equal('channel');
    const rows = shadow(el).querySelectorAll('[part~="breakdown"] tbody tr');
    expect(Array.from(rows, (row) => row.querySelector('th')!.textContent)).to.deep.equal(['search', hostile]);
    expect(rows[0]!.textContent).to.include('600').and.include('12.5%');
    expect(shadow(el).querySelector('img')).to.equal(null);
    expect((window as { __xss?: number }).__xss).to.equal(undefined);
  });

  it('renders hostile step names as text, in the list, the accessible name and the CSV', async () => {
    const hostile = ['<b onmouseover=alert(1)>x</b>', '=1+1'];
    const el = await funnel(html`<vitrine-funnel endpoint=${ENDPOINT} site="demo" .steps=${hostile}></vitrine-funnel>`);
    await ready(el);
    expect(texts(el, '[part~="step-name"]')).to.deep.equal(hostile);
    expect(shadow(el).querySelector('b')).to.equal(null);
    expect(shadow(el).querySelector('[part~="chart"]')!.getAttribute('aria-label')).to.include(hostile[0]);
    const csv = el.exportCsv().slice(1).split('\r\n');
    expect(csv[2]!.startsWith("'=1+1,")).to.equal(true);
  });
});
