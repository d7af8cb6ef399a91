// Takes the README's screenshots (docs/screenshots/*.png) with headless Chromium: the
// demo (`demo/start.mjs`, seeded with its simulated history) is started on free ports
// with a fresh database, and the admin dashboard is captured in English/light and in
// zh-CN/dark, plus the storefront's home page.
//
//   pnpm build && node scripts/screenshots.mjs
//
// Chinese needs a CJK font on the machine (Debian: `apt-get install fonts-noto-cjk`);
// without one, Chromium draws boxes, so the script refuses to run.
import { execFileSync, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const out = join(root, 'docs/screenshots');

if (!execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim()) {
  console.error('No CJK font: install one (Debian: apt-get install fonts-noto-cjk) so that zh-CN renders.');
  process.exit(1);
}

const freePort = () => new Promise((resolve) => {
  const server = createServer().listen(0, '127.0.0.1', () => {
    const { port } = server.address();
    server.close(() => resolve(port));
  });
});

const dir = mkdtempSync(join(tmpdir(), 'vitrine-screens-'));
const ports = { collector: await freePort(), storefront: await freePort(), admin: await freePort() };
const demo = spawn(process.execPath, [join(root, 'demo/start.mjs')], {
  env: { ...process.env, VITRINE_PORT: String(ports.collector), STOREFRONT_PORT: String(ports.storefront), ADMIN_PORT: String(ports.admin), VITRINE_DEMO_DB: join(dir, 'demo.duckdb') },
  stdio: ['ignore', 'pipe', 'inherit'],
});
await new Promise((resolve, reject) => {
  let text = '';
  demo.stdout.on('data', (chunk) => {
    text += chunk;
    if (text.includes('Press Ctrl-C to stop.')) resolve();
  });
  demo.once('exit', (code) => reject(new Error(`the demo exited with ${code}:\n${text}`)));
});

const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });

/** Opens a page and waits until every widget on it has settled (no loading skeleton left). */
async function capture(url, file, { colorScheme = 'light', locale = 'en-US', height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height }, deviceScaleFactor: 1, colorScheme, locale });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => {
    const widgets = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        if (el.localName.startsWith('vitrine-') && 'status' in el) widgets.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    return widgets.every((w) => w.status === 'ready' || w.status === 'empty' || w.status === 'error');
  }, undefined, { timeout: 30_000, polling: 200 });
  // Charts draw on the next frame after their data; wait for two.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: join(out, file), fullPage: true });
  await context.close();
  console.log(`wrote docs/screenshots/${file}`);
}

try {
  mkdirSync(out, { recursive: true });
  const admin = `http://localhost:${ports.admin}`;
  await capture(`${admin}/?range=30d&locale=en&theme=light`, 'dashboard-en-light.png');
  await capture(`${admin}/?range=30d&locale=zh-CN&theme=dark`, 'dashboard-zh-CN-dark.png', { colorScheme: 'dark', locale: 'zh-CN' });
  await capture(`http://localhost:${ports.storefront}/`, 'storefront.png', { height: 800 });
} finally {
  await browser.close();
  demo.kill('SIGTERM');
  await new Promise((resolve) => demo.once('exit', resolve));
  rmSync(dir, { recursive: true, force: true });
}
