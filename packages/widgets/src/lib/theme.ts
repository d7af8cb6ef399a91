/**
 * Theme colors for canvas drawing. CSS styles the DOM parts of a widget directly,
 * but a canvas needs concrete values, so the chart reads them from the host's
 * computed style. The defaults live only in CSS (see styles/base.ts, which resolves
 * every `--vitrine-*` property into a private `--_*` one, light or dark), so there is
 * one source of truth.
 */

/** Resolved colors and font for drawing a chart. */
export interface ChartTheme {
  /** Bars and the first line: `--vitrine-accent`. */
  accent: string;
  /** Axis labels: `--vitrine-muted`. */
  muted: string;
  /** Grid lines and axis ticks: `--vitrine-grid`. */
  grid: string;
  /** Font family: `--vitrine-font`. */
  font: string;
  /** The background a PNG export is flattened on: `--vitrine-bg`, else the page's. */
  background: string;
  /** Line colors by series: `--vitrine-series-1` … `--vitrine-series-4`, repeating. */
  series: string[];
}

/**
 * Reads the chart theme from an element's computed style. Cheap enough to call on
 * every draw, which is what lets a theme change show up on the next redraw.
 *
 * @param element - the widget host (its shadow styles define the `--_*` properties)
 */
export function readChartTheme(element: Element): ChartTheme {
  const style = getComputedStyle(element);
  const read = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  return {
    accent: read('--_accent', '#4f46e5'),
    muted: read('--_muted', '#6b7280'),
    grid: read('--_grid', '#e5e7eb'),
    font: read('--_font', 'system-ui, sans-serif'),
    background: read('--_canvas', '#fff'),
    series: [1, 2, 3, 4].map((n) => read(`--_series-${n}`, '#4f46e5')),
  };
}
