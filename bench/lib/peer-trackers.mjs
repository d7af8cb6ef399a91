// Peers' browser trackers, as the benches load them: from the packages installed in
// bench/node_modules (bench/package.json's dev dependencies), and Umami's built from its
// published source. Measured, never quoted.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const bench = dirname(dirname(fileURLToPath(import.meta.url)));

/** A file of a package installed in bench/node_modules, and the package's version. */
export function installed(pkg, file) {
  const dir = join(bench, 'node_modules', pkg);
  return { bytes: readFileSync(join(dir, file)), version: JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).version };
}

/**
 * Umami's tracker, built as Umami builds it, from the `umami` package's source.
 *
 * Umami's tracker is not a package of its own: the `umami` package ships its source,
 * src/tracker/index.js, unminified. It is fetched once with `npm pack umami` into
 * bench/.cache (gitignored) and minified as Umami's own build does (rollup, IIFE,
 * terser with `compress.evaluate: false`; rollup.tracker.config.mjs in that package).
 */
export async function umami() {
  const dir = join(bench, '.cache/umami');
  const source = join(dir, 'package/src/tracker/index.js');
  if (!existsSync(source) || !existsSync(join(dir, 'package/package.json'))) {
    mkdirSync(dir, { recursive: true });
    execFileSync('npm', ['pack', 'umami', '--silent', '--pack-destination', dir], { stdio: ['ignore', 'ignore', 'ignore'] });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    if (!tarball) throw new Error('npm pack umami failed (no registry?)');
    execFileSync('tar', ['-xzf', join(dir, tarball), '-C', dir, 'package/package.json', 'package/src/tracker/index.js']);
  }
  const { rollup } = await import('rollup');
  const { default: terser } = await import('@rollup/plugin-terser');
  // Umami's build also replaces '/api/send' with a configured endpoint; the default keeps the same length.
  const build = await rollup({ input: source, onwarn: () => {} });
  const { output } = await build.generate({ format: 'iife', plugins: [terser({ compress: { evaluate: false } })] });
  const version = JSON.parse(readFileSync(join(dir, 'package/package.json'), 'utf8')).version;
  return { bytes: Buffer.from(output[0].code), version };
}

/** The product line of the benches' add_to_cart, in each tracker's own terms below. */
const ITEM = `{ item_id: 'SKU-' + i, item_name: '丝绸围巾 Silk scarf', price: 199, quantity: 1, item_category: 'Scarves' }`;

/**
 * How the main-thread bench drives each peer: the page's `<head>` (given the stand-in
 * collector's URL; scripts are served from `/t/<file>`), when it is ready, an
 * add_to_cart for event `i` as its own API records one (with the same product line, as
 * its props), and how many add_to_cart events a request to the collector carried.
 * Each is loaded with its defaults, but for what would add other events (automatic
 * page views, autocapture, session recording).
 *
 * @returns {Promise<Array<{ name: string, files: Record<string, Buffer>, head(collector: string): string, ready: string, trackOne: string, track: string, count(url: string, body: Buffer): number }>>}
 */
export async function peerTrackers() {
  const plausible = installed('@plausible-analytics/tracker', 'plausible.js');
  const snowplow = installed('@snowplow/browser-tracker', 'dist/index.umd.min.js');
  const posthog = installed('posthog-js', 'dist/array.js');
  const umamiBuild = await umami();
  /** The JSON of a request body, or undefined. */
  const json = (body) => {
    try {
      return JSON.parse(body.toString());
    } catch {
      return undefined;
    }
  };
  return [
    {
      // One fetch per event, with `Content-Type: application/json`: a CORS preflight each, cross-origin.
      name: `Umami ${umamiBuild.version}`,
      files: { 'umami.js': umamiBuild.bytes },
      head: (collector) => `<script defer src="/t/umami.js" data-website-id="00000000-0000-0000-0000-000000000000" data-host-url="${collector}" data-auto-track="false"></script>`,
      ready: `typeof window.umami?.track == 'function'`,
      track: 'umami.track',
      trackOne: `(i) => umami.track('add_to_cart', { currency: 'CNY', value: 199, ...${ITEM} })`,
      count: (url, body) => (url.startsWith('/api/send') && json(body)?.payload?.name == 'add_to_cart' ? 1 : 0),
    },
    {
      // One keepalive fetch per event.
      name: `Plausible ${plausible.version}`,
      files: { 'plausible.js': plausible.bytes },
      head: (collector) => `<script type="module">import { init, track } from '/t/plausible.js';
init({ domain: 'bench.example', endpoint: '${collector}/api/event', autoCapturePageviews: false, captureOnLocalhost: true, logging: false });
window.plausibleTrack = track;</script>`,
      ready: `typeof window.plausibleTrack == 'function'`,
      track: 'plausibleTrack',
      trackOne: `(i) => plausibleTrack('add_to_cart', { props: ${ITEM}, revenue: { amount: 199, currency: 'CNY' } })`,
      count: (url, body) => (url.startsWith('/api/event') && json(body)?.n == 'add_to_cart' ? 1 : 0),
    },
    {
      // POST, its default buffer of one event per request, and its localStorage outbox.
      name: `Snowplow ${snowplow.version}`,
      files: { 'snowplow.js': snowplow.bytes },
      head: (collector) => `<script src="/t/snowplow.js"></script><script>
snowplowBrowserTracking.newTracker('sp', '${collector}', { appId: 'bench', eventMethod: 'post' });
window.snowplowTrack = (data) => snowplowBrowserTracking.trackSelfDescribingEvent({ event: { schema: 'iglu:com.example/add_to_cart/jsonschema/1-0-0', data } });</script>`,
      ready: `typeof window.snowplowTrack == 'function'`,
      track: 'snowplowTrack',
      trackOne: `(i) => snowplowTrack({ currency: 'CNY', value: 199, items: [${ITEM}] })`,
      count: (url, body) => (url.includes('/tp2') ? (json(body)?.data ?? []).filter((event) => event.e == 'ue' && /add_to_cart/.test(event.ue_pr ?? Buffer.from(event.ue_px ?? '', 'base64').toString())).length : 0),
    },
    {
      // Batched every few seconds, gzip-compressed in the page.
      name: `PostHog array.js ${posthog.version}`,
      files: { 'posthog.js': posthog.bytes },
      head: (collector) => `<script src="/t/posthog.js"></script><script>
posthog.init('phc_bench', { api_host: '${collector}', autocapture: false, capture_pageview: false, capture_pageleave: false, disable_session_recording: true, disable_surveys: true, capture_performance: false, advanced_disable_flags: true,
  // Its bot filter drops every event from HeadlessChrome's user agent.
  opt_out_useragent_filter: true });
</script>`,
      ready: `typeof window.posthog?.capture == 'function' && !!window.posthog.__loaded`,
      track: 'posthog.capture',
      trackOne: `(i) => posthog.capture('add_to_cart', { currency: 'CNY', value: 199, items: [${ITEM}] })`,
      count: (url, body) => {
        if (!/^\/(e|i\/v0\/e|batch)\//.test(url)) return 0;
        // Gzip-compressed by the page (its magic bytes; the URL does not always say so).
        const parsed = json(body[0] == 0x1f && body[1] == 0x8b ? gunzipSync(body) : body);
        const events = Array.isArray(parsed) ? parsed : (parsed?.batch ?? [parsed]);
        return events.filter((event) => event?.event == 'add_to_cart').length;
      },
    },
  ];
}
