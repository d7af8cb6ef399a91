import { html, type TemplateResult, type PropertyDeclarations } from 'lit';
import { RETENTION_PATH, type RetentionReport, type RetentionReturn } from '@vitrine/schema';
import { formatCount, formatPercent } from '../lib/format.js';
import { define } from '../lib/define.js';
import { nameOf } from '../lib/messages.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/**
 * Checks that a response looks like a retention report (a structural check).
 *
 * @throws Error if it isn't one
 */
export function parseRetentionReport(json: unknown): RetentionReport {
  const report = json as RetentionReport | null;
  if (!report || !Array.isArray(report.cohorts) || !report.cohorts.every((row) => Array.isArray(row?.rates)) || !report.average) {
    throw new Error('The response is not a retention report.');
  }
  return report;
}

/**
 * A cohort grid as a heatmap table, from `GET /v1/reports/retention`: one row per cohort
 * (its start, its size, then the share of it that came back in period 0 = 100 %, 1, …),
 * an average row, each rate cell shaded by its value. Two buttons switch what counts as
 * coming back: any activity or a repurchase (`return`).
 *
 * ```html
 * <vitrine-retention endpoint="https://stats.example.com" site="shop" period="week" periods="8"></vitrine-retention>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<RetentionReport>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button.
 * @csspart return-toggle - the "Any activity" and "Repurchase" buttons (`aria-pressed`, `data-return`).
 * @csspart table - the cohort table (also `heatmap`); its rate cells have `data-rate`.
 * @csspart heatmap - the cohort table as the report shows it.
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-heat - the color of a 100 % cell, mixed with transparency by rate (default: the accent).
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-muted - secondary text.
 * @cssprop --vitrine-grid - table borders.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 *
 * @tag vitrine-retention
 * @customElement vitrine-retention
 */
export class VitrineRetention extends VitrineReportElement<RetentionReport> {
  static override properties: PropertyDeclarations = {
    cohort: { reflect: true },
    period: { reflect: true },
    periods: { type: Number, reflect: true },
    return: { reflect: true },
  };

  /** What puts a visitor in a cohort: `first_visit` (the collector's default) or `first_purchase`. */
  declare cohort: string | undefined;

  /** Cohort and return period: `day`, `week` (the collector's default) or `month`. */
  declare period: string | undefined;

  /** Periods after period 0 (1–90; the collector's default is 8). */
  declare periods: number | undefined;

  /** What counts as coming back: `any` activity (default) or a `purchase`. */
  declare return: RetentionReturn;

  constructor() {
    super();
    this.return = 'any';
  }

  protected override query(): ReportQuery | undefined {
    return {
      path: RETENTION_PATH,
      params: { cohort: this.cohort, period: this.period, periods: this.periods ? String(this.periods) : undefined, return: this.return },
    };
  }

  protected override parseReport(json: unknown): RetentionReport {
    return parseRetentionReport(json);
  }

  protected override isEmptyReport(report: RetentionReport): boolean {
    return report.cohorts.length === 0;
  }

  protected override chartLabel(report: RetentionReport): string {
    return `${this.t.retention[report.return]}: ${nameOf(report.cohort, this.t)}`;
  }

  protected override table(report: RetentionReport): TableData {
    const t = this.t;
    const locale = this.lang_;
    return {
      head: [nameOf('cohort', t), nameOf('size', t), ...report.labels.map((_, index) => t.retention.period(nameOf(report.period, t), index))],
      rows: [...report.cohorts, { ...report.average, label: nameOf('average', t) }].map((row) => [
        row.label,
        { value: row.size, text: formatCount(row.size, locale) },
        ...row.rates.map((rate) => ({ value: rate, text: rate === null ? '' : formatPercent(rate, locale), rate })),
      ]),
    };
  }

  protected override renderReport(report: RetentionReport): TemplateResult {
    return html`<div role="group">
        ${(['any', 'purchase'] as const).map(
          (key) =>
            html`<button type="button" part="return-toggle" data-return=${key} aria-pressed=${this.return === key} @click=${() => (this.return = key)}>
              ${this.t.retention[key]}
            </button>`,
        )}
      </div>
      ${this.renderRows(this.table(report), this.chartLabel(report), 'table heatmap')}`;
  }
}

define('vitrine-retention', VitrineRetention);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-retention': VitrineRetention;
  }
}
