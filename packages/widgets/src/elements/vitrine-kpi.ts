import { css, html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type uPlot from 'uplot';
import { TRENDS_PATH, type TrendsReport } from '@vitrine/schema';
import { timeSeriesOptions } from '../charts/line-chart.js';
import { UplotController } from '../controllers/uplot-controller.js';
import { formatChange } from '../lib/format.js';
import { nameOf } from '../lib/messages.js';
import { LOWER_IS_BETTER, formatMetric, parseTrendsReport, relativeChange } from '../lib/trends.js';
import { define } from '../lib/define.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/**
 * A metric card: the value over the range, its change versus the comparison period
 * (by default the same period last week, 较上周同期, as Chinese seller dashboards
 * show it), and a sparkline, from `GET /v1/reports/trends`.
 *
 * ```html
 * <vitrine-kpi endpoint="https://stats.example.com" site="shop" range="today" metric="revenue"></vitrine-kpi>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<TrendsReport>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart label - the metric's name.
 * @csspart value - the value over the range.
 * @csspart change - the change versus the comparison period, with `data-direction="up|down|flat"` and `data-good="true|false"`.
 * @csspart sparkline - the small chart of the period (decorative: the numbers are text).
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-good - color of a change for the better (default #067647).
 * @cssprop --vitrine-danger - color of a change for the worse (default #b42318).
 * @cssprop --vitrine-series-1 - the sparkline's color (default: the accent).
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-bg - background.
 * @cssprop --vitrine-muted - the label's color.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 * @cssprop --vitrine-kpi-value-size - the value's font size (default 1.9em).
 *
 * @tag vitrine-kpi
 * @customElement vitrine-kpi
 */
export class VitrineKpi extends VitrineReportElement<TrendsReport> {
  static override properties: PropertyDeclarations = {
    metric: { reflect: true },
    compare: { reflect: true },
    interval: { reflect: true },
    currency: { reflect: true },
  };

  constructor() {
    super();
    this.metric = 'visitors';
  }

  static override styles = [
    ...VitrineReportElement.styles,
    css`
      /* A card, not a chart: the states (idle, empty, error, skeleton) are card-sized. */
      :host {
        --vitrine-chart-height: 4.5em;
      }
      [part~='label'] {
        color: var(--_muted);
      }
      [part~='value'] {
        font-size: var(--vitrine-kpi-value-size, 1.9em);
        font-weight: 600;
        font-variant-numeric: tabular-nums;
        line-height: 1.25;
      }
      [part~='change'] {
        font-size: 0.85em;
        color: var(--_muted);
      }
      [part~='change'][data-good='true'] {
        color: var(--_good);
      }
      [part~='change'][data-good='false'] {
        color: var(--_danger);
      }
      [part~='sparkline'] {
        height: 2.5em;
        margin-top: 0.4em;
      }
    `,
  ];

  /** The metric (see docs/metrics.md), default `visitors`. */
  declare metric: string;

  /** Comparison period: `same_period_last_week` (default), `previous_period`, `same_period_last_year`, or `none`. */
  declare compare: string | undefined;

  /** Bucket size of the sparkline: `day` (default), `week` or `month`. */
  declare interval: string | undefined;

  /** Currency of money metrics (ISO 4217); default the site's. */
  declare currency: string | undefined;

  #sparkData: { report: TrendsReport; data: uPlot.AlignedData } | undefined;

  protected override chart = new UplotController(this, {
    container: () => this.chartContainer('sparkline'),
    data: () => {
      const report = this.report.status === 'ready' ? this.report.data : undefined;
      // One bucket is no line (range="today" by day).
      if (!report || report.current.data[0].length < 2) return undefined;
      if (this.#sparkData?.report !== report) this.#sparkData = { report, data: report.current.data.slice(0, 2) as uPlot.AlignedData };
      return this.#sparkData.data;
    },
    options: (zoom) =>
      timeSeriesOptions({
        host: this,
        series: [{ label: this.metric, scale: 'y', color: 0 }],
        tz: () => this.report.data?.tz,
        locale: () => this.lang_,
        formatValue: (_scale, value) => String(value),
        sparkline: true,
        zoom,
      }),
  });

  protected override query(): ReportQuery | undefined {
    const compare = this.compare ?? 'same_period_last_week';
    return {
      path: TRENDS_PATH,
      params: { metrics: this.metric, interval: this.interval, compare: compare === 'none' ? undefined : compare, currency: this.currency },
    };
  }

  protected override parseReport(json: unknown): TrendsReport {
    const report = parseTrendsReport(json);
    if (!report.metrics[0]) throw new Error('The report has no metric.');
    return report;
  }

  /** A KPI of zero is still a KPI: only a report without any bucket is empty. */
  protected override isEmptyReport(report: TrendsReport): boolean {
    return report.current.data[0].length === 0;
  }

  protected override chartLabel(report: TrendsReport): string {
    return `${nameOf(report.metrics[0]!.key, this.t)}: ${this.#valueText(report)}`;
  }

  protected override table(report: TrendsReport): TableData {
    const metric = report.metrics[0]!;
    const current = report.current.totals[metric.key];
    const previous = report.previous?.totals[metric.key];
    return {
      head: ['', nameOf(metric.key, this.t), this.t.previous],
      rows: [[nameOf(metric.key, this.t), current, previous]],
    };
  }

  /** A card has no room for a toolbar; its numbers are text already. */
  protected override renderToolbar(): typeof nothing {
    return nothing;
  }

  #valueText(report: TrendsReport): string {
    const metric = report.metrics[0]!;
    return formatMetric(report.current.totals[metric.key], metric, this.lang_, report.currency);
  }

  protected override renderReport(report: TrendsReport): TemplateResult {
    const metric = report.metrics[0]!;
    const change = relativeChange(report.current.totals[metric.key], report.previous?.totals[metric.key]);
    const direction = change === null || change === 0 ? 'flat' : change > 0 ? 'up' : 'down';
    const good = direction === 'flat' ? nothing : String((direction === 'up') !== LOWER_IS_BETTER.has(metric.key));
    const compare = report.compare ? (this.t.compare[report.compare.mode] ?? '') : '';
    const arrow = direction === 'up' ? '▲' : direction === 'down' ? '▼' : '';
    return html`<div part="label">${nameOf(metric.key, this.t)}</div>
      <div part="value">${this.#valueText(report)}</div>
      ${report.compare
        ? html`<div part="change" data-direction=${direction} data-good=${good}>
            ${change === null
              ? this.t.kpi.noComparison
              : html`<span aria-hidden="true">${arrow}</span> ${compare}
                  ${formatChange(change, this.lang_)}`}
          </div>`
        : nothing}
      <div part="sparkline" aria-hidden="true"></div>`;
  }
}

define('vitrine-kpi', VitrineKpi);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-kpi': VitrineKpi;
  }
}
