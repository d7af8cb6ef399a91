import { css, html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import type uPlot from 'uplot';
import { FUNNEL_PATH, type FunnelReport, type FunnelStepResult } from '@vitrine/schema';
import { categoryBarOptions } from '../charts/bar-chart.js';
import { UplotController } from '../controllers/uplot-controller.js';
import { listChanged, listConverter } from '../lib/attributes.js';
import { formatCompact, formatCount, formatDelta, formatDuration, formatPercent } from '../lib/format.js';
import { define } from '../lib/define.js';
import { nameOf } from '../lib/messages.js';
import { VitrineReportElement, type ReportQuery, type TableData } from './report-element.js';

/** Detail of the `vitrine-select` event. */
export interface FunnelSelectDetail {
  /** The step's event name, e.g. `add_to_cart`. */
  step: string;
  /** The step's position, from 0. */
  index: number;
}

/**
 * Checks that a response looks like a funnel report before anything renders it.
 * `@vitrine/schema` is imported for types only (its validators would pull TypeBox
 * into the bundle), so this is a minimal structural check.
 *
 * @throws Error if it isn't one
 */
export function parseFunnelReport(json: unknown): FunnelReport {
  const report = json as FunnelReport | null;
  const ok =
    !!report &&
    Array.isArray(report.steps) &&
    report.steps.every((step) => typeof step?.name === 'string' && typeof step.visitors === 'number');
  if (!ok) throw new Error('The response is not a funnel report.');
  return report;
}

/**
 * A conversion funnel: how many visitors reached each step, in order, drawn as bars
 * and listed as text with the conversion from the first and from the previous step,
 * the drop-off and the median time to convert; optionally one row per value of a
 * breakdown dimension.
 *
 * ```html
 * <vitrine-funnel endpoint="https://stats.example.com" site="demo"
 *   steps="page_view,view_item,add_to_cart,purchase" breakdown="channel"></vitrine-funnel>
 * ```
 *
 * It fetches `GET {endpoint}/v1/reports/funnel` with the token as a Bearer header,
 * and fetches again whenever an input changes (aborting the request in flight).
 *
 * @fires vitrine-data - `CustomEvent<FunnelReport>`: a report arrived and is rendered.
 * @fires vitrine-select - `CustomEvent<FunnelSelectDetail>`: a step row was clicked (or activated from the keyboard).
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart toolbar - the row of buttons above the report.
 * @csspart table-toggle - the "Show as table" toggle button (`aria-pressed`).
 * @csspart export-csv - the CSV download button.
 * @csspart export-png - the PNG download button.
 * @csspart table - the table shown instead of the chart.
 * @csspart chart - the uPlot chart's container (`role="img"`); its height is `--vitrine-chart-height`.
 * @csspart steps - the ordered list of steps under the chart.
 * @csspart step - one step (`<li>`), with `data-step="<event name>"`.
 * @csspart step-button - the button filling a step row.
 * @csspart step-name - a step's event name.
 * @csspart step-count - a step's visitor count, formatted for the locale.
 * @csspart step-conversion - the share of the first step's visitors who reached this one.
 * @csspart step-previous - the share of the previous step's visitors who reached this one.
 * @csspart step-drop-off - visitors lost since the previous step (empty on the first).
 * @csspart step-time - the median time from the first step (empty on the first).
 * @csspart breakdown - the breakdown table (with `breakdown=`).
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint, site and steps are set.
 *
 * @cssprop --vitrine-accent - bar and focus color (default #4f46e5; dark #818cf8).
 * @cssprop --vitrine-fg - text color (default #1f2328; dark #e6edf3).
 * @cssprop --vitrine-bg - background (default transparent; PNG exports use it, else white or #0d1117).
 * @cssprop --vitrine-muted - secondary text and axis labels (default #6b7280).
 * @cssprop --vitrine-grid - grid lines and borders (default #e5e7eb).
 * @cssprop --vitrine-danger - error text (default #b42318).
 * @cssprop --vitrine-font - font family (default system-ui).
 * @cssprop --vitrine-font-size - base font size (default 14px).
 * @cssprop --vitrine-radius - corner radius (default 6px).
 * @cssprop --vitrine-chart-height - the chart's height (default 220px).
 *
 * @tag vitrine-funnel
 * @customElement vitrine-funnel
 */
export class VitrineFunnel extends VitrineReportElement<FunnelReport> {
  static override properties: PropertyDeclarations = {
    steps: { reflect: true, converter: listConverter, hasChanged: listChanged },
    breakdown: { reflect: true },
    window: { reflect: true },
  };

  constructor() {
    super();
    this.steps = [];
  }

  static override styles = [
    ...VitrineReportElement.styles,
    css`
      /* The query container is this wrapper, not the host: containing the host's size
         would collapse it to nothing in shrink-to-fit layouts (flex items, floats). */
      .report {
        container-type: inline-size;
      }
      [part~='steps'] {
        list-style: none;
        margin: 0.75em 0 0;
        padding: 0;
      }
      .row,
      [part~='step-button'] {
        display: grid;
        /* Content-independent columns: each row is its own grid, so auto widths wouldn't line up. */
        grid-template-columns: minmax(6em, 1fr) repeat(5, minmax(0, 6em));
        gap: 0.25em 1em;
        align-items: baseline;
        width: 100%;
        padding: 0.4em 0.5em;
        text-align: start;
      }
      .row {
        color: var(--_muted);
      }
      .row > span {
        font-size: 0.85em;
      }
      .row > :not(:first-child),
      [part~='step-button'] > :not(:first-child) {
        text-align: end;
        font-variant-numeric: tabular-nums;
      }
      [part~='step'] + [part~='step'] {
        border-top: 1px solid var(--_grid);
      }
      [part~='step-button'] {
        font: inherit;
        color: inherit;
        background: none;
        border: 0;
        border-radius: var(--_radius);
        cursor: pointer;
      }
      [part~='step-button']:hover {
        background: color-mix(in srgb, var(--_accent) 8%, transparent);
      }
      [part~='step-name'] {
        overflow-wrap: anywhere;
      }
      /* Narrow cards (phones, sidebars): the two secondary columns go. */
      @container (max-width: 34em) {
        .row,
        [part~='step-button'] {
          grid-template-columns: minmax(6em, 1fr) repeat(3, minmax(0, 6em));
          column-gap: 0.5em;
        }
        .wide {
          display: none;
        }
      }
      [part~='step-count'] {
        font-weight: 600;
      }
      [part~='step-conversion'],
      [part~='step-previous'],
      [part~='step-drop-off'],
      [part~='step-time'] {
        color: var(--_muted);
      }
      [part~='breakdown'] {
        margin-top: 1em;
      }
    `,
  ];

  /**
   * Event names of the steps, in order. As an attribute, comma-separated:
   * `steps="page_view,view_item,add_to_cart,purchase"`; as a property, an array.
   */
  declare steps: string[];

  /** A dimension to break the funnel down by: `channel`, `source`, `referrer`, `campaign`, `device`, `browser`, `os` or `country`. */
  declare breakdown: string | undefined;

  /** Conversion window from the first step, `<N>m`, `<N>h` or `<N>d` (e.g. `7d`). */
  declare window: string | undefined;

  /** Chart data, rebuilt only when a new report arrives (the chart redraws on a new array). */
  #chartData: { report: FunnelReport; data: uPlot.AlignedData } | undefined;

  protected override chart = new UplotController(this, {
    container: () => this.chartContainer('chart'),
    data: () => {
      const report = this.report.status === 'ready' && !this.tableView ? this.report.data : undefined;
      if (!report) return undefined;
      if (this.#chartData?.report !== report) {
        this.#chartData = { report, data: [report.steps.map((_, index) => index), report.steps.map((step) => step.visitors)] };
      }
      return this.#chartData.data;
    },
    options: (zoom) =>
      categoryBarOptions({
        host: this,
        labels: () => this.report.data?.steps.map((step) => step.name) ?? [],
        formatValue: (value) => formatCompact(value, this.lang_),
        seriesLabel: this.t.funnel.visitors,
        zoom,
      }),
  });

  protected override query(): ReportQuery | undefined {
    if (this.steps.length === 0) return undefined;
    return { path: FUNNEL_PATH, params: { steps: this.steps.join(','), breakdown: this.breakdown, window: this.window } };
  }

  protected override parseReport(json: unknown): FunnelReport {
    return parseFunnelReport(json);
  }

  /** Step 1 counts everyone who entered the funnel; nobody there means nothing to show. */
  protected override isEmptyReport(report: FunnelReport): boolean {
    return (report.steps[0]?.visitors ?? 0) === 0;
  }

  protected override chartLabel(report: FunnelReport): string {
    const locale = this.lang_;
    return this.t.funnel.chartLabel(
      report.steps.map((step) => `${step.name} ${formatCount(step.visitors, locale)} (${formatPercent(step.conversion_from_first, locale)})`),
    );
  }

  protected override table(report: FunnelReport): TableData {
    const t = this.t.funnel;
    const locale = this.lang_;
    return {
      head: [t.step, t.visitors, t.ofFirst, t.ofPrevious, t.dropOff, `${t.medianTime} (s)`],
      rows: report.steps.map((step) => [
        step.name,
        { value: step.visitors, text: formatCount(step.visitors, locale) },
        { value: step.conversion_from_first, text: formatPercent(step.conversion_from_first, locale) },
        { value: step.conversion_from_previous, text: formatPercent(step.conversion_from_previous, locale) },
        { value: step.drop_off, text: formatCount(step.drop_off, locale) },
        { value: step.time_from_first?.median_s, text: step.time_from_first ? formatDuration(step.time_from_first.median_s, locale) : '' },
      ]),
    };
  }

  protected override renderReport(report: FunnelReport): TemplateResult {
    const t = this.t.funnel;
    return html`<div class="report">
      <div part="chart" role="img" aria-label=${this.chartLabel(report)}></div>
      <div class="row" aria-hidden="true">
        <span>${t.step}</span><span>${t.visitors}</span><span>${t.ofFirst}</span><span class="wide">${t.ofPrevious}</span
        ><span>${t.dropOff}</span><span class="wide">${t.medianTime}</span>
      </div>
      <ol part="steps">
        ${report.steps.map((step, index) => this.#renderStep(step, index))}
      </ol>
      ${report.breakdown?.rows.length ? this.#renderBreakdown(report) : nothing}
    </div>`;
  }

  #renderStep(step: FunnelStepResult, index: number): TemplateResult {
    const t = this.t.funnel;
    const locale = this.lang_;
    const hidden = (label: string) => html`<span class="visually-hidden">${label}: </span>`;
    // The click listener sits on the row so that a click anywhere in it counts; the
    // button inside makes the row focusable, and its keyboard activation bubbles here.
    return html`<li part="step" data-step=${step.name} @click=${() => this.#select(step, index)}>
      <button type="button" part="step-button">
        <span part="step-name">${step.name}</span>
        <span>${hidden(t.visitors)}<span part="step-count">${formatCount(step.visitors, locale)}</span></span>
        <span part="step-conversion">${hidden(t.ofFirst)}${formatPercent(step.conversion_from_first, locale)}</span>
        <span part="step-previous" class="wide"
          >${index === 0 ? '' : html`${hidden(t.ofPrevious)}${formatPercent(step.conversion_from_previous, locale)}`}</span
        >
        <span part="step-drop-off">${index === 0 ? '' : html`${hidden(t.dropOff)}${formatDelta(-step.drop_off, locale)}`}</span>
        <span part="step-time" class="wide"
          >${step.time_from_first ? html`${hidden(t.medianTime)}${formatDuration(step.time_from_first.median_s, locale)}` : ''}</span
        >
      </button>
    </li>`;
  }

  /** One row per breakdown value: its first-step count and its conversion to each later step. */
  #renderBreakdown(report: FunnelReport): TemplateResult {
    const locale = this.lang_;
    const t = this.t;
    const { dimension, rows } = report.breakdown!;
    const name = nameOf(dimension, t);
    return this.renderRows(
      {
        head: [name, ...report.steps.map((step) => step.name)],
        rows: rows.map((row) => [
          row.key || t.funnel.none,
          ...row.steps.map((step, index) =>
            index === 0 ? formatCount(step.visitors, locale) : formatPercent(step.conversion_from_first, locale),
          ),
        ]),
      },
      `${t.funnel.breakdown}: ${name}`,
      'table breakdown',
    );
  }

  #select(step: FunnelStepResult, index: number): void {
    this.dispatchEvent(
      new CustomEvent<FunnelSelectDetail>('vitrine-select', { detail: { step: step.name, index }, bubbles: true, composed: true }),
    );
  }
}

define('vitrine-funnel', VitrineFunnel);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-funnel': VitrineFunnel;
  }
}
