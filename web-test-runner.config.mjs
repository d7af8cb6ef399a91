// Browser tests for the tracker and widgets, in Debian's headless Chromium (never a
// downloaded browser): CHROME_PATH if set, else /usr/bin/chromium.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { cssText } from './scripts/css-text.mjs';

const cssTextPlugin = fromRollup(cssText);

/** What the stand-in collector below received: the tracker transport's browser test reads it. */
const received = [];

/**
 * A stand-in collector on the test server's own origin, for the tracker's transport,
 * whose worker sends with its own `fetch` (no page stub reaches it):
 * `POST /test-collector/<status>[-<retry-after>]/v1/batch` answers that status (and
 * header); `POST /test-collector/hang/v1/batch` answers nothing for 10 s, a request
 * that stays in flight; `GET /test-collector/received` lists the bodies received, with
 * their `Origin`, oldest first.
 */
async function testCollector(ctx, next) {
  const match = /^\/test-collector\/(?:(\d{3})(?:-(\d+))?|(hang))\/v1\/batch$/.exec(ctx.path);
  if (ctx.path == '/test-collector/received') {
    ctx.body = received;
  } else if (match && ctx.method == 'POST') {
    let body = '';
    for await (const chunk of ctx.req) body += chunk;
    received.push({ path: ctx.path, origin: ctx.get('Origin') || null, body });
    if (match[3]) await new Promise((resolve) => setTimeout(resolve, 10_000));
    ctx.status = Number(match[1] || 200);
    if (match[2]) ctx.set('Retry-After', match[2]);
    ctx.body = '{}';
  } else return next();
}

export default {
  files: ['packages/{tracker,widgets}/src/**/*.browser.test.ts'],
  // The production build of lit, as users get it (and without its dev-mode console warning).
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  mimeTypes: { '**/*.css': 'js' },
  middleware: [testCollector],
  plugins: [cssTextPlugin({ include: ['**/*.css'] }), esbuildPlugin({ ts: true, target: 'es2020' })],
  browsers: [
    chromeLauncher({
      launchOptions: {
        executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
      },
    }),
  ],
};
