// Bundles the browser packages. tsc (`tsc -b`) type-checks everything and emits the
// Node packages and all declarations; Rollup turns the browser sources into what a
// store or an admin page loads. Size budgets are checked by bench/size.mjs.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import esbuild from 'rollup-plugin-esbuild';
import { cssText } from './scripts/css-text.mjs';

const ts = () => esbuild({ target: 'es2020', tsconfig: false, loaders: { '.ts': 'ts' } });
const minify = () =>
  terser({ ecma: 2020, module: true, compress: { passes: 3, unsafe_arrows: true }, mangle: { properties: false }, format: { comments: false } });

// TypeBox and uPlot have harmless internal import cycles; a cycle in our own code still warns.
const onwarn = (warning, warn) => {
  if (warning.code === 'CIRCULAR_DEPENDENCY' && warning.ids?.every((id) => id.includes('node_modules'))) return;
  warn(warning);
};

/** @type {import('rollup').RollupOptions[]} */
export default [
  // Tracker for the script tag: one self-contained IIFE, the size-budgeted file.
  {
    input: 'packages/tracker/src/script-tag.ts',
    output: { file: 'packages/tracker/dist/vitrine.js', format: 'iife', sourcemap: true, plugins: [minify()] },
    onwarn,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ts()],
  },
  // Tracker for npm (`import { init, track } from '@vitrine/tracker'`): ESM, dependencies left to the app's bundler.
  {
    input: 'packages/tracker/src/index.ts',
    output: { file: 'packages/tracker/dist/index.js', format: 'es', sourcemap: true },
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('@vitrine/'),
    onwarn,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), ts()],
  },
  // Widgets for a <script type="module"> tag: everything (lit, uPlot, its CSS) in one file.
  {
    input: 'packages/widgets/src/index.ts',
    output: { file: 'packages/widgets/dist/vitrine-widgets.js', format: 'es', sourcemap: true, plugins: [minify()] },
    onwarn,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), cssText(), ts()],
  },
  // Widgets for npm: lit and uPlot stay imports so an app that already has them loads them once.
  {
    input: 'packages/widgets/src/index.ts',
    output: { file: 'packages/widgets/dist/index.js', format: 'es', sourcemap: true },
    external: (id) => /^(lit|@lit\/|uplot$)/.test(id),
    onwarn,
    plugins: [nodeResolve({ extensions: ['.ts', '.js'] }), cssText(), ts()],
  },
];
