import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { eventInContext, type Batch, type CommerceReport, type TrendsReport } from '@vitrine/schema';
import { launchChromium } from '../support/browser.js';
import { startFaultProxy, type FaultProxy } from '../support/fault-proxy.js';
import { ROOT, type Started } from '../support/processes.js';
import { funnel, rejected, report, shopPage, startCollector, startTrackerSite } from '../support/tracker-site.js';

// Capture, end to end: storefront pages using the built script tag, the real collector
// behind a (here well-behaved) logging proxy, so that what the collector stored can be
// told event by event.

let dir: string;
let collector: Started & { url: string };
let proxy: FaultProxy;
let site: { url: string; close(): Promise<void> };
let browser: Browser;
let context: BrowserContext;
let page: Page;

type Shop = Window & { vitrine: { track(name: string, props?: object): void; flush(): Promise<void> }; dataLayer: unknown[]; gtag(...args: unknown[]): void };
declare const window: Shop;

/** A single-page app: links handled by pushState, as a router does (with a replaceState for scroll state). */
const SPA_BODY = `
<nav><a href="/products/tea">Tea</a> <a href="/products/silk">Silk</a> <a href="/cart">Cart</a></nav><main id="view">Home</main>
<script>
  document.addEventListener('click', (event) => {
    const link = event.target.closest('a');
    if (!link) return;
    event.preventDefault();
    history.pushState({}, '', link.href);
    history.replaceState({ scroll: 0 }, '', link.href);
    document.getElementById('view').textContent = link.textContent;
  });
</script>`;

/** A banner far below the fold. */
const BANNER_BODY = `
<div style="height:300vh">Products</div>
<a id="banner" href="/sale" data-vitrine-content="Spring sale banner" data-vitrine-piece="hero.jpg" data-vitrine-target="/sale" style="display:block;height:300px">春季大促</a>
<div style="height:300vh">Footer</div>`;

/** A GA4-instrumented checkout: a GTM push before the tracker loads, and gtag later. */
const GA4_HEAD = `<script>
  window.dataLayer = window.dataLayer || [];
  function gtag() { dataLayer.push(arguments); }
  gtag('js', new Date());
  gtag('config', 'G-TEST');
  dataLayer.push({ ecommerce: null });
  dataLayer.push({ event: 'purchase', ecommerce: { transaction_id: 'LL-1001', value: '288.00', currency: 'CNY', tax: 0, items: [
    { item_id: 'SKU-1', item_name: '丝绸围巾', price: 144, quantity: 2, item_category: 'Scarves', item_category4: 'Silk' } ] } });
</script>`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-tracker-capture-'));
  collector = await startCollector(dir);
  proxy = await startFaultProxy(collector.url);
  const endpoint = proxy.url;
  const spa = shopPage({ endpoint, body: SPA_BODY });
  site = await startTrackerSite({
    '/': spa,
    '/products/tea': spa,
    '/products/silk': spa,
    '/cart': spa,
    '/banner': shopPage({ endpoint, body: BANNER_BODY }),
    '/checkout/done': shopPage({ endpoint, head: GA4_HEAD, attributes: 'data-datalayer', body: '<h1>Thank you</h1>' }),
  });
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  await proxy?.close();
  await collector?.stop();
  await rm(dir, { recursive: true, force: true });
});

beforeEach(async () => {
  proxy.reset();
  context = await browser.newContext();
  page = await context.newPage();
});
afterEach(async () => {
  await context?.close();
});

/** Events the collector acknowledged, in order, with their props and URL. */
const stored = () =>
  proxy.exchanges
    .filter((exchange) => exchange.forwarded && exchange.status < 300)
    .flatMap((exchange) => {
      // As the collector reads a batch: each event with the batch's context applied.
      const batch = JSON.parse(exchange.body) as Batch;
      return batch.events.map((event) => eventInContext(event, batch.context) as { name: string; url: string; referrer?: string; props?: Record<string, unknown> });
    });
const storedNamed = (name: string) => stored().filter((event) => event.name == name);

const open = async (path: string) => {
  await page.goto(`${site.url}${path}`);
  await page.waitForFunction(() => typeof window.vitrine?.track == 'function');
};
const flush = () => page.evaluate(() => window.vitrine.flush());

/**
 * Takes over the page's clock, paused: the impression timer moves only with
 * `page.clock.runFor`. Rendering (IntersectionObserver) stays real; `setTimeout` and
 * `requestAnimationFrame` do not run by themselves any more.
 */
const installClock = async () => {
  const now = Date.now();
  await page.clock.install({ time: now });
  await page.clock.pauseAt(now + 1000);
};

/** Scrolls the banner into view (or away), and waits until the page has seen it so. */
const bannerInView = async (visible: boolean) => {
  await page.evaluate((visible) => (visible ? document.getElementById('banner')!.scrollIntoView() : scrollTo(0, 0)), visible);
  await page.evaluate(
    (visible) =>
      new Promise<void>((resolve) => {
        const observer = new IntersectionObserver(
          (entries) => {
            if (entries.some((entry) => entry.intersectionRatio >= 0.5 == visible)) {
              observer.disconnect();
              // All observers are told in one task: by the next task, the tracker's has been too.
              // (A MessageChannel task, as the paused clock holds timers and animation frames.)
              const channel = new MessageChannel();
              channel.port1.onmessage = () => resolve();
              channel.port2.postMessage(null);
            }
          },
          { threshold: 0.5 },
        );
        observer.observe(document.getElementById('banner')!);
      }),
    visible,
  );
};

describe('tracker capture against the real collector', () => {
  it('SPA navigations: one page view per route, none doubled', async () => {
    await open('/');
    for (const name of ['Tea', 'Silk', 'Tea', 'Cart']) await page.getByRole('link', { name }).click();
    await page.goBack(); // popstate to /products/tea
    await page.goForward(); // and back to /cart
    await page.evaluate(() => history.replaceState({ scroll: 500 }, '', location.href)); // scroll state, same URL
    await flush();
    const expected = ['/', '/products/tea', '/products/silk', '/products/tea', '/cart', '/products/tea', '/cart'];
    await expect.poll(() => storedNamed('page_view').map((event) => new URL(event.url).pathname)).toEqual(expected);
    const views = storedNamed('page_view');
    // A virtual page view's referrer is the page before it.
    expect(views.slice(1).map((event) => new URL(event.referrer!).pathname)).toEqual(expected.slice(0, -1));
    // And the page being left reports its engagement first.
    expect(stored().filter((event) => event.name == 'page_engagement').length).toBeGreaterThanOrEqual(1);
    expect(proxy.stored()).toBe(proxy.acknowledged().size);
  });

  it('a banner scrolled into view for 0.5 s: no impression', async () => {
    await installClock();
    await open('/banner');
    await bannerInView(true);
    await page.clock.runFor(500);
    await bannerInView(false);
    await page.clock.runFor(10_000);
    await flush();
    await expect.poll(() => storedNamed('page_view')).toHaveLength(1);
    expect(storedNamed('content_impression')).toEqual([]);
  });

  it('the same banner in view for 1.5 s: one impression, and a click on it is a content click', async () => {
    await installClock();
    await open('/banner');
    await bannerInView(true);
    await page.clock.runFor(1500);
    await page.clock.runFor(10_000); // still in view: still one impression
    await page.evaluate(() => document.getElementById('banner')!.addEventListener('click', (event) => event.preventDefault()));
    await page.click('#banner');
    await flush();
    const props = { content_name: 'Spring sale banner', content_piece: 'hero.jpg', content_target: '/sale' };
    await expect.poll(() => storedNamed('content_impression').map((event) => event.props)).toEqual([props]);
    await expect.poll(() => storedNamed('content_click').map((event) => event.props)).toEqual([props]);
  });

  it('GA4 dataLayer and gtag purchases: stored as purchase with items, with zero tracker code', async () => {
    await open('/checkout/done');
    // gtag after the tracker loaded, as a late confirmation widget would.
    await page.evaluate(() => window.gtag('event', 'purchase', { transaction_id: 'LL-1002', value: 99, currency: 'CNY', send_to: 'G-TEST', items: [{ item_id: 'SKU-2', quantity: 1 }] }));
    await flush();
    // Sent as the store pushed them: the collector keeps what the wire format knows (props.ga4).
    await expect.poll(() => storedNamed('purchase').map((event) => event.props)).toEqual([
      { ga4: { transaction_id: 'LL-1001', value: '288.00', currency: 'CNY', tax: 0, items: [{ item_id: 'SKU-1', item_name: '丝绸围巾', price: 144, quantity: 2, item_category: 'Scarves', item_category4: 'Silk' }] } },
      { ga4: { transaction_id: 'LL-1002', value: 99, currency: 'CNY', send_to: 'G-TEST', items: [{ item_id: 'SKU-2', quantity: 1 }] } },
    ]);
    // Stored as purchases with their items: '288.00' is revenue, and the items are products.
    const money = () => report<TrendsReport>(collector.url, '/v1/reports/trends', { metrics: 'orders,revenue' }).then(({ current }) => current.money);
    await expect.poll(money).toMatchObject({ revenue: { CNY: 387 }, orders: { CNY: 2 } });
    const products = await report<CommerceReport>(collector.url, '/v1/reports/commerce').then(({ products }) => products.rows);
    expect(products.map(({ item_id, item_name, units, revenue }) => ({ item_id, item_name, units, revenue }))).toEqual([
      { item_id: 'SKU-1', item_name: '丝绸围巾', units: 2, revenue: { CNY: 288 } },
      { item_id: 'SKU-2', item_name: '', units: 1, revenue: { CNY: 0 } },
    ]);
    // Accepted, not refused: nothing in the collector's rejected list, and the report sees the buyer.
    const purchaseExchanges = proxy.exchanges.filter((exchange) => exchange.names.includes('purchase'));
    expect(purchaseExchanges.every((exchange) => exchange.answer?.rejected?.length === 0)).toBe(true);
    expect(await rejected(collector.url)).toEqual([]);
    await expect.poll(() => funnel(collector.url, ['page_view', 'purchase'])).toEqual([expect.any(Number), 1]);
  });

  it('the collector serves both builds, and only the full one has web vitals', async () => {
    for (const file of ['vitrine.js', 'vitrine.full.js']) {
      const response = await fetch(`${collector.url}/${file}`);
      expect(response.status, file).toBe(200);
      expect(response.headers.get('content-type'), file).toMatch(/^text\/javascript/);
      expect(await response.text(), file).toBe(await readFile(join(ROOT, 'packages/tracker/dist', file), 'utf8'));
    }
    expect(await readFile(join(ROOT, 'packages/tracker/dist/vitrine.js'), 'utf8')).not.toContain('web_vital');
    expect(await readFile(join(ROOT, 'packages/tracker/dist/vitrine.full.js'), 'utf8')).toContain('web_vital');
  });

  it('the full build adds Core Web Vitals', async () => {
    const full = await startTrackerSite({ '/': shopPage({ endpoint: proxy.url, script: 'vitrine.full.js', body: '<h1>Hello</h1>' }) });
    try {
      await page.goto(`${full.url}/`);
      await page.waitForFunction(() => typeof window.vitrine?.track == 'function');
      // LCP is final at the first input (or when the page is hidden).
      await page.click('h1');
      await expect
        .poll(async () => (await flush(), storedNamed('web_vital').map((event) => event.props!.metric)), { timeout: 10_000 })
        .toEqual(expect.arrayContaining(['FCP', 'LCP', 'TTFB']));
      for (const { props } of storedNamed('web_vital')) expect(props).toMatchObject({ rating: expect.stringMatching(/^(good|needs-improvement|poor)$/), navigation_type: 'navigate' });
    } finally {
      await full.close();
    }
  });
});
