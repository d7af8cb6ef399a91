import { css, html, type TemplateResult } from 'lit';
import { VITAL_METRICS, VITALS_PATH, type VitalMetric, type VitalsReport } from '@vitrine/schema';
import { formatCount, formatPercent } from '../lib/format.js';
import { define } from '../lib/define.js';
import { nameOf } from '../lib/messages.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/** The share keys of a summary, in display order (CSS parts use the rating's hyphenated name). */
const SHARES = ['good', 'needs_improvement', 'poor'] as const;

/**
 * Checks that a response looks like a vitals report (a structural check).
 *
 * @throws Error if it isn't one
 */
export function parseVitalsReport(json: unknown): VitalsReport {
  const report = json as VitalsReport | null;
  if (!report?.overall || !VITAL_METRICS.every((key) => typeof report.overall[key]?.samples === 'number') || !Array.isArray(report.lcp_conversion)) {
    throw new Error('The response is not a vitals report.');
  }
  return report;
}

/**
 * Core Web Vitals from `GET /v1/reports/vitals`: per metric (LCP, INP, CLS, FCP, TTFB)
 * its 75th percentile and a bar of good / needs-improvement / poor shares, then the
 * conversion rate of sessions by their LCP rating.
 *
 * ```html
 * <vitrine-vitals endpoint="https://stats.example.com" site="shop" range="30d"></vitrine-vitals>
 * ```
 *
 * @fires vitrine-data - `CustomEvent<VitalsReport>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button.
 * @csspart table - a table (the metrics in table view; `lcp` for conversion by LCP).
 * @csspart lcp - the conversion-by-LCP-rating table.
 * @csspart metrics - the list of metrics.
 * @csspart metric - one metric (`<li>`), with `data-metric` (e.g. `LCP`) and `data-rating` (its p75's rating).
 * @csspart p75 - a metric's 75th percentile (ms, or unitless for CLS).
 * @csspart shares - a metric's bar of shares (`role="img"`, labelled).
 * @csspart good - the good share's segment.
 * @csspart needs-improvement - the needs-improvement share's segment.
 * @csspart poor - the poor share's segment.
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint and site are set.
 *
 * @cssprop --vitrine-good - good segments (default #067647; dark #47cd89).
 * @cssprop --vitrine-warn - needs-improvement segments (default #e07c12).
 * @cssprop --vitrine-danger - poor segments (default #b42318; dark #f97066).
 * @cssprop --vitrine-fg - text color.
 * @cssprop --vitrine-muted - secondary text.
 * @cssprop --vitrine-grid - table borders.
 * @cssprop --vitrine-font - font family.
 * @cssprop --vitrine-font-size - base font size (default 14px).
 *
 * @tag vitrine-vitals
 * @customElement vitrine-vitals
 */
export class VitrineVitals extends VitrineReportElement<VitalsReport> {
  static override styles = [
    ...VitrineReportElement.styles,
    css`
      [part~='metrics'] {
        list-style: none;
        padding: 0;
        display: grid;
        grid-template-columns: 4em 7em 1fr;
        gap: 0.5em;
        align-items: center;
      }
      [part~='metric'] {
        display: contents;
      }
      [part~='shares'] {
        display: flex;
        height: 0.8em;
        border-radius: var(--_radius);
        overflow: hidden;
      }
      [part~='good'] {
        background: var(--_good);
      }
      [part~='needs-improvement'] {
        background: var(--vitrine-warn, #e07c12);
      }
      [part~='poor'] {
        background: var(--_danger);
      }
    `,
  ];

  protected override query(): ReportQuery {
    return { path: VITALS_PATH, params: {} };
  }

  protected override parseReport(json: unknown): VitalsReport {
    return parseVitalsReport(json);
  }

  protected override isEmptyReport(report: VitalsReport): boolean {
    return VITAL_METRICS.every((key) => !report.overall[key].samples);
  }

  protected override chartLabel(): string {
    return 'Web Vitals';
  }

  /** A p75 as text: milliseconds, or the unitless CLS score. */
  #p75(key: VitalMetric, value: number | null): string {
    return value === null ? '–' : key === 'CLS' ? value.toLocaleString(this.lang_, { maximumFractionDigits: 3 }) : `${formatCount(value, this.lang_)} ms`;
  }

  protected override table(report: VitalsReport): TableData {
    const t = this.t;
    return {
      head: ['metric', 'samples', 'p75', ...SHARES].map((key) => nameOf(key, t)),
      rows: VITAL_METRICS.map((key) => {
        const summary = report.overall[key];
        return [
          key,
          { value: summary.samples, text: formatCount(summary.samples, this.lang_) },
          { value: summary.p75, text: this.#p75(key, summary.p75) },
          ...SHARES.map((share) => ({ value: summary[share], text: formatPercent(summary[share], this.lang_) })),
        ];
      }),
    };
  }

  protected override renderReport(report: VitalsReport): TemplateResult {
    const t = this.t;
    const locale = this.lang_;
    const lcp = nameOf('conversion_rate', t);
    return html`<ul part="metrics">
        ${VITAL_METRICS.map((key) => {
          const summary = report.overall[key];
          const { good, poor } = report.metrics.find((info) => info.key === key)?.thresholds ?? { good: Infinity, poor: Infinity };
          const p75 = summary.p75 ?? 0;
          return html`<li part="metric" data-metric=${key} data-rating=${p75 <= good ? 'good' : p75 > poor ? 'poor' : 'needs-improvement'}>
            <b>${key}</b><span part="p75">${this.#p75(key, summary.p75)}</span>
            <span part="shares" role="img" aria-label=${SHARES.map((share) => `${nameOf(share, t)} ${formatPercent(summary[share], locale)}`).join(', ')}>
              ${SHARES.map((share) => html`<i part=${share.replace('_', '-')} .style=${`flex:${summary[share]}`}></i>`)}
            </span>
          </li>`;
        })}
      </ul>
      ${this.renderRows(
        {
          head: [`LCP ${nameOf('rating', t)}`, nameOf('sessions', t), lcp],
          rows: report.lcp_conversion.map((row) => [
            nameOf(row.rating.replace('-', '_'), t),
            formatCount(row.sessions, locale),
            row.conversion_rate === null ? '–' : formatPercent(row.conversion_rate, locale),
          ]),
        },
        `LCP: ${lcp}`,
        'table lcp',
      )}`;
  }
}

define('vitrine-vitals', VitrineVitals);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-vitals': VitrineVitals;
  }
}
