// Prints the gzip/brotli size of Vitrine's browser bundles against their budgets, beside
// the same figures for peers' trackers, measured from the files they publish on npm.
// Run after `pnpm build`:  pnpm bench   (or node bench/size.mjs)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const budgets = JSON.parse(readFileSync(join(root, 'bench/budgets.json'), 'utf8'));
const cache = join(root, 'bench/.cache');

/** Raw, gzip -9 and brotli -11 sizes of a file's bytes. */
function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Fetches `pkg` from the npm registry once (npm pack) and returns one file of it. */
function peerFile(pkg, file) {
  mkdirSync(cache, { recursive: true });
  const dir = join(cache, pkg.replace('/', '__'));
  if (!existsSync(join(dir, 'package', file))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', pkg, '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'ignore'] });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir]);
  }
  const version = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8')).version;
  return { bytes: readFileSync(join(dir, 'package', file)), version };
}

const rows = [];
for (const [file, budget] of Object.entries(budgets)) {
  if (file.startsWith('$')) continue;
  const path = join(root, file);
  if (!existsSync(path)) {
    rows.push({ name: `vitrine ${file.split('/').at(-1)}`, note: 'not built yet' });
    continue;
  }
  const s = sizes(readFileSync(path));
  rows.push({ name: `vitrine ${file.split('/').at(-1)}`, ...s, budget, note: s.gzip <= budget ? 'within budget' : 'OVER BUDGET' });
}

const peers = [
  ['Plausible', '@plausible-analytics/tracker', 'plausible.js'],
  ['Snowplow browser tracker', '@snowplow/browser-tracker', 'dist/index.umd.min.js'],
  ['PostHog (array.js snippet bundle)', 'posthog-js', 'dist/array.js'],
];
for (const [name, pkg, file] of peers) {
  try {
    const { bytes, version } = peerFile(pkg, file);
    rows.push({ name: `${name} ${version}`, ...sizes(bytes), note: `npm ${pkg}/${file}` });
  } catch {
    rows.push({ name, note: `not measured: npm registry unreachable` });
  }
}
for (const name of ['Umami', 'Matomo', 'GA4 gtag.js']) rows.push({ name, note: 'not published on npm; not measured here' });

const fmt = (n) => (n === undefined ? '' : n.toLocaleString('en-US'));
const table = [
  ['bundle', 'raw B', 'gzip B', 'brotli B', 'budget (gzip)', 'note'],
  ...rows.map((r) => [r.name, fmt(r.raw), fmt(r.gzip), fmt(r.brotli), fmt(r.budget), r.note]),
];
const widths = table[0].map((_, i) => Math.max(...table.map((row) => String(row[i]).length)));
for (const [i, row] of table.entries()) {
  console.log(row.map((cell, c) => (c > 0 && c < 5 ? String(cell).padStart(widths[c]) : String(cell).padEnd(widths[c]))).join('  '));
  if (i === 0) console.log(widths.map((w) => '-'.repeat(w)).join('  '));
}
