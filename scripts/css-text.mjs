/**
 * A Rollup plugin that imports `.css` files as a string (`import css from 'x.css'`), so that
 * widgets can adopt a stylesheet (uPlot's) into their shadow roots. It is used by the
 * production build and, through @web/dev-server-rollup, by the browser tests.
 * @returns {import('rollup').Plugin}
 */
export function cssText() {
  return {
    name: 'css-text',
    transform(code, id) {
      if (!id.endsWith('.css')) return null;
      return { code: `export default ${JSON.stringify(code)};`, map: { mappings: '' } };
    },
  };
}
