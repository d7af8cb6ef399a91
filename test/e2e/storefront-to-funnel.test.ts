import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Request } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../support/browser.js';
import { freePort, startProcess, type Started } from '../support/processes.js';

const TOKEN = 'e2e-admin-token';
let dir: string;
let demo: Started;
let browser: Browser;
const ports = { collector: 0, storefront: 0, admin: 0 };

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'vitrine-e2e-'));
  ports.collector = await freePort();
  ports.storefront = await freePort();
  ports.admin = await freePort();
  demo = await startProcess(
    ['demo/start.mjs'],
    {
      VITRINE_PORT: String(ports.collector),
      STOREFRONT_PORT: String(ports.storefront),
      ADMIN_PORT: String(ports.admin),
      VITRINE_DEMO_DB: join(dir, 'demo.duckdb'),
      VITRINE_ADMIN_SECRET: TOKEN,
    },
    'Press Ctrl-C to stop.',
  );
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  if (demo) {
    demo.child.kill('SIGTERM');
    await demo.exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('demo storefront → collector → admin funnel', () => {
  it('counts a shopper who views, adds to cart and buys, and shows it in the funnel widget', async () => {
    const shop = await browser.newPage();
    const batchRequests: Request[] = [];
    const preflights: string[] = [];
    let accepted = 0;
    shop.on('request', (request) => {
      if (request.url().endsWith('/v1/batch')) {
        if (request.method() === 'OPTIONS') preflights.push(request.url());
        else batchRequests.push(request);
      }
    });
    shop.on('response', async (response) => {
      if (response.url().endsWith('/v1/batch') && response.status() === 200) accepted += (await response.json()).accepted;
    });

    await shop.goto(`http://localhost:${ports.storefront}/`);
    await shop.getByRole('button', { name: 'View' }).first().click();
    await shop.getByRole('button', { name: 'Add to cart' }).click();
    await shop.getByRole('button', { name: 'Checkout' }).click();
    await shop.getByRole('button', { name: 'Place order' }).click();
    expect(await shop.locator('#order-number').textContent()).toMatch(/^Order LL-[0-9A-Z]+ is confirmed\.$/);
    await shop.evaluate(() => window.vitrine.flush());

    // page_view, view_item_list, select_item, view_item, add_to_cart, begin_checkout, purchase.
    await expect.poll(() => accepted, { timeout: 15_000 }).toBe(7);
    expect(preflights).toEqual([]);
    const sent = batchRequests[0]!;
    expect(sent.headers()['content-type']).toMatch(/^text\/plain/);
    const body = JSON.parse(sent.postData()!);
    expect(body).toMatchObject({ v: 1, site: 'demo' });
    expect(body.events[0]).toMatchObject({ name: 'page_view', url: `http://localhost:${ports.storefront}/` });

    const admin = await browser.newPage();
    await admin.goto(`http://localhost:${ports.admin}/`);
    const counts = admin.locator('vitrine-funnel [part~="step-count"]');
    await expect.poll(() => counts.count(), { timeout: 15_000 }).toBe(4);
    expect(await counts.allTextContents()).toEqual(['1', '1', '1', '1']);
    const steps = await admin.locator('vitrine-funnel [part~="step"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-step')));
    expect(steps).toEqual(['page_view', 'view_item', 'add_to_cart', 'purchase']);
  });

  it('stops cleanly on SIGTERM, committing and checkpointing the collector', async () => {
    demo.child.kill('SIGTERM');
    expect(await demo.exited).toBe(0);
  });
});

declare global {
  interface Window {
    vitrine: { flush(): unknown };
  }
}
