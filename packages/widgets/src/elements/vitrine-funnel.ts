import { LitElement, css, html, unsafeCSS, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { createRef, ref } from 'lit/directives/ref.js';
import type uPlot from 'uplot';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { FUNNEL_PATH, type FunnelReport, type FunnelStepResult } from '@vitrine/schema';
import { categoryBarOptions } from '../charts/bar-chart.js';
import { ReportController, type ReportStatus } from '../controllers/report-controller.js';
import { UplotController } from '../controllers/uplot-controller.js';
import { listChanged, listConverter } from '../lib/attributes.js';
import { formatCompact, formatCount, formatDelta, formatPercent, resolveLocale } from '../lib/format.js';
import { errorMessage, messages } from '../lib/messages.js';
import { baseStyles } from '../styles/base.js';

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
 * and listed as text.
 *
 * ```html
 * <vitrine-funnel endpoint="https://stats.example.com" site="demo"
 *   steps="page_view,view_item,add_to_cart,purchase" token="…"></vitrine-funnel>
 * ```
 *
 * It fetches `GET {endpoint}/v1/reports/funnel` with the token as a Bearer header,
 * and fetches again whenever an input changes (aborting the request in flight).
 * Without `from`/`to` the collector reports on the last 30 days.
 *
 * @fires vitrine-data - `CustomEvent<FunnelReport>`: a report arrived and is rendered.
 * @fires vitrine-select - `CustomEvent<FunnelSelectDetail>`: a step row was clicked.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 *
 * @csspart chart - the uPlot chart's container (`role="img"`); its height is `--vitrine-chart-height`.
 * @csspart steps - the ordered list of steps under the chart.
 * @csspart step - one step (`<li>`), with `data-step="<event name>"`.
 * @csspart step-button - the button filling a step row.
 * @csspart step-name - a step's event name.
 * @csspart step-count - a step's visitor count, formatted for the locale.
 * @csspart step-conversion - the share of the first step's visitors who reached this one.
 * @csspart step-drop-off - visitors lost since the previous step (empty on the first).
 * @csspart loading - the skeleton shown while loading.
 * @csspart empty - the "No data for this period" message.
 * @csspart error - the error message and its Retry button.
 * @csspart retry - the Retry button.
 * @csspart idle - the hint shown until endpoint, site and steps are set.
 *
 * @cssprop --vitrine-accent - bar and focus color (default #4f46e5).
 * @cssprop --vitrine-fg - text color (default #1f2328).
 * @cssprop --vitrine-bg - background (default transparent).
 * @cssprop --vitrine-muted - secondary text and axis labels (default #6b7280).
 * @cssprop --vitrine-grid - grid lines and borders (default #e5e7eb).
 * @cssprop --vitrine-danger - error text (default #b42318).
 * @cssprop --vitrine-font - font family (default system-ui).
 * @cssprop --vitrine-font-size - base font size (default 14px).
 * @cssprop --vitrine-radius - corner radius (default 6px).
 * @cssprop --vitrine-chart-height - the chart's height (default 220px).
 */
export class VitrineFunnel extends LitElement {
  /** uPlot's own stylesheet comes first, adopted into the shadow root where the chart lives. */
  static override styles = [
    unsafeCSS(uplotCss),
    baseStyles,
    css`
      /* The query container is this wrapper, not the host: containing the host's size
         would collapse it to nothing in shrink-to-fit layouts (flex items, floats). */
      .report {
        container-type: inline-size;
      }
      [part~='chart'] {
        height: var(--vitrine-chart-height, 220px);
        overflow: hidden;
      }
      .skeleton-chart {
        height: var(--vitrine-chart-height, 220px);
      }
      .skeleton-row {
        height: 1.4em;
        margin-top: 0.6em;
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
        grid-template-columns: minmax(6em, 1fr) repeat(3, minmax(0, 6.5em));
        gap: 0.25em 1em;
        align-items: baseline;
        width: 100%;
        padding: 0.4em 0.5em;
        text-align: start;
      }
      .row {
        color: var(--_muted);
      }
      /* Smaller text on the cells, not the row: em-sized columns must match the rows below. */
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
      /* Narrow cards (phones, sidebars): less space between the columns. */
      @container (max-width: 28em) {
        .row,
        [part~='step-button'] {
          column-gap: 0.5em;
        }
      }
      [part~='step-count'] {
        font-weight: 600;
      }
      [part~='step-conversion'],
      [part~='step-drop-off'] {
        color: var(--_muted);
      }
    `,
  ];

  /** Base URL of the collector, e.g. `https://stats.example.com` (a path prefix is kept). */
  @property({ reflect: true }) accessor endpoint = '';

  /** The site's public key. */
  @property({ reflect: true }) accessor site = '';

  /**
   * Event names of the steps, in order. As an attribute, comma-separated:
   * `steps="page_view,view_item,add_to_cart,purchase"`; as a property, an array.
   */
  @property({ reflect: true, converter: listConverter, hasChanged: listChanged }) accessor steps: string[] = [];

  /**
   * Bearer token for reading reports. Deliberately *not* reflected: a token set as a
   * property stays out of the DOM, where attribute selectors, `outerHTML` and
   * session-replay scripts could read it. After a 401 (`vitrine-token-expired`),
   * setting a new one refetches; otherwise it is used from the next fetch on.
   */
  @property() accessor token: string | undefined;

  /** Inclusive start, an ISO 8601 date or date-time; omit for the collector's default range. */
  @property({ reflect: true }) accessor from: string | undefined;

  /** Exclusive end, an ISO 8601 date or date-time; omit for the collector's default range. */
  @property({ reflect: true }) accessor to: string | undefined;

  /** Locale for numbers, e.g. `zh-CN`. Defaults to the nearest `lang` attribute, then `en`. */
  @property({ reflect: true }) accessor locale: string | undefined;

  readonly #report = new ReportController<FunnelReport>(this, {
    request: () =>
      this.endpoint && this.site && this.steps.length
        ? {
            endpoint: this.endpoint,
            path: FUNNEL_PATH,
            params: { site: this.site, steps: this.steps.join(','), from: this.from, to: this.to },
            token: this.token,
          }
        : undefined,
    parse: parseFunnelReport,
    // Step 1 counts everyone who entered the funnel; nobody there means nothing to show.
    isEmpty: (report) => (report.steps[0]?.visitors ?? 0) === 0,
  });

  readonly #chartContainer = createRef<HTMLDivElement>();
  /** Chart data, rebuilt only when a new report arrives (the chart redraws on a new array). */
  #chartData: { report: FunnelReport; data: uPlot.AlignedData } | undefined;

  readonly #chart = new UplotController(this, {
    container: () => this.#chartContainer.value,
    data: () => {
      const report = this.#report.status === 'ready' ? this.#report.data : undefined;
      if (!report) return undefined;
      if (this.#chartData?.report !== report) {
        this.#chartData = { report, data: [report.steps.map((_, index) => index), report.steps.map((step) => step.visitors)] };
      }
      return this.#chartData.data;
    },
    options: () =>
      categoryBarOptions({
        host: this,
        labels: () => this.#report.data?.steps.map((step) => step.name) ?? [],
        formatValue: (value) => formatCompact(value, this.#locale),
        seriesLabel: messages.funnel.visitors,
      }),
  });

  #locale = 'en';

  /** Where the report stands: `idle`, `loading`, `ready`, `empty` or `error`. */
  get status(): ReportStatus {
    return this.#report.status;
  }

  /** The last report received for the current inputs, if any. */
  get report(): FunnelReport | undefined {
    return this.#report.data;
  }

  /** Fetches the report again with the current inputs. */
  retry(): void {
    this.#report.retry();
  }

  protected override willUpdate(): void {
    this.#locale = resolveLocale(this.locale, this);
  }

  protected override updated(changed: PropertyValues<this>): void {
    // Axis labels are formatted at draw time; recalculate them in the new locale.
    if (changed.has('locale')) this.#chart.plot?.redraw(false, true);
  }

  protected override render(): TemplateResult {
    switch (this.#report.status) {
      case 'loading':
        return this.#renderLoading();
      case 'error':
        return html`<div part="error" role="alert">
          <p>${errorMessage(this.#report.error)}</p>
          <button type="button" part="retry" @click=${() => this.#report.retry()}>${messages.retry}</button>
        </div>`;
      case 'empty':
        return html`<p part="empty" role="status">${messages.empty}</p>`;
      case 'ready':
        return this.#renderReport(this.#report.data!);
      default:
        return html`<p part="idle">${messages.idle}</p>`;
    }
  }

  #renderLoading(): TemplateResult {
    const rows = Math.max(this.steps.length, 2);
    return html`<div part="loading" role="status" aria-busy="true">
      <span class="visually-hidden">${messages.loading}</span>
      <div class="skeleton skeleton-chart"></div>
      ${Array.from({ length: rows }, () => html`<div class="skeleton skeleton-row"></div>`)}
    </div>`;
  }

  #renderReport(report: FunnelReport): TemplateResult {
    const locale = this.#locale;
    const t = messages.funnel;
    const summary = t.chartLabel(
      report.steps.map((step) => `${step.name} ${formatCount(step.visitors, locale)} (${formatPercent(step.conversion_from_first, locale)})`),
    );
    return html`<div class="report">
      <div part="chart" role="img" aria-label=${summary} ${ref(this.#chartContainer)}></div>
      <div class="row" aria-hidden="true">
        <span>${t.step}</span><span>${t.visitors}</span><span>${t.ofFirst}</span><span>${t.dropOff}</span>
      </div>
      <ol part="steps">
        ${report.steps.map((step, index) => this.#renderStep(step, index, locale))}
      </ol>
    </div>`;
  }

  #renderStep(step: FunnelStepResult, index: number, locale: string): TemplateResult {
    const t = messages.funnel;
    // The click listener sits on the row so that a click anywhere in it counts; the
    // button inside makes the row focusable, and its keyboard activation bubbles here.
    return html`<li part="step" data-step=${step.name} @click=${() => this.#select(step, index)}>
      <button type="button" part="step-button">
        <span part="step-name">${step.name}</span>
        <span><span class="visually-hidden">${t.visitors}: </span><span part="step-count">${formatCount(step.visitors, locale)}</span></span>
        <span part="step-conversion"><span class="visually-hidden">${t.ofFirst}: </span>${formatPercent(step.conversion_from_first, locale)}</span>
        <span part="step-drop-off"
          >${index === 0
            ? ''
            : html`<span class="visually-hidden">${t.dropOff}: </span>${formatDelta(-step.drop_off, locale)}`}</span
        >
      </button>
    </li>`;
  }

  #select(step: FunnelStepResult, index: number): void {
    this.dispatchEvent(
      new CustomEvent<FunnelSelectDetail>('vitrine-select', { detail: { step: step.name, index }, bubbles: true, composed: true }),
    );
  }
}

// Guarded so that loading the bundle twice (say, the script tag and an npm import)
// doesn't throw "already defined".
if (!customElements.get('vitrine-funnel')) customElements.define('vitrine-funnel', VitrineFunnel);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-funnel': VitrineFunnel;
  }
}
