// A Rollup plugin for the IIFE (dist/vitrine-widgets.js, whose 40 KB budget it pays for):
// it cuts the parts of uPlot that no widget uses, so that terser can drop their code.
// The ESM build leaves uPlot an import and is not touched. What the widgets never use:
// - the static helpers (`uPlot.join`, `uPlot.sync`, …) and the stepped and spline path
//   builders, which only those statics reach (widgets use `paths.bars`, `tzDate`, `pxRatio`);
// - the legend (every chart sets `legend: { show: false }`: numbers are text in the shadow DOM);
// - the selection box (every chart sets `select: { show: false }`; there is no zoom);
// - mode 2 (faceted scatter plots): every chart is mode 1, aligned x values.
// A chart that later wants one of these must drop the matching rule here.
// Each rule must match: a new uPlot release that renames something fails the build here,
// instead of silently shipping the bytes (or a half-cut uPlot).

/** [what it cuts, pattern, replacement] */
const RULES = [
  ['static helpers', /^uPlot\.(join|sync|assign|fmtNum|rangeNum|rangeLog|rangeAsinh|orient|fmtDate|addGap|clipGaps)\s*=\s*\w+;$/gm, ''],
  ['stepped and spline paths', /^\s*\(paths\.(stepped|spline)\s*=\s*\w+\);$/gm, ''],
  ['the legend', /\bconst showLegend = legend\.show;/g, 'const showLegend = false;'],
  ['the live legend', /\blegend\.(live|show)\b(?!\s*=[^=])/g, 'false'],
  ['the selection box', /\bselect\.show\b(?!\s*=[^=])/g, 'false'],
  ['mode 2', /\bmode == 2\b/g, 'false'],
  ['mode 1 checks', /\bmode == 1\b/g, 'true'],
];

/**
 * Applies {@link RULES} to uPlot's ESM source.
 *
 * @param {string} code - the text of uplot/dist/uPlot.esm.js
 * @returns {string} the trimmed source
 * @throws Error if a rule no longer matches
 */
export function trimUplot(code) {
  return RULES.reduce((out, [what, pattern, replacement]) => {
    const next = out.replace(pattern, replacement);
    if (next === out) throw new Error(`trim-uplot: uPlot changed, "${what}" no longer matches`);
    return next;
  }, code);
}

/** @returns {import('rollup').Plugin} */
export function trimUplotPlugin() {
  return {
    name: 'trim-uplot',
    transform(code, id) {
      return id.endsWith('uPlot.esm.js') ? { code: trimUplot(code), map: null } : null;
    },
  };
}
