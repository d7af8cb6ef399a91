import { expect, waitUntil } from '@open-wc/testing';
// Vue's ES module build for browsers, straight from packages/widgets' node_modules.
import { createApp, h, ref as vueRef, nextTick } from 'vue/dist/vue.esm-browser.prod.js';
import { loadReact } from '../test/commonjs.js';
import { breakdownReport, breakdownRow, json, stubFetch, trendsReport } from '../test/support.js';
import type { VitrineFunnel } from './elements/vitrine-funnel.js';
import type { VitrineTrend } from './elements/vitrine-trend.js';
import './index.js';

const ENDPOINT = 'https://stats.example.test';
let fetchStub: ReturnType<typeof stubFetch>;
beforeEach(() => {
  fetchStub = stubFetch(async (call) => {
    const params = call.url.searchParams;
    if (call.url.pathname.endsWith('/trends')) return json(trendsReport((params.get('metrics') ?? '').split(',')));
    if (call.url.pathname.endsWith('/breakdown')) return json(breakdownReport('channel', [breakdownRow('search', 3)]));
    const steps = (params.get('steps') ?? '').split(',');
    return json({
      site: 'shop',
      from: '2026-01-01T00:00:00Z',
      to: '2026-01-08T00:00:00Z',
      unit: 'visitors',
      steps: steps.map((name, i) => ({ name, visitors: 10 - i, conversion_from_first: 1, conversion_from_previous: 1, drop_off: 0, time_from_first: null })),
    });
  });
});
afterEach(() => fetchStub.restore());

/** The element `tag` in `container`, once it shows its report. */
async function waitFor<T extends HTMLElement & { status: string }>(container: HTMLElement, tag: string): Promise<T> {
  await waitUntil(() => container.querySelector<T>(tag)?.status === 'ready', `${tag} not ready`);
  return container.querySelector<T>(tag)!;
}


/**
 * Renders `tree(React)` with React 19 into a fresh container, runs `check` on the
 * container, then unmounts, whatever happened.
 */
async function withReact(tree: (react: Awaited<ReturnType<typeof loadReact>>['React']) => unknown, check: (container: HTMLElement) => Promise<void>): Promise<void> {
  const { React, ReactDOMClient } = await loadReact();
  const container = document.body.appendChild(document.createElement('div'));
  const root = ReactDOMClient.createRoot(container);
  try {
    React.startTransition(() => root.render(tree(React) as Parameters<typeof root.render>[0]));
    await check(container);
  } finally {
    root.unmount();
    container.remove();
  }
}

describe('frameworks', () => {
  it('React 19 mounts the elements, passes arrays and the token as properties, and hears their events', async () => {
    const selected: string[] = [];
    await withReact(
      (React) =>
        React.createElement(
          'vitrine-provider',
          { endpoint: ENDPOINT, site: 'shop', token: 'react-token' },
          React.createElement('vitrine-funnel', {
            steps: ['page_view', 'purchase'],
            'onvitrine-select': (event: CustomEvent<{ step: string }>) => selected.push(event.detail.step),
          }),
          React.createElement('vitrine-trend', { metrics: ['visitors', 'orders'], locale: 'zh-CN' }),
        ),
      async (container) => {
        const funnel = await waitFor<VitrineFunnel>(container, 'vitrine-funnel');
        const trend = await waitFor<VitrineTrend>(container, 'vitrine-trend');
        expect(funnel.steps).to.deep.equal(['page_view', 'purchase']);
        expect(trend.metrics).to.deep.equal(['visitors', 'orders']);
        const trendCall = fetchStub.calls.find((c) => c.url.pathname.endsWith('/trends'))!;
        expect(trendCall.url.searchParams.get('metrics')).to.equal('visitors,orders');
        expect(new Headers(trendCall.init.headers).get('Authorization')).to.equal('Bearer react-token');
        expect(container.innerHTML).not.to.include('react-token');
        await funnel.updateComplete;
        funnel.shadowRoot!.querySelector<HTMLElement>('[data-step="purchase"]')!.click();
        expect(selected).to.deep.equal(['purchase']);
      },
    );
  });

  it('React 19 passes a comma-separated string to a list property: read as the attribute would be', async () => {
    await withReact(
      (React) =>
        React.createElement(
          'vitrine-provider',
          { endpoint: ENDPOINT, site: 'shop', token: 'react-token' },
          React.createElement('vitrine-funnel', { steps: 'page_view, purchase' }),
          React.createElement('vitrine-trend', { metrics: 'visitors,orders' }),
        ),
      async (container) => {
        const funnel = await waitFor<VitrineFunnel>(container, 'vitrine-funnel');
        const trend = await waitFor<VitrineTrend>(container, 'vitrine-trend');
        expect(funnel.steps).to.deep.equal(['page_view', 'purchase']);
        expect(trend.metrics).to.deep.equal(['visitors', 'orders']);
        expect(fetchStub.calls.find((c) => c.url.pathname.endsWith('/trends'))!.url.searchParams.get('metrics')).to.equal('visitors,orders');
        expect(funnel.getAttribute('steps')).to.equal('page_view,purchase');
      },
    );
  });

  it('Vue 3 mounts the elements and passes reactive properties', async () => {
    const container = document.body.appendChild(document.createElement('div'));
    const metrics = vueRef(['visitors']);
    const app = createApp({
      render: () =>
        h('vitrine-provider', { endpoint: ENDPOINT, site: 'shop', '.token': 'vue-token' }, [
          h('vitrine-trend', { '.metrics': metrics.value }),
          h('vitrine-breakdown', { dimension: 'channel', limit: 3 }),
        ]),
    });
    app.config.compilerOptions.isCustomElement = (tag: string) => tag.startsWith('vitrine-');
    app.mount(container);
    try {
      const trend = container.querySelector<VitrineTrend>('vitrine-trend')!;
      await waitUntil(() => trend.status === 'ready', 'trend not ready');
      expect(fetchStub.calls.find((c) => c.url.pathname.endsWith('/breakdown'))!.url.searchParams.get('limit')).to.equal('3');
      metrics.value = ['visitors', 'revenue'];
      await nextTick();
      await waitUntil(() => fetchStub.calls.at(-1)!.url.searchParams.get('metrics') === 'visitors,revenue', 'no refetch');
      expect(new Headers(fetchStub.calls.at(-1)!.init.headers).get('Authorization')).to.equal('Bearer vue-token');
      expect(container.innerHTML).not.to.include('vue-token');
    } finally {
      app.unmount();
      container.remove();
    }
  });
});
