import { css, html, type TemplateResult, type PropertyDeclarations } from 'lit';
import { COMMERCE_PATH, type CommerceReport } from '@vitrine/schema';
import { formatCount, formatDuration, formatMoney, formatMoneys, formatPercent } from '../lib/format.js';
import { define } from '../lib/define.js';
import { nameOf } from '../lib/messages.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/**
 * Checks that a response looks like a commerce report (a structural check).
 *
 * @throws Error if it isn't one
 */
export function parseCommerceReport(json: unknown): CommerceReport {
  const report = json as CommerceReport | null;
  if (!report?.repurchase || !Array.isArray(report.rfm) || !Array.isArray(report.ltv?.cohorts) || !Array.isArray(report.products?.rows)) {
    throw new Error('The response is not a commerce report.');
  }
  return report;
}

/**
 * Shop health from `GET /v1/reports/commerce`: the repurchase rate (with customers,
 * repeat customers and the median time between orders), the RFM segments (customers,
 * orders, revenue), lifetime value by acquisition cohort, and product performance (a
 * sortable table, which is also what "Show as table" and CSV give). Money is shown per
 * currency and never added across currencies.
 *
 * ```html
 * <vitrine-commerce endpoint="https://stats.example.com" site="shop" period="month" periods="6" limit="20"></vitrine-commerce>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<CommerceReport>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button (the product table).
 * @csspart stats - the repurchase figures (`<dl>`).
 * @csspart stat - one figure (`<div>` of a `<dt>` and a `<dd>`), with `data-stat`.
 * @csspart table - a table (`rfm`, `ltv` or `products`).
 * @csspart rfm - the RFM segments table.
 * @csspart ltv - the LTV-by-cohort heatmap table (one per currency), shaded relative to its largest value.
 * @csspart products - the sortable product table.
 * @csspart sort - a column header's sort button (its `<th>` has `aria-sort`).
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-heat - the LTV cells' shade (default: the accent).
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-muted - secondary text.
 * @cssprop --vitrine-grid - table borders.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 *
 * @tag vitrine-commerce
 * @customElement vitrine-commerce
 */
export class VitrineCommerce extends VitrineReportElement<CommerceReport> {
  static override properties: PropertyDeclarations = {
    period: { reflect: true },
    periods: { type: Number, reflect: true },
    limit: { type: Number, reflect: true },
  };

  static override styles = [
    ...VitrineReportElement.styles,
    css`
      [part~='stats'] {
        display: flex;
        flex-wrap: wrap;
        gap: 0.5em 2em;
      }
      dd {
        margin: 0;
        font-size: 1.5em;
        font-weight: 600;
      }
    `,
  ];

  /** LTV cohort period: `week` or `month` (the collector's default). */
  declare period: string | undefined;

  /** LTV periods after period 0 (1–24; the collector's default is 6). */
  declare periods: number | undefined;

  /** Products listed (1–1000; the collector's default is 20). */
  declare limit: number | undefined;

  protected override query(): ReportQuery {
    const number = (value: number | undefined) => (value ? String(value) : undefined);
    return { path: COMMERCE_PATH, params: { period: this.period, periods: number(this.periods), limit: number(this.limit) } };
  }

  protected override parseReport(json: unknown): CommerceReport {
    return parseCommerceReport(json);
  }

  protected override isEmptyReport(report: CommerceReport): boolean {
    return !report.repurchase.customers && !report.ltv.cohorts.length && !report.products.rows.length;
  }

  protected override chartLabel(): string {
    return nameOf('product', this.t);
  }

  protected override table(report: CommerceReport): TableData {
    const locale = this.lang_;
    const count = (value: number) => ({ value, text: formatCount(value, locale) });
    return {
      head: ['product', 'view_visitors', 'cart_visitors', 'purchase_visitors', 'units', 'revenue'].map((key) => nameOf(key, this.t)),
      rows: report.products.rows.map((row) => [
        row.item_name || row.item_id,
        count(row.view_visitors),
        count(row.cart_visitors),
        count(row.purchase_visitors),
        count(row.units),
        formatMoneys(row.revenue, locale),
      ]),
    };
  }

  protected override renderReport(report: CommerceReport): TemplateResult {
    const t = this.t;
    const locale = this.lang_;
    const { rate, customers, repeat_customers, time_between_orders } = report.repurchase;
    const stats: [string, string][] = [
      ['repurchase_rate', rate === null ? '–' : formatPercent(rate, locale)],
      ['customers', formatCount(customers, locale)],
      ['repeat_customers', formatCount(repeat_customers, locale)],
      ['time_between_orders', time_between_orders.median_s === null ? '–' : formatDuration(time_between_orders.median_s, locale)],
    ];
    const { ltv } = report;
    return html`<dl part="stats">
        ${stats.map(([key, text]) => html`<div part="stat" data-stat=${key}><dt>${nameOf(key, t)}</dt><dd>${text}</dd></div>`)}
      </dl>
      ${this.renderRows(
        {
          head: ['segment', 'customers', 'orders', 'revenue'].map((key) => nameOf(key, t)),
          rows: report.rfm.map((row) => [nameOf(row.key, t), formatCount(row.customers, locale), formatCount(row.orders, locale), formatMoneys(row.revenue, locale)]),
        },
        nameOf('segment', t),
        'table rfm',
      )}
      ${ltv.currencies.map((currency) => {
        const max = Math.max(0, ...ltv.cohorts.flatMap((row) => row.ltv[currency]?.map((value) => value ?? 0) ?? []));
        return this.renderRows(
          {
            head: [`${nameOf('ltv', t)} (${currency})`, nameOf('size', t), ...ltv.labels.map((_, index) => t.retention.period(nameOf(ltv.period, t), index))],
            rows: ltv.cohorts.map((row) => [
              row.label,
              formatCount(row.size, locale),
              ...(row.ltv[currency] ?? []).map((value) =>
                value === null ? '' : { value, text: formatMoney(value, currency, locale), rate: max ? value / max : 0 },
              ),
            ]),
          },
          `${nameOf('ltv', t)} (${currency})`,
          'table ltv',
        );
      })}
      ${this.renderRows(this.table(report), this.chartLabel(), 'table products', true)}`;
  }
}

define('vitrine-commerce', VitrineCommerce);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-commerce': VitrineCommerce;
  }
}
