import uPlot from 'uplot';
import { formatDate } from '../lib/format.js';
import { readChartTheme } from '../lib/theme.js';

/** One line of a {@link timeSeriesOptions} chart. */
export interface LineSeries {
  /** Its name (uPlot keeps it for plugins; the widget shows names as text). */
  label: string;
  /** The y scale it is drawn on: series sharing a unit share a scale. */
  scale: string;
  /** Index into the theme's series colors (`--vitrine-series-N`). */
  color: number;
  /** A comparison period: drawn dashed and thinner. */
  dashed?: boolean;
}

/** Inputs of {@link timeSeriesOptions}. Functions are called at draw time, so they see current values. */
export interface TimeSeriesOptions {
  /** The element whose theme (`--vitrine-*`) colors the canvas. */
  host: Element;
  /** The lines, in the order of the data's y arrays. */
  series: readonly LineSeries[];
  /** The time zone whose days the x axis shows (the report's `tz`). */
  tz: () => string | undefined;
  /** The locale of axis labels. */
  locale: () => string;
  /** Formats a y axis value of a scale compactly ("1.2万", "42%", "¥3.4K"). */
  formatValue: (scale: string, value: number) => string;
  /** Called with the data index under the cursor (mouse or keyboard), or null when it leaves. */
  onCursor?: (index: number | null) => void;
  /** A sparkline: no axes, no grid, no cursor, no padding. */
  sparkline?: boolean;
  /** Scale of every CSS length (1 on screen; see `UplotController.png`). */
  zoom?: number;
}

/**
 * uPlot options for lines over time: x in Unix seconds, one y array per series, nulls
 * for gaps. Days are the report's time zone's, through uPlot's `tzDate`, and axis
 * labels come from `Intl` in that zone, so the axis agrees with the collector's
 * buckets whatever the browser's zone. Up to two y axes: the first scale on the left,
 * the second (say, revenue beside visitors) on the right.
 */
export function timeSeriesOptions(input: TimeSeriesOptions): Omit<uPlot.Options, 'width' | 'height'> {
  const theme = () => readChartTheme(input.host);
  const z = input.zoom ?? 1;
  const font = `${12 * z}px ${theme().font}`;
  const scales = [...new Set(input.series.map((s) => s.scale))];
  const sparkline = !!input.sparkline;
  const yAxis = (scale: string, side: 0 | 1): uPlot.Axis => ({
    scale,
    side: side === 0 ? 3 : 1,
    font,
    size: 56 * z,
    gap: 4 * z,
    stroke: () => theme().muted,
    grid: { show: side === 0, stroke: () => theme().grid, width: 1 },
    ticks: { show: false },
    values: (_u, splits) => splits.map((value) => input.formatValue(scale, value)),
  });
  return {
    legend: { show: false },
    select: { show: false, left: 0, top: 0, width: 0, height: 0 },
    cursor: sparkline
      ? { show: false }
      : { points: { size: 7 * z }, drag: { x: false, y: false }, y: false },
    padding: sparkline ? [2, 0, 2, 0] : [12 * z, 8 * z, 0, 0],
    tzDate: (ts) => {
      const tz = input.tz();
      try {
        return tz ? uPlot.tzDate(new Date(ts * 1000), tz) : new Date(ts * 1000);
      } catch {
        return new Date(ts * 1000);
      }
    },
    scales: Object.fromEntries([
      ['x', { time: true }],
      // Counts and money start at zero, so a flat series doesn't look like a cliff.
      ...scales.map((scale) => [scale, { range: (_u: uPlot, min: number, max: number) => [Math.min(0, min), max > 0 ? max * 1.1 : 1] }]),
    ]),
    axes: sparkline
      ? [{ show: false }, ...scales.map((scale) => ({ scale, show: false }))]
      : [
          {
            font,
            size: 32 * z,
            gap: 4 * z,
            space: 60 * z,
            stroke: () => theme().muted,
            grid: { show: false },
            ticks: { show: false },
            values: (_u, splits) => splits.map((ts) => formatDate(ts, input.locale(), input.tz())),
          },
          ...scales.slice(0, 2).map((scale, index) => yAxis(scale, index as 0 | 1)),
        ],
    series: [
      {},
      ...input.series.map(
        (s): uPlot.Series => ({
          label: s.label,
          scale: s.scale,
          stroke: () => theme().series[s.color % 4]!,
          width: (s.dashed ? 1.25 : 2) * z,
          ...(s.dashed ? { dash: [5 * z, 4 * z] } : {}),
          points: { show: false },
          spanGaps: false,
        }),
      ),
    ],
    hooks: input.onCursor ? { setCursor: [(u) => input.onCursor!(u.cursor.idx ?? null)] } : {},
  };
}
