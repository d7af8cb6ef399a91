// Bundles the browser packages. tsc (`tsc -b`) type-checks everything and emits the
// Node packages and all declarations; Rollup turns the browser sources into what a
// store or an admin page loads. Size budgets are checked by bench/size.mjs.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import replace from '@rollup/plugin-replace';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { cssText } from './scripts/css-text.mjs';
import { customElementsManifest } from './packages/widgets/scripts/custom-elements-manifest.mjs';
import { minifyTemplates } from './packages/widgets/scripts/minify-templates.mjs';
import { cleanDir } from './packages/widgets/scripts/clean-dir.mjs';
import { trimUplotPlugin } from './packages/widgets/scripts/trim-uplot.mjs';

const ts = (target = 'es2020') => esbuild({ target, tsconfig: false, loaders: { '.ts': 'ts' } });
const minify = () =>
  terser({ ecma: 2020, module: true, compress: { passes: 3, unsafe_arrows: true }, mangle: { properties: false }, format: { comments: false } });

/**
 * The tracker's script tags count every byte against a 4 KB budget (bench/budgets.json),
 * so they get more of terser than other bundles:
 * - `unsafe` and `pure_getters`: the tracker's own code never relies on a getter's side
 *   effect nor on the builtins' being redefined (`booleans_as_integers` is NOT safe:
 *   `on('')` compares with `false`);
 * - property mangling, for exactly the internal property names below, which neither the
 *   wire format, nor `window.vitrine`, nor the script tag's `data-*` settings use. A name
 *   added here must stay internal: a wire prop of the same name would be renamed;
 * - ES2021 (`??=`, `||=`), which every browser a shop supports has run since 2020.
 */
const INTERNAL_PROPERTIES = /^(sending|record|gone|readMs|onView|onLeave|settings|ids|keepOnDevice|persistTo|jsonText|jsonBytes|retryNow|droppedCount)$/;
const minifyTracker = () =>
  terser({
    ecma: 2021,
    module: true,
    // Measured on dist/vitrine.js: `inline: 1` (only trivial functions are inlined: copies of
    // larger bodies compress worse than calls) and `booleans_as_integers` (true/false as 1/0:
    // the tracker only tests its booleans or hands them to WebIDL, which converts) save 20 B.
    compress: { passes: 5, unsafe_arrows: true, unsafe: true, unsafe_methods: true, pure_getters: true, inline: 1, booleans_as_integers: true },
    mangle: { properties: { regex: INTERNAL_PROPERTIES } },
    format: { comments: false },
  });

// TypeBox and uPlot have harmless internal import cycles; a cycle in our own code still warns.
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  warn(warning);
};

// Widgets run where lit does (ES2021+ browsers): ES2022 keeps #private fields native
// instead of WeakMap helpers (`ts('es2022')`). Their templates are squeezed after esbuild.
// Reading a property has no side effects in lit or uPlot (getters only compute).
const minifyWidgets = () =>
  terser({ ecma: 2020, module: true, compress: { passes: 3, unsafe_arrows: true, pure_getters: true }, format: { comments: false } });
const ownWidgetCode = (id) => id.includes('/packages/widgets/src/');

/** @type {import('rollup').RollupOptions[]} */
export default [
  // Tracker for the script tag: self-contained IIFEs, the size-budgeted files. `__VITALS__`
  // is a build-time switch: the core build drops the web-vitals capture (and web-vitals).
  ...[
    ['vitrine.js', false],
    ['vitrine.full.js', true],
  ].map(([file, vitals]) => ({
    input: 'packages/tracker/src/script-tag.ts',
    // Hidden source maps: the map is published beside the file, but the file does not pay
    // the bytes of a `sourceMappingURL` comment on every page view.
    output: { file: `packages/tracker/dist/${file}`, format: 'iife', sourcemap: 'hidden', plugins: [minifyTracker()] },
    onwarn,
    plugins: [replace({ preventAssignment: true, values: { __VITALS__: String(vitals) } }), nodeResolve({ extensions: ['.ts', '.js'] }), ts('es2021')],
  })),
  // Tracker for npm (`import { init, track } from '@vitrine/tracker'`): ESM, dependencies left to the app's bundler.
  {
    input: 'packages/tracker/src/index.ts',
    output: { file: 'packages/tracker/dist/index.js', format: 'es', sourcemap: true },
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@vitrine/'),
    onwarn,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ts()],
  },
  // Widgets for a plain <script> tag: an IIFE defining every element, with lit, uPlot and
  // its CSS inside. The production build of lit, as the browser tests use; uPlot without
  // the parts no widget uses (packages/widgets/scripts/trim-uplot.mjs).
  {
    input: 'packages/widgets/src/vitrine-widgets.ts',
    // Hidden source map, as for the tracker: the map ships beside the file, the file does not carry the comment.
    output: { file: 'packages/widgets/dist/vitrine-widgets.js', format: 'iife', sourcemap: 'hidden', plugins: [minifyWidgets()] },
    onwarn,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'], exportConditions: ['production'] }), trimUplotPlugin(), cssText(), ts('es2022'), minifyTemplates({ include: ownWidgetCode })],
  },
  // Widgets for npm: lit and uPlot stay imports so an app that already has them loads them
  // once; one entry per element (dist/vitrine-trend.js defines only <vitrine-trend>) plus
  // dist/index.js; then dist/custom-elements.json.
  {
    input: Object.fromEntries([
      ['index', 'packages/widgets/src/index.ts'],
      ...['provider', 'funnel', 'trend', 'kpi', 'breakdown', 'retention', 'content', 'commerce', 'vitals', 'dashboard'].map((name) => [`vitrine-${name}`, `packages/widgets/src/elements/vitrine-${name}.ts`]),
    ]),
    output: { dir: 'packages/widgets/dist', format: 'es', sourcemap: true, entryFileNames: '[name].js', chunkFileNames: 'chunks/[name]-[hash].js' },
    external: (id) => /^(lit|@lit\/|uplot$)/.test(id),
    onwarn,
    plugins: [cleanDir('packages/widgets/dist/chunks'), nodeResolve({ extensions: ['.ts', '.js'] }), cssText(), ts('es2022'), minifyTemplates({ include: ownWidgetCode }), customElementsManifest()],
  },
];
