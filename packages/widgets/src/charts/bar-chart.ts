import uPlot from 'uplot';
import { readChartTheme } from '../lib/theme.js';

/** Inputs of {@link categoryBarOptions}. Functions are called at draw time, so they see current values. */
export interface CategoryBarOptions {
  /** The element whose theme (`--vitrine-*`) colors the canvas. */
  host: Element;
  /** The category label under each bar, by index. */
  labels: () => readonly string[];
  /** Formats a value for the y axis (e.g. compact: "12K"). */
  formatValue: (value: number) => string;
  /** The series' name (uPlot uses it in its legend, which is hidden; kept for plugins). */
  seriesLabel?: string;
  /** Scale of every CSS length (1 on screen; see `UplotController.png`). */
  zoom?: number;
}

/**
 * uPlot options for one series of bars over categories: x is the category index
 * (0, 1, 2, …) and y the value, i.e. data `[[0, 1, 2], [1000, 420, 96]]`.
 *
 * Colors and the font come from the host's computed style: the bar color is a
 * function, so a redraw after a theme change picks up the new accent. There is no
 * legend, cursor or zoom: the widget shows its numbers as text beside the chart,
 * which is also what screen readers get.
 */
export function categoryBarOptions(input: CategoryBarOptions): Omit<uPlot.Options, 'width' | 'height'> {
  const theme = () => readChartTheme(input.host);
  const z = input.zoom ?? 1;
  const font = `${12 * z}px ${theme().font}`;
  return {
    legend: { show: false },
    cursor: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    padding: [16 * z, 8 * z, 0, 0],
    scales: {
      // Half a category of room on each side, so the first and last bars aren't cut in half.
      x: { time: false, range: (u) => [-0.5, u.data[0].length - 0.5] },
      // Bars start at zero; 10% headroom keeps the tallest bar off the top edge.
      y: { range: (_u, _min, max) => [0, max > 0 ? max * 1.1 : 1] },
    },
    axes: [
      {
        font,
        stroke: () => theme().muted,
        grid: { show: false },
        ticks: { show: false },
        gap: 6 * z,
        size: 50 * z,
        // One tick per category, labelled with its name, shortened to its bar's width
        // so that neighbouring labels don't overlap on a narrow chart.
        splits: (u) => Array.from(u.data[0]),
        values: (u, splits) => {
          const room = u.bbox.width / uPlot.pxRatio / Math.max(splits.length, 1) - 8 * z;
          return splits.map((index) => fitText(input.labels()[index] ?? '', room / (6.5 * z)));
        },
      },
      {
        font,
        stroke: () => theme().muted,
        grid: { stroke: () => theme().grid, width: 1 },
        ticks: { show: false },
        size: 50 * z,
        values: (_u, splits) => splits.map(input.formatValue),
      },
    ],
    series: [
      {},
      {
        label: input.seriesLabel ?? 'value',
        fill: () => theme().accent,
        stroke: () => theme().accent,
        width: 0,
        points: { show: false },
        // `bars` is always present in uPlot's build; the type marks every builder optional.
        paths: uPlot.paths.bars!({ size: [0.6, 120 * z], radius: [0.12, 0], gap: 4 * z }),
      },
    ],
  };
}

/**
 * Shortens a label with an ellipsis to at most `chars` characters. An estimate (12px
 * text averages about 6.5px a character) rather than a canvas measurement: it runs on
 * every axis layout, and the bytes of a measuring loop are better spent elsewhere.
 */
export function fitText(text: string, chars: number): string {
  const max = Math.max(1, Math.floor(chars));
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
