import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { freePort, startProcess, type Started } from '../support/processes.js';

/**
 * The demo as a newcomer runs it (`demo/start.mjs`, the README's demo line), on a fresh
 * database without the simulated history, so that every number below is this one
 * shopper's: read a guide, click its product teaser, add to cart, check out (the GA4
 * dataLayer page), buy. Then the collector's reports and the admin app must show it.
 */
const SECRET = 'e2e-demo-secret';
const ARTICLE = 'How to brew Longjing like a Hangzhou tea master';
let dir: string;
let demo: Started;
let browser: Browser;
const ports = { collector: 0, storefront: 0, admin: 0 };
const shop = (path: string) => `http://localhost:${ports.storefront}${path}`;
const collector = (path: string) => `http://localhost:${ports.collector}${path}`;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-demo-'));
  [ports.collector, ports.storefront, ports.admin] = [await freePort(), await freePort(), await freePort()];
  demo = await startProcess(
    ['demo/start.mjs'],
    {
      VITRINE_PORT: String(ports.collector),
      STOREFRONT_PORT: String(ports.storefront),
      ADMIN_PORT: String(ports.admin),
      VITRINE_DEMO_DB: join(dir, 'demo.duckdb'),
      VITRINE_ADMIN_SECRET: SECRET,
      VITRINE_DEMO_SEED: '0',
    },
    'Press Ctrl-C to stop.',
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await demo?.stop();
  await rm(dir, { recursive: true, force: true });
});

/** Reads a report from the collector as the admin backend would (the secret never reaches a browser). */
async function report(name: string, params: Record<string, string>): Promise<any> {
  // From an hour ago to a minute ahead: exactly this test's shopping, whatever the time zone.
  const query = new URLSearchParams({ site: 'demo', from: new Date(Date.now() - 3_600_000).toISOString(), to: new Date(Date.now() + 60_000).toISOString(), ...params });
  const response = await fetch(collector(`/v1/reports/${name}?${query}`), { headers: { Authorization: `Bearer ${SECRET}` } });
  expect(response.status, await response.clone().text()).toBe(200);
  return response.json();
}

/**
 * The names of the events the collector acknowledged for this page, as the tracker sent
 * them; flushing inside the poll hands over whatever the tracker still holds.
 */
function recordAccepted(page: Page, names: string[]): void {
  page.on('response', async (response) => {
    if (!response.url().endsWith('/v1/batch') || response.request().method() !== 'POST' || response.status() !== 200) return;
    const sent = JSON.parse(response.request().postData() ?? '{"events":[]}');
    const body = await response.json().catch(() => null);
    if (body && body.rejected.length === 0) names.push(...sent.events.map((e: { name: string }) => e.name));
  });
}

const flushed = (page: Page) => page.evaluate(() => (window as unknown as { vitrine: { flush(): unknown } }).vitrine.flush()).catch(() => undefined);

describe('the demo: a shopping journey through the storefront, seen in the admin app', () => {
  let context: BrowserContext;
  let page: Page;
  const accepted: string[] = [];

  it('tracks a shopper who reads a guide, follows its teaser, and buys', async () => {
    context = await browser.newContext();
    page = await context.newPage();
    recordAccepted(page, accepted);
    const preflights: string[] = [];
    const contentTypes = new Set<string>();
    page.on('request', (request) => {
      if (!request.url().endsWith('/v1/batch')) return;
      if (request.method() === 'OPTIONS') preflights.push(request.url());
      else contentTypes.add(request.headers()['content-type'] ?? '');
    });

    // 1. Read the article to its end (the guides are a client-side app).
    await page.goto(shop('/guides/'));
    await page.getByRole('link', { name: ARTICLE }).click();
    await expect.poll(() => page.url()).toBe(shop('/guides/brewing-longjing'));
    const teaser = page.locator('[data-vitrine-piece="TEA-LONGJING-250"]');
    await teaser.scrollIntoViewIfNeeded();
    await page.mouse.wheel(0, 5_000);
    // The teaser stays in view until the tracker has counted its impression (≥ 1 s at ≥ 50 %).
    await expect.poll(async () => (await flushed(page), accepted.filter((n) => n === 'content_impression').length), { timeout: 15_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await flushed(page), accepted.filter((n) => n === 'article_progress').length), { timeout: 15_000 }).toBeGreaterThan(0);

    // 2. Click the product teaser; 3. add to cart.
    await teaser.locator('a').click();
    await page.waitForURL(shop('/product.html?id=TEA-LONGJING-250'));
    await page.getByRole('button', { name: 'Add to cart' }).click();
    await page.getByRole('link', { name: 'View cart' }).click();
    await page.waitForURL(shop('/cart.html'));

    // 4. Check out, on the page instrumented only with GA4 dataLayer pushes; 5. buy.
    await page.getByRole('button', { name: 'Checkout' }).click();
    await page.waitForURL(shop('/checkout.html'));
    await page.getByRole('button', { name: 'Place order' }).click();
    await page.waitForURL(/\/order\.html\?tx=LL-/);
    expect(await page.locator('#order-number').textContent()).toMatch(/^Order LL-[0-9A-Z]+ · CN¥268\.00$/);
    await expect.poll(async () => (await flushed(page), (await report('funnel', { steps: 'page_view,view_item,add_to_cart,begin_checkout,purchase' })).steps.map((s: { visitors: number }) => s.visitors)), { timeout: 20_000 }).toEqual([1, 1, 1, 1, 1]);
    // Cross-origin, yet simple requests: text/plain batches need no CORS preflight.
    expect(preflights).toEqual([]);
    expect([...contentTypes].every((type) => type.startsWith('text/plain'))).toBe(true);
  });

  it('credits the guide: its teaser was seen and clicked, and the article assisted the order', async () => {
    const trends = await report('trends', { metrics: 'orders,revenue' });
    expect(trends.current.totals).toMatchObject({ orders: 1, revenue: 268 });
    const content = await report('content', {});
    const teaser = content.content.find((row: { name: string; piece: string }) => row.name === ARTICLE && row.piece === 'TEA-LONGJING-250');
    expect(teaser).toMatchObject({ clicks: 1, click_visitors: 1, impression_visitors: 1, ctr: 1, assisted: { visitors: 1, orders: { CNY: 1 }, revenue: { CNY: 268 } } });
    const article = content.articles.find((row: { article: string }) => row.article === ARTICLE);
    expect(article.readers).toBe(1);
    expect(article.assisted).toMatchObject({ visitors: 1, revenue: { CNY: 268 } });
  });

  it("shows the journey in the admin app's widgets: funnel steps, KPI cards, content CTR and assisted revenue", async () => {
    const admin = await browser.newPage();
    await admin.goto(`http://localhost:${ports.admin}/funnel.html?range=today`);
    const counts = admin.locator('vitrine-funnel').first().locator('[part~="step-count"]');
    await expect.poll(() => counts.allTextContents(), { timeout: 20_000 }).toEqual(['1', '1', '1', '1', '1']);
    expect(await admin.locator('vitrine-funnel').first().locator('[part~="step"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step'))))
      .toEqual(['page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase']);

    await admin.goto(`http://localhost:${ports.admin}/?range=today`);
    const kpi = (metric: string) => admin.locator(`vitrine-kpi[metric="${metric}"] [part~="value"]`);
    await expect.poll(() => kpi('orders').textContent(), { timeout: 20_000 }).toBe('1');
    expect(await kpi('visitors').textContent()).toBe('1');
    expect(await kpi('revenue').textContent()).toBe('CN¥268.00');

    // The content page: the guide's product teaser, its CTR and the order it assisted.
    await admin.goto(`http://localhost:${ports.admin}/content.html?range=today`);
    const teaserRow = admin.locator('vitrine-content [part~="content"] tr', { hasText: 'TEA-LONGJING-250' }).filter({ hasText: ARTICLE });
    await expect.poll(() => teaserRow.count(), { timeout: 20_000 }).toBe(1);
    expect(await teaserRow.locator('td, th').allTextContents()).toEqual([ARTICLE, 'TEA-LONGJING-250', '1', '1', '100%', 'CN¥268.00']);
    await admin.close();
  });

  it('stops cleanly on SIGTERM, committing and checkpointing the collector', async () => {
    await context.close();
    expect(await demo.stop()).toBe(0);
  });
});
