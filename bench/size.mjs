// Prints the raw, gzip and brotli sizes of Vitrine's browser bundles against their
// budgets, beside the same figures for peers' trackers, measured from the files their
// packages publish, as installed in bench/node_modules (bench/package.json's dev
// dependencies), never quoted.
//
// Umami's tracker is built from its published source (see `umami` in lib/peer-trackers.mjs).
//
// Run after `pnpm build`:  pnpm bench   (or node bench/size.mjs)
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { installed, umami } from './lib/peer-trackers.mjs';

const bench = dirname(fileURLToPath(import.meta.url));
const root = dirname(bench);
const budgets = JSON.parse(readFileSync(join(bench, 'budgets.json'), 'utf8'));

/** Raw, gzip -9 and brotli -11 sizes of a file's bytes (gzip as test/budgets.test.ts measures it). */
function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const rows = [];
for (const [file, budget] of Object.entries(budgets)) {
  if (file.startsWith('$')) continue;
  const path = join(root, file);
  const name = `Vitrine ${file.split('/').at(-1)}`;
  if (!existsSync(path)) {
    rows.push({ name, note: 'not built yet: pnpm build' });
    continue;
  }
  const s = sizes(readFileSync(path));
  rows.push({ name, ...s, budget, note: s.gzip <= budget ? 'within budget' : 'OVER BUDGET' });
}

const peers = [
  ['Plausible', () => installed('@plausible-analytics/tracker', 'plausible.js'), 'bench/node_modules/@plausible-analytics/tracker/plausible.js'],
  ['Snowplow browser tracker', () => installed('@snowplow/browser-tracker', 'dist/index.umd.min.js'), 'bench/node_modules/@snowplow/browser-tracker/dist/index.umd.min.js'],
  ['PostHog array.js', () => installed('posthog-js', 'dist/array.js'), 'bench/node_modules/posthog-js/dist/array.js'],
  ['Umami', umami, 'umami src/tracker/index.js (npm pack), minified as Umami builds it'],
];
for (const [name, load, note] of peers) {
  try {
    const { bytes, version } = await load();
    rows.push({ name: `${name} ${version}`, ...sizes(bytes), note });
  } catch (error) {
    rows.push({ name, note: `not measured: ${error.message.split('\n')[0]}` });
  }
}
for (const name of ['Matomo', 'GA4 gtag.js']) rows.push({ name, note: 'not on npm, not measured' });

const fmt = (n) => (n === undefined ? '' : n.toLocaleString('en-US'));
const table = [
  ['bundle', 'raw B', 'gzip B', 'brotli B', 'budget (gzip)', 'source'],
  ...rows.map((r) => [r.name, fmt(r.raw), fmt(r.gzip), fmt(r.brotli), fmt(r.budget), r.note]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => (c > 0 && c < 5 ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
