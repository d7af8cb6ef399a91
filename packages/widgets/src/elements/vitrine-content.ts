import { html, type TemplateResult, type PropertyDeclarations } from 'lit';
import type uPlot from 'uplot';
import { CONTENT_PATH, type ContentReport } from '@vitrine/schema';
import { categoryBarOptions } from '../charts/bar-chart.js';
import { UplotController } from '../controllers/uplot-controller.js';
import { formatCompact, formatCount, formatDuration, formatMoneys, formatPercent } from '../lib/format.js';
import { define } from '../lib/define.js';
import { nameOf } from '../lib/messages.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/**
 * Checks that a response looks like a content report (a structural check).
 *
 * @throws Error if it isn't one
 */
export function parseContentReport(json: unknown): ContentReport {
  const report = json as ContentReport | null;
  if (!report || !Array.isArray(report.content) || !Array.isArray(report.articles) || !report.content.every((row) => typeof row?.name === 'string' && row.assisted)) {
    throw new Error('The response is not a content report.');
  }
  return report;
}

/**
 * Content performance from `GET /v1/reports/content`: clicks per content piece as bars,
 * then a sortable table of impressions, clicks, CTR and assisted revenue (per currency)
 * per piece, and the articles' read depth (share of readers reaching 25, 50, 75 and
 * 100 %), median read time and assisted revenue.
 *
 * ```html
 * <vitrine-content endpoint="https://stats.example.com" site="shop" limit="20" window-days="7"></vitrine-content>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<ContentReport>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button.
 * @csspart export-png - the PNG download button.
 * @csspart chart - the bar chart of clicks per piece (`role="img"`); its height is `--vitrine-chart-height`.
 * @csspart table - a table (`content` or `articles`).
 * @csspart content - the sortable table of content pieces.
 * @csspart sort - a column header's sort button (its `<th>` has `aria-sort`).
 * @csspart articles - the read-depth table of articles.
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-accent - bar color.
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-muted - secondary text and axis labels.
 * @cssprop --vitrine-grid - grid lines and table borders.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 * @cssprop --vitrine-chart-height - the chart's height (default 220px).
 *
 * @tag vitrine-content
 * @customElement vitrine-content
 */
export class VitrineContent extends VitrineReportElement<ContentReport> {
  static override properties: PropertyDeclarations = {
    limit: { type: Number, reflect: true },
    windowDays: { type: Number, reflect: true, attribute: 'window-days' },
  };

  /** Most rows per list (1–1000; the collector's default is 50). */
  declare limit: number | undefined;

  /** Days after a click or read within which a purchase counts as assisted (1–90; default 7). */
  declare windowDays: number | undefined;

  #chartData: [ContentReport, uPlot.AlignedData] | undefined;

  protected override chart = new UplotController(this, {
    container: () => this.chartContainer('chart'),
    data: () => {
      const report = this.report.status === 'ready' && !this.tableView ? this.report.data : undefined;
      if (!report) return undefined;
      if (this.#chartData?.[0] !== report) this.#chartData = [report, [report.content.map((_, index) => index), report.content.map((row) => row.clicks)]];
      return this.#chartData[1];
    },
    options: (zoom) =>
      categoryBarOptions({
        host: this,
        labels: () => this.report.data?.content.map((row) => row.piece || row.name) ?? [],
        formatValue: (value) => formatCompact(value, this.lang_),
        zoom,
      }),
  });

  protected override query(): ReportQuery {
    return { path: CONTENT_PATH, params: { limit: this.limit ? String(this.limit) : undefined, window_days: this.windowDays ? String(this.windowDays) : undefined } };
  }

  protected override parseReport(json: unknown): ContentReport {
    return parseContentReport(json);
  }

  protected override isEmptyReport(report: ContentReport): boolean {
    return !report.content.length && !report.articles.length;
  }

  protected override chartLabel(report: ContentReport): string {
    return `${nameOf('clicks', this.t)}: ${report.content.map((row) => `${row.piece || row.name} ${formatCount(row.clicks, this.lang_)}`).join('; ')}`;
  }

  protected override table(report: ContentReport): TableData {
    const locale = this.lang_;
    return {
      head: ['name', 'piece', 'impressions', 'clicks', 'ctr', 'assisted_revenue'].map((key) => nameOf(key, this.t)),
      rows: report.content.map((row) => [
        row.name,
        row.piece,
        { value: row.impressions, text: formatCount(row.impressions, locale) },
        { value: row.clicks, text: formatCount(row.clicks, locale) },
        { value: row.ctr, text: row.ctr === null ? '–' : formatPercent(row.ctr, locale) },
        // CSV gets the amounts as text too: one column, several currencies, never added.
        formatMoneys(row.assisted.revenue, locale),
      ]),
    };
  }

  protected override renderReport(report: ContentReport): TemplateResult {
    const t = this.t;
    const locale = this.lang_;
    return html`<div part="chart" role="img" aria-label=${this.chartLabel(report)}></div>
      ${this.renderRows(this.table(report), this.chartLabel(report), 'table content', true)}
      ${report.articles.length
        ? this.renderRows(
            {
              head: [
                nameOf('article', t),
                nameOf('readers', t),
                ...['25%', '50%', '75%', '100%'].map((depth) => `${nameOf('reached', t)} ${depth}`),
                nameOf('median_read_s', t),
                nameOf('assisted_revenue', t),
              ],
              rows: report.articles.map((row) => [
                row.article,
                formatCount(row.readers, locale),
                ...row.reached_share.map((share) => ({ value: share, text: formatPercent(share, locale), rate: share })),
                row.median_read_s === null ? '–' : formatDuration(row.median_read_s, locale),
                formatMoneys(row.assisted.revenue, locale),
              ]),
            },
            nameOf('article', t),
            'table articles',
          )
        : ''}`;
  }
}

define('vitrine-content', VitrineContent);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-content': VitrineContent;
  }
}
