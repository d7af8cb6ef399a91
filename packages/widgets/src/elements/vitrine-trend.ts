import { css, html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type uPlot from 'uplot';
import { TRENDS_PATH, type TrendsReport } from '@vitrine/schema';
import { timeSeriesOptions, type LineSeries } from '../charts/line-chart.js';
import { UplotController } from '../controllers/uplot-controller.js';
import { listChanged, listConverter } from '../lib/attributes.js';
import { formatDate } from '../lib/format.js';
import { pointForKey } from '../lib/keys.js';
import { nameOf } from '../lib/messages.js';
import { formatMetric, isEmptyTrends, parseTrendsReport } from '../lib/trends.js';
import { define } from '../lib/define.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/**
 * One or more metrics over time, from `GET /v1/reports/trends`: a line per metric,
 * the comparison period as a dashed line of the same color, and a tooltip with both
 * values that follows the mouse or the keyboard (focus the chart, then ←/→, Home/End,
 * Escape).
 *
 * ```html
 * <vitrine-trend endpoint="https://stats.example.com" site="shop" range="30d"
 *   metrics="visitors,revenue" compare="previous_period"></vitrine-trend>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<TrendsReport>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button.
 * @csspart export-png - the PNG download button.
 * @csspart table - the table shown instead of the chart.
 * @csspart legend - the list of metrics with their totals.
 * @csspart legend-item - one metric in the legend, with `data-metric`.
 * @csspart total - a metric's total over the period.
 * @csspart chart - the chart (focusable; `role="img"` with a summary as its name).
 * @csspart tooltip - the values at the point under the cursor.
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-series-1 - the first metric's line (default: the accent).
 * @cssprop --vitrine-series-2 - the second metric's line (default #0ba5a0).
 * @cssprop --vitrine-series-3 - the third metric's line (default #e07c12).
 * @cssprop --vitrine-series-4 - the fourth metric's line (default #d4449a).
 * @cssprop --vitrine-accent - focus color (default #4f46e5).
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-bg - background.
 * @cssprop --vitrine-muted - secondary text and axis labels.
 * @cssprop --vitrine-grid - grid lines and borders.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 * @cssprop --vitrine-radius - corner radius (default 6px).
 * @cssprop --vitrine-chart-height - the chart's height (default 220px).
 *
 * @tag vitrine-trend
 * @customElement vitrine-trend
 */
export class VitrineTrend extends VitrineReportElement<TrendsReport> {
  static override properties: PropertyDeclarations = {
    metrics: { reflect: true, converter: listConverter, hasChanged: listChanged },
    interval: { reflect: true },
    compare: { reflect: true },
    currency: { reflect: true },
    _point: { state: true },
  };

  constructor() {
    super();
    this.metrics = ['visitors'];
    this._point = null;
  }

  static override styles = [
    ...VitrineReportElement.styles,
    css`
      .report {
        position: relative;
      }
      [part~='legend'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.25em 1.5em;
        margin: 0 0 0.5em;
        padding: 0;
        list-style: none;
      }
      [part~='legend-item'] {
        display: flex;
        align-items: baseline;
        gap: 0.4em;
      }
      .swatch {
        width: 0.8em;
        height: 3px;
        align-self: center;
        border-radius: 2px;
      }
      [part~='total'] {
        font-weight: 600;
        font-variant-numeric: tabular-nums;
      }
      .tip-previous {
        color: var(--_muted);
        font-size: 0.85em;
      }
      [part~='chart']:focus-visible {
        outline: 2px solid var(--_accent);
        outline-offset: 2px;
      }
      [part~='tooltip'] {
        position: absolute;
        top: 2.5em;
        z-index: 1;
        pointer-events: none;
        min-width: 9em;
        padding: 0.4em 0.6em;
        font-size: 0.85em;
        color: var(--_fg);
        background: var(--_canvas);
        border: 1px solid var(--_grid);
        border-radius: var(--_radius);
        box-shadow: 0 2px 8px rgb(0 0 0 / 0.12);
      }
      [part~='tooltip'] p {
        margin: 0;
      }
    `,
  ];

  /** Metrics to draw (see docs/metrics.md); comma-separated as an attribute. Default `visitors`. */
  declare metrics: string[];

  /** Bucket size: `day` (default), `week` or `month`. */
  declare interval: string | undefined;

  /** Comparison period, drawn dashed: `previous_period` (default), `same_period_last_week`, `same_period_last_year`, or `none`. */
  declare compare: string | undefined;

  /** Currency of money metrics (ISO 4217); default the site's. */
  declare currency: string | undefined;

  /** The data point the tooltip shows, or null. */
  /** @internal The data point the tooltip shows, or null. */
  declare private _point: number | null;

  #chartData: { report: TrendsReport; data: uPlot.AlignedData; series: LineSeries[] } | undefined;

  protected override chart = new UplotController(this, {
    container: () => this.chartContainer('chart'),
    data: () => this.#built()?.data,
    options: (zoom) =>
      timeSeriesOptions({
        host: this,
        series: this.#built()?.series ?? [],
        tz: () => this.report.data?.tz,
        locale: () => this.lang_,
        formatValue: (scale, value) => {
          const metric = this.report.data?.metrics.find((m) => m.unit === scale);
          return metric ? formatMetric(value, metric, this.lang_, this.report.data!.currency, true) : String(value);
        },
        // Only the on-screen chart reports its cursor; the PNG copy has none to report.
        ...(zoom === 1 ? { onCursor: (index: number | null) => (this._point = index) } : {}),
        zoom,
      }),
  });

  /** The chart's data and lines, rebuilt only when a new report arrives. */
  #built(): { data: uPlot.AlignedData; series: LineSeries[] } | undefined {
    const report = this.report.status === 'ready' && !this.tableView ? this.report.data : undefined;
    if (!report) return undefined;
    if (this.#chartData?.report !== report) {
      const [xs, ...current] = report.current.data;
      const previous = report.previous?.data.slice(1);
      const data: (number | null)[][] = [xs];
      const series: LineSeries[] = [];
      report.metrics.forEach((metric, index) => {
        const label = nameOf(metric.key, this.t);
        data.push(current[index]!);
        series.push({ label, scale: metric.unit, color: index });
        if (previous) {
          // Aligned by position with the current buckets, as the collector defines it.
          const values = previous[index] ?? [];
          data.push(xs.map((_, i) => values[i] ?? null));
          series.push({ label: `${label} (${this.t.previous})`, scale: metric.unit, color: index, dashed: true });
        }
      });
      // A new set of lines needs a new chart; the same lines only need the new data.
      const same = this.#chartData && JSON.stringify(this.#chartData.series) === JSON.stringify(series);
      this.#chartData = { report, data: data as uPlot.AlignedData, series };
      if (!same) this.chart.reset();
    }
    return this.#chartData;
  }

  protected override query(): ReportQuery | undefined {
    const compare = this.compare ?? 'previous_period';
    return {
      path: TRENDS_PATH,
      params: {
        metrics: this.metrics.join(',') || undefined,
        interval: this.interval,
        compare: compare === 'none' ? undefined : compare,
        currency: this.currency,
      },
    };
  }

  protected override parseReport(json: unknown): TrendsReport {
    return parseTrendsReport(json);
  }

  protected override isEmptyReport(report: TrendsReport): boolean {
    return isEmptyTrends(report);
  }

  protected override chartLabel(report: TrendsReport): string {
    const locale = this.lang_;
    const names = report.metrics.map(
      (metric) => `${nameOf(metric.key, this.t)} ${formatMetric(report.current.totals[metric.key], metric, locale, report.currency)}`,
    );
    const end = new Date(Date.parse(report.to) - 1);
    return this.t.trend.chartLabel(names, formatDate(new Date(report.from), locale, report.tz, 'year'), formatDate(end, locale, report.tz, 'year'));
  }

  protected override table(report: TrendsReport): TableData {
    const locale = this.lang_;
    const head = [this.t.date];
    for (const metric of report.metrics) {
      head.push(nameOf(metric.key, this.t));
      if (report.previous) head.push(`${nameOf(metric.key, this.t)} (${this.t.previous})`);
    }
    const rows = report.current.buckets.map((bucket, i) => {
      const row: TableData['rows'][number] = [bucket];
      report.metrics.forEach((metric, m) => {
        const value = report.current.data[m + 1]![i];
        row.push({ value, text: formatMetric(value, metric, locale, report.currency) });
        if (report.previous) {
          const old = report.previous.data[m + 1]?.[i] ?? null;
          row.push({ value: old, text: formatMetric(old, metric, locale, report.currency) });
        }
      });
      return row;
    });
    return { head, rows };
  }

  protected override renderReport(report: TrendsReport): TemplateResult {
    const locale = this.lang_;
    return html`<div class="report">
      <ul part="legend">
        ${report.metrics.map(
          (metric, index) =>
            html`<li part="legend-item" data-metric=${metric.key}>
              <span class="swatch" .style=${`background: var(--_series-${(index % 4) + 1})`}></span>
              <span>${nameOf(metric.key, this.t)}</span>
              <span part="total">${formatMetric(report.current.totals[metric.key], metric, locale, report.currency)}</span>
            </li>`,
        )}
      </ul>
      <div
        part="chart"
        role="img"
        tabindex="0"
        aria-label=${this.chartLabel(report)}
        aria-describedby="tip"
        @keydown=${this.#onKey}
        @blur=${() => this.#show(null)}
      ></div>
      ${this.#renderTooltip(report)}
    </div>`;
  }

  /** The values at the point under the cursor; also a live region, so the keyboard's moves are read out. */
  #renderTooltip(report: TrendsReport): TemplateResult {
    const index = this._point;
    const x = index === null ? undefined : report.current.data[0][index];
    const plot = this.chart.plot;
    if (index === null || x === undefined || !plot) return html`<div id="tip" class="visually-hidden" aria-live="polite"></div>`;
    const locale = this.lang_;
    const left = plot.valToPos(x, 'x') + plot.over.offsetLeft;
    // Flip to the left of the point past the middle, so it never leaves the card.
    const style = left > plot.over.clientWidth / 2 ? `right: ${plot.width - left + 12}px` : `left: ${left + 12}px`;
    return html`<div id="tip" part="tooltip" role="status" aria-live="polite" .style=${style}>
      <p><strong>${formatDate(x, locale, report.tz, 'year')}</strong></p>
      ${report.metrics.map((metric, m) => {
        const value = report.current.data[m + 1]![index];
        const old = report.previous?.data[m + 1]?.[index];
        return html`<p data-metric=${metric.key}>
          ${nameOf(metric.key, this.t)}: <strong>${formatMetric(value, metric, locale, report.currency)}</strong>
          ${report.previous
            ? html`<span class="tip-previous">(${this.t.previous}: ${formatMetric(old, metric, locale, report.currency)})</span>`
            : nothing}
        </p>`;
      })}
    </div>`;
  }

  #onKey = (event: KeyboardEvent): void => {
    const length = this.report.data?.current.data[0].length ?? 0;
    const next = pointForKey(event.key, this._point, length);
    if (next === undefined) return;
    event.preventDefault();
    this.#show(next);
  };

  /** Moves uPlot's cursor to a point (or hides it); its setCursor hook updates the tooltip. */
  #show(index: number | null): void {
    const plot = this.chart.plot;
    if (!plot) return;
    if (index === null) {
      plot.setCursor({ left: -10, top: -10 });
      this._point = null;
      return;
    }
    const x = plot.data[0][index]!;
    plot.setCursor({ left: plot.valToPos(x, 'x'), top: plot.over.clientHeight / 2 });
    this._point = index;
  }

  /** The point the tooltip shows (for tests and host pages), or null. */
  get point(): number | null {
    return this._point;
  }
}

define('vitrine-trend', VitrineTrend);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-trend': VitrineTrend;
  }
}
