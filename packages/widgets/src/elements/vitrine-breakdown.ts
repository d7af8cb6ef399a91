import { css, html, type TemplateResult, type PropertyDeclarations } from 'lit';
import { BREAKDOWN_PATH, type BreakdownReport, type BreakdownRow } from '@vitrine/schema';
import { formatCount, formatMoney, formatPercent } from '../lib/format.js';
import { nameOf } from '../lib/messages.js';
import { define } from '../lib/define.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/** Detail of the breakdown's `vitrine-select` event. */
export interface BreakdownSelectDetail {
  /** The dimension, e.g. `channel`. */
  dimension: string;
  /** The row's value (`""` for sessions without one). */
  key: string;
}

/** What a breakdown's bars measure. */
export type BreakdownMetric = 'visitors' | 'sessions' | 'converted_sessions' | 'conversion_rate' | 'revenue';

/**
 * Checks that a response looks like a breakdown report (a structural check).
 *
 * @throws Error if it isn't one
 */
export function parseBreakdownReport(json: unknown): BreakdownReport {
  const report = json as BreakdownReport | null;
  const ok = !!report && Array.isArray(report.rows) && report.rows.every((row) => typeof row?.key === 'string' && typeof row.visitors === 'number');
  if (!ok) throw new Error('The response is not a breakdown report.');
  return report;
}

/** A row's value of a metric; revenue in the report's currency. */
export function breakdownValue(row: BreakdownRow, metric: BreakdownMetric, currency: string): number | null {
  return metric === 'revenue' ? (row.revenue[currency] ?? 0) : row[metric];
}

/**
 * The top N pages, entry pages, channels, sources, referrers, campaigns, devices,
 * browsers, systems or countries, with a bar each, from `GET /v1/reports/breakdown`.
 * Bars are plain CSS (a list is what this is; there is no canvas to read out).
 *
 * ```html
 * <vitrine-breakdown endpoint="https://stats.example.com" site="shop" dimension="channel" limit="5"></vitrine-breakdown>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<BreakdownReport>`: a report arrived and is rendered.
 * @fires vitrine-select - `CustomEvent<BreakdownSelectDetail>`: a row was clicked (or activated from the keyboard).
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button.
 * @csspart table - the table shown instead of the bars.
 * @csspart title - the dimension's name above the list.
 * @csspart rows - the list of rows (`<ol>`, labelled).
 * @csspart row - one row (`<li>`), with `data-key`.
 * @csspart row-button - the button filling a row.
 * @csspart bar - a row's bar, its width relative to the top row.
 * @csspart key - a row's value (a path, channel, …), always as text.
 * @csspart value - a row's number.
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-bar - the bars' color (default: the accent at 18%).
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-bg - background.
 * @cssprop --vitrine-muted - secondary text.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 * @cssprop --vitrine-radius - corner radius (default 6px).
 *
 * @tag vitrine-breakdown
 * @customElement vitrine-breakdown
 */
export class VitrineBreakdown extends VitrineReportElement<BreakdownReport> {
  static override properties: PropertyDeclarations = {
    dimension: { reflect: true },
    metric: { reflect: true },
    limit: { type: Number, reflect: true },
  };

  constructor() {
    super();
    this.dimension = 'page';
    this.metric = 'visitors';
  }

  static override styles = [
    ...VitrineReportElement.styles,
    css`
      [part~='title'] {
        margin: 0 0 0.4em;
        font-size: 1em;
        font-weight: 600;
      }
      [part~='rows'] {
        list-style: none;
        margin: 0;
        padding: 0;
      }
      [part~='row-button'] {
        position: relative;
        display: flex;
        justify-content: space-between;
        gap: 1em;
        width: 100%;
        margin: 2px 0;
        padding: 0.3em 0.5em;
        font: inherit;
        color: inherit;
        text-align: start;
        background: none;
        border: 0;
        border-radius: var(--_radius);
        cursor: pointer;
      }
      [part~='bar'] {
        position: absolute;
        inset: 0 auto 0 0;
        border-radius: var(--_radius);
        background: var(--vitrine-bar, color-mix(in srgb, var(--_accent) 18%, transparent));
      }
      [part~='key'],
      [part~='value'] {
        position: relative;
      }
      [part~='key'] {
        overflow: hidden;
        text-overflow: ellipsis;
        white-space: nowrap;
      }
      [part~='value'] {
        font-variant-numeric: tabular-nums;
      }
    `,
  ];

  /** What to list: `page` (default), `entry_page`, `channel`, `source`, `referrer`, `campaign`, `device`, `browser`, `os` or `country`. */
  declare dimension: string;

  /** What the bars measure: `visitors` (default), `sessions`, `converted_sessions`, `conversion_rate` or `revenue`. */
  declare metric: BreakdownMetric;

  /** How many rows (1–1000, default 10). */
  declare limit: number | undefined;

  protected override query(): ReportQuery | undefined {
    return { path: BREAKDOWN_PATH, params: { dimension: this.dimension, limit: this.limit ? String(this.limit) : undefined } };
  }

  protected override parseReport(json: unknown): BreakdownReport {
    return parseBreakdownReport(json);
  }

  protected override isEmptyReport(report: BreakdownReport): boolean {
    return report.rows.length === 0;
  }

  protected override chartLabel(report: BreakdownReport): string {
    return this.t.breakdown.chartLabel(nameOf(report.dimension, this.t));
  }

  /** Rows by the chosen metric, largest first (the collector orders by visitors). */
  #rows(report: BreakdownReport): BreakdownRow[] {
    if (this.metric === 'visitors') return report.rows;
    return [...report.rows].sort(
      (a, b) => (breakdownValue(b, this.metric, report.currency) ?? -1) - (breakdownValue(a, this.metric, report.currency) ?? -1),
    );
  }

  #format(value: number | null, report: BreakdownReport): string {
    if (value === null) return '–';
    if (this.metric === 'conversion_rate') return formatPercent(value, this.lang_);
    if (this.metric === 'revenue') return formatMoney(value, report.currency, this.lang_);
    return formatCount(value, this.lang_);
  }

  protected override table(report: BreakdownReport): TableData {
    const t = this.t;
    return {
      head: [nameOf(report.dimension, t), ...['visitors', 'sessions', 'conversion_rate'].map((key) => nameOf(key, t)), `${nameOf('revenue', t)} (${report.currency})`],
      rows: this.#rows(report).map((row) => [
        row.key,
        { value: row.visitors, text: formatCount(row.visitors, this.lang_) },
        { value: row.sessions, text: formatCount(row.sessions, this.lang_) },
        { value: row.conversion_rate, text: row.conversion_rate === null ? '–' : formatPercent(row.conversion_rate, this.lang_) },
        { value: row.revenue[report.currency] ?? 0, text: formatMoney(row.revenue[report.currency] ?? 0, report.currency, this.lang_) },
      ]),
    };
  }

  protected override renderReport(report: BreakdownReport): TemplateResult {
    const rows = this.#rows(report);
    const max = Math.max(0, ...rows.map((row) => breakdownValue(row, this.metric, report.currency) ?? 0));
    const label = this.chartLabel(report);
    return html`<h3 part="title">${nameOf(report.dimension, this.t)}</h3>
      <ol part="rows" aria-label=${label}>
        ${rows.map((row) => {
          const value = breakdownValue(row, this.metric, report.currency);
          const width = max > 0 && value ? Math.max(0, (value / max) * 100) : 0;
          return html`<li part="row" data-key=${row.key}>
            <button type="button" part="row-button" title=${row.key} @click=${() => this.#select(report, row)}>
              <span part="bar" .style=${`width: ${width.toFixed(2)}%`}></span>
              <span part="key">${row.key || this.t.funnel.none}</span>
              <span part="value">${this.#format(value, report)}</span>
            </button>
          </li>`;
        })}
      </ol>`;
  }

  #select(report: BreakdownReport, row: BreakdownRow): void {
    this.dispatchEvent(
      new CustomEvent<BreakdownSelectDetail>('vitrine-select', {
        detail: { dimension: report.dimension, key: row.key },
        bubbles: true,
        composed: true,
      }),
    );
  }
}

define('vitrine-breakdown', VitrineBreakdown);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-breakdown': VitrineBreakdown;
  }
}
