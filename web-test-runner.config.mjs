// Browser tests for the tracker and widgets, in Debian's headless Chromium (never a
// downloaded browser): CHROME_PATH if set, else /usr/bin/chromium.
import { chromeLauncher } from '@web/test-runner-chrome';
import { esbuildPlugin } from '@web/dev-server-esbuild';
import { fromRollup } from '@web/dev-server-rollup';
import { cssText } from './scripts/css-text.mjs';

const cssTextPlugin = fromRollup(cssText);

export default {
  files: ['packages/{tracker,widgets}/src/**/*.browser.test.ts'],
  // The production build of lit, as users get it (and without its dev-mode console warning).
  nodeResolve: { exportConditions: ['production'] },
  concurrency: 1,
  testFramework: { config: { timeout: 10000 } },
  mimeTypes: { '**/*.css': 'js' },
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
