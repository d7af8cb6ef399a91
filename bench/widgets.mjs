// The widgets' two budgets (issue 6), printed as tables; a benchmark never fails a build
// (test/budgets.test.ts asserts the size budget).
//
// 1. Size: the whole IIFE, dist/vitrine-widgets.js (every element, lit, uPlot and its
//    CSS), min + gzip -9, beside Chart.js and ECharts builds of a comparable line chart
//    (a time axis, several series, a dashed one, tooltips): each peer is bundled here
//    from bench/node_modules with the same Rollup + terser settings as ours, then measured.
//    Then where its bytes go: each element (what leaving it out of the IIFE saves), lit
//    and uPlot alone, built with the repository's own Rollup config.
// 2. Speed: <vitrine-trend> with 365 days × 4 series, from the moment the report's
//    response arrives to the chart drawn (its `vitrine-data` event, after which uPlot's
//    canvas holds the lines), median and worst of several runs in headless Chromium
//    (playwright-core, /usr/bin/chromium). Budget: 30 ms.
//
// Run after `pnpm build` (rollup -c):  node bench/widgets.mjs
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import { chromium } from 'playwright-core';
import { rollup } from 'rollup';

const bench = dirname(fileURLToPath(import.meta.url));
const root = dirname(bench);
const cache = join(bench, '.cache/widgets');
const IIFE = join(root, 'packages/widgets/dist/vitrine-widgets.js');
const SIZE_BUDGET = JSON.parse(readFileSync(join(bench, 'budgets.json'), 'utf8'))['packages/widgets/dist/vitrine-widgets.js'];
const RENDER_BUDGET_MS = 30;

const gzip = (bytes) => gzipSync(bytes, { level: 9 }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const exact = (bytes) => `${kb(bytes)} (${bytes} B)`;
const version = (pkg) => JSON.parse(readFileSync(join(bench, 'node_modules', pkg, 'package.json'), 'utf8')).version;

/** The comparable line chart, written with each peer's own tree-shakable API. */
const PEERS = {
  'Chart.js (line only)': {
    pkg: 'chart.js',
    source: `
      import { Chart, LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler } from 'chart.js';
      Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip, Legend, Filler);
      const labels = Array.from({ length: 30 }, (_, i) => 'Day ' + (i + 1));
      new Chart(document.querySelector('canvas'), {
        type: 'line',
        data: { labels, datasets: [
          { label: 'Visitors', data: labels.map((_, i) => i * 3) },
          { label: 'Previous period', data: labels.map((_, i) => i * 2), borderDash: [5, 4] },
        ] },
        options: { interaction: { mode: 'index', intersect: false } },
      });`,
  },
  'ECharts (core, line only)': {
    pkg: 'echarts',
    source: `
      import * as echarts from 'echarts/core';
      import { LineChart } from 'echarts/charts';
      import { GridComponent, TooltipComponent, LegendComponent } from 'echarts/components';
      import { CanvasRenderer } from 'echarts/renderers';
      echarts.use([LineChart, GridComponent, TooltipComponent, LegendComponent, CanvasRenderer]);
      const days = Array.from({ length: 30 }, (_, i) => i);
      echarts.init(document.querySelector('div')).setOption({
        xAxis: { type: 'time' }, yAxis: { type: 'value' }, tooltip: { trigger: 'axis' }, legend: {},
        series: [
          { type: 'line', name: 'Visitors', data: days.map((d) => [d * 864e5, d * 3]) },
          { type: 'line', name: 'Previous period', data: days.map((d) => [d * 864e5, d * 2]), lineStyle: { type: 'dashed' } },
        ],
      });`,
  },
};

/** Bundles a peer's chart as an IIFE with our settings (rollup, node-resolve, terser) and returns its bytes. */
async function buildPeer(name, { source }) {
  mkdirSync(cache, { recursive: true });
  const entry = join(cache, `${name.replace(/\W+/g, '-')}.mjs`);
  writeFileSync(entry, source);
  const build = await rollup({
    input: entry,
    onwarn: () => {},
    plugins: [
      replace({ preventAssignment: true, values: { 'process.env.NODE_ENV': '"production"', __DEV__: 'false' } }),
      nodeResolve({ rootDir: bench, modulePaths: [join(bench, 'node_modules')] }),
    ],
  });
  const { output } = await build.generate({
    format: 'iife',
    plugins: [terser({ ecma: 2020, module: true, compress: { passes: 3, unsafe_arrows: true }, format: { comments: false } })],
  });
  return Buffer.from(output[0].code);
}

/**
 * Where the IIFE's bytes go: builds it with the repository's own Rollup config, once as
 * is, then once without each element (its import left out of the entry; what only it
 * uses goes with it), and once with uPlot, lit and @lit/context alone. Returns gzip -9
 * sizes (no source-map comment, so a few bytes under the file's).
 */
async function iifeBreakdown() {
  const config = (await import(join(root, 'rollup.config.mjs'))).default.find((c) => c.output?.file?.endsWith('vitrine-widgets.js'));
  const entry = readFileSync(join(root, config.input), 'utf8');
  const elements = [...entry.matchAll(/^import '\.\/elements\/(vitrine-[\w-]+)\.js';$/gm)].map((m) => m[1]).filter((name) => name !== 'vitrine-dashboard');
  const build = async (code) => {
    // The entry is virtual; its imports resolve as if it were the real entry file.
    const virtual = {
      name: 'entry',
      resolveId(id, importer) {
        if (id === '\0entry') return id;
        return importer === '\0entry' ? this.resolve(id, join(root, config.input), { skipSelf: true }) : null;
      },
      load: (id) => (id === '\0entry' ? code : null),
    };
    const bundle = await rollup({ ...config, input: '\0entry', onwarn: () => {}, plugins: [virtual, ...config.plugins] });
    const { output } = await bundle.generate({ ...config.output, file: undefined, sourcemap: false });
    return gzip(output[0].code);
  };
  // The dashboard imports every element it lays out: elements are measured without it.
  const lines = entry.split('\n').filter((line) => !line.includes('vitrine-dashboard'));
  const whole = await build(entry);
  const base = await build(lines.join('\n'));
  const rows = [['(all)', whole], ['<vitrine-dashboard>', whole - base]];
  for (const name of elements) rows.push([`<${name}>`, base - (await build(lines.filter((line) => !line.includes(`/${name}.js'`)).join('\n')))]);
  rows.push(['lit + @lit/context', await build("import { LitElement, html, css } from 'lit'; import { ContextProvider, ContextConsumer } from '@lit/context'; window.x = [LitElement, html, css, ContextProvider, ContextConsumer];")]);
  rows.push(['uPlot (trimmed)', await build("import uPlot from 'uplot'; window.x = uPlot;")]);
  return rows;
}

/** Renders <vitrine-trend> with 365 × 4 points `runs` times; milliseconds from response to drawn chart. */
async function renderTimes(runs = 22) {
  const browser = await chromium.launch({ executablePath: process.env.CHROME_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1200, height: 800 } });
    await page.setContent('<!doctype html><body style="margin:0;width:1000px"></body>');
    await page.addScriptTag({ content: readFileSync(IIFE, 'utf8') });
    return await page.evaluate(async (runs) => {
      const days = 365;
      const start = Date.UTC(2025, 0, 1) / 1000;
      const xs = Array.from({ length: days }, (_, d) => start + d * 86400);
      const metrics = ['visitors', 'sessions', 'pageviews', 'orders'];
      const period = (k) => ({
        from: '2025-01-01T00:00:00Z',
        to: '2026-01-01T00:00:00Z',
        data: [xs, ...metrics.map((_, m) => xs.map((_, d) => Math.round(1000 * k + 300 * Math.sin(d / 9 + m) + d)))],
        buckets: xs.map((x) => new Date(x * 1000).toISOString().slice(0, 10)),
        totals: Object.fromEntries(metrics.map((key) => [key, 123456])),
        money: { revenue: {}, refunds: {}, orders: {}, aov: {} },
      });
      const body = JSON.stringify({
        site: 'bench', from: '2025-01-01T00:00:00Z', to: '2026-01-01T00:00:00Z', tz: 'UTC', currency: 'USD', filters: [],
        compare: null, interval: 'day', metrics: metrics.map((key) => ({ key, label: key, unit: 'visitors' })),
        current: period(1), previous: null,
      });
      let arrived = 0;
      // The collector's answer, from memory: the clock starts when the response is handed over.
      window.fetch = async () => {
        arrived = performance.now();
        return new Response(body, { headers: { 'content-type': 'application/json' } });
      };
      const times = [];
      for (let run = 0; run < runs; run++) {
        const el = document.createElement('vitrine-trend');
        el.setAttribute('metrics', metrics.join(','));
        el.setAttribute('compare', 'none');
        el.setAttribute('site', 'bench');
        el.setAttribute('endpoint', `https://stats.example.test/${run}`);
        const drawn = new Promise((resolve) => el.addEventListener('vitrine-data', resolve, { once: true }));
        document.body.append(el);
        await drawn;
        // uPlot commits its first draw in a microtask after creation; reading a pixel waits for it.
        el.shadowRoot.querySelector('canvas').getContext('2d').getImageData(0, 0, 1, 1);
        times.push(performance.now() - arrived);
        el.remove();
      }
      return times;
    }, runs);
  } finally {
    await browser.close();
  }
}

const iife = readFileSync(IIFE);
const elementCount = (readFileSync(join(root, 'packages/widgets/src/vitrine-widgets.ts'), 'utf8').match(/^import '/gm) ?? []).length;
const rows = [{ bundle: `vitrine-widgets.js (all ${elementCount} elements, lit, uPlot)`, raw: iife.length, gzip: gzip(iife), budget: SIZE_BUDGET }];
for (const [name, peer] of Object.entries(PEERS)) {
  const bytes = await buildPeer(name, peer);
  rows.push({ bundle: `${name} ${version(peer.pkg)}`, raw: bytes.length, gzip: gzip(bytes) });
}
console.log('Widget bundle size (min, gzip -9)\n');
console.log('| bundle | min | min+gzip | budget |\n|---|---:|---:|---:|');
for (const row of rows) {
  const budget = row.budget ? `${kb(row.budget)} ${row.gzip <= row.budget ? 'ok' : 'OVER'}` : '';
  console.log(`| ${row.bundle} | ${kb(row.raw)} | ${exact(row.gzip)} | ${budget} |`);
}

console.log('\nWhere the IIFE\'s bytes go (gzip -9; an element: what leaving it out saves)\n');
console.log('| part | gzip |\n|---|---:|');
for (const [part, bytes] of await iifeBreakdown()) console.log(`| ${part} | ${bytes} B |`);

const times = (await renderTimes()).slice(2); // the first runs include compiling the code paths
times.sort((a, b) => a - b);
const median = times[Math.floor(times.length / 2)];
const p90 = times[Math.floor(times.length * 0.9)];
const worst = times.at(-1);
console.log('\n<vitrine-trend> first render after the data arrives, 365 days × 4 series (headless Chromium)\n');
console.log('| runs | median | p90 | worst | budget (median) |\n|---:|---:|---:|---:|---:|');
console.log(
  `| ${times.length} | ${median.toFixed(1)} ms | ${p90.toFixed(1)} ms | ${worst.toFixed(1)} ms | ${RENDER_BUDGET_MS} ms ${median <= RENDER_BUDGET_MS ? 'ok' : 'OVER'} |`,
);
