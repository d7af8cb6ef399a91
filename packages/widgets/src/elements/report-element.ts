import { html, nothing, unsafeCSS, type PropertyValues, type TemplateResult, type PropertyDeclarations } from 'lit';
import { ContextConsumer } from '@lit/context';
import uplotCss from 'uplot/dist/uPlot.min.css';
import { ReportController, type ReportStatus } from '../controllers/report-controller.js';
import { RefreshController } from '../controllers/refresh-controller.js';
import type { UplotController } from '../controllers/uplot-controller.js';
import { settingsContext, type VitrineSettings } from '../lib/context.js';
import { download, toCsv, type CsvCell } from '../lib/csv.js';
import { resolveLocale } from '../lib/format.js';
import { errorMessage, messagesFor, type Messages } from '../lib/messages.js';
import { readChartTheme } from '../lib/theme.js';
import { baseStyles } from '../styles/base.js';
import { VitrineSettingsElement } from './settings-element.js';

/** The system's dark mode, followed while no `theme` is set. */
const darkScheme = matchMedia('(prefers-color-scheme: dark)');

/**
 * A table cell: a raw value (what CSV gets) and, optionally, its formatted text (what
 * the table shows) and a `rate` (0..1) that shades it, for heatmaps: the cell gets
 * `data-rate` and a `--_rate` custom property through the CSSOM (never a style attribute).
 */
export type TableCell = CsvCell | { value: CsvCell; text: string | TemplateResult; rate?: number | null };

/** A widget's data as a table: the "show as table" view and the CSV export both come from it. */
export interface TableData {
  head: string[];
  rows: TableCell[][];
}

/** What a widget asks its collector for: the report's path and its own query parameters. */
export interface ReportQuery {
  path: string;
  params: Record<string, string | undefined>;
}

/**
 * The base of every report widget. A subclass declares its own inputs and says:
 * - {@link query}: the report path and parameters (or `undefined` while one is missing);
 * - {@link parseReport} / {@link isEmptyReport}: a structural check, and "nothing to show";
 * - {@link renderReport}: the report itself; {@link table}: the same data as rows;
 * - {@link chartLabel}: the accessible name of its chart;
 * - optionally {@link chart}, an `UplotController`, for PNG export.
 *
 * Templates never bind a `style` attribute (a strict CSP's `style-src` blocks those):
 * dynamic styles go through the `.style` property (CSSOM), and stylesheets are
 * adopted (`adoptedStyleSheets`), or get lit's `litNonce` where that is unsupported.
 *
 * Everything else is here, once: the shared inputs (own attribute, else the nearest
 * `<vitrine-provider>`'s), fetching with abort and 401 handling (`ReportController`),
 * auto-refresh (`RefreshController`), the loading / empty / error+retry / idle
 * states, locale and theme, the "show as table" toggle, and CSV and PNG export.
 *
 * @fires vitrine-data - `CustomEvent<Report>`: a report arrived and is rendered.
 * @fires vitrine-token-expired - `CustomEvent<TokenExpiredDetail>`: the collector answered 401; set a new `token` to reload.
 */
export abstract class VitrineReportElement<T> extends VitrineSettingsElement {
  static override properties: PropertyDeclarations = {
    noToolbar: { type: Boolean, reflect: true, attribute: 'no-toolbar' },
    tableView: { type: Boolean, reflect: true, attribute: 'table-view' },
    settings: { state: true },
  };

  /** uPlot's own stylesheet comes first, adopted into the shadow root where charts live. */
  static override styles = [unsafeCSS(uplotCss), baseStyles];

  /** Hides the toolbar (table toggle, CSV and PNG buttons). */
  declare noToolbar: boolean;

  /** Shows the data as a table instead of the chart (the toolbar's toggle). */
  declare tableView: boolean;

  /** Settings from the nearest `<vitrine-provider>`, if any. */
  declare protected settings: VitrineSettings | undefined;

  /** The resolved locale, for this render. */
  protected lang_ = 'en';
  /** The strings of {@link lang_}. */
  protected t: Messages = messagesFor('en');

  /** Fetches the report; subclasses read `status` and `data` from it. */
  protected readonly report = new ReportController<T>(this, {
    request: () => {
      const endpoint = this.setting('endpoint');
      const site = this.setting('site');
      const query = endpoint && site ? this.query() : undefined;
      if (!query) return undefined;
      const params = {
        site,
        range: this.setting('range'),
        from: this.setting('from'),
        to: this.setting('to'),
        tz: this.setting('tz'),
        filters: this.setting('filters'),
        ...query.params,
      };
      // A range preset and explicit dates are exclusive (the collector answers 400):
      // dates set on the element beat a range from the provider, and vice versa.
      if (params.range && (this.from || this.to) && !this.range) params.range = undefined;
      if (params.range) params.from = params.to = undefined;
      return { endpoint: endpoint!, path: query.path, params, token: this.setting('token') };
    },
    parse: (json) => this.parseReport(json),
    isEmpty: (report) => this.isEmptyReport(report),
  });

  /** The chart, if the widget draws one: PNG export and redraws on locale or theme changes use it. */
  protected chart: UplotController | undefined;

  constructor() {
    super();
    this.noToolbar = false;
    this.tableView = false;
    new ContextConsumer(this, { context: settingsContext, subscribe: true, callback: (settings) => (this.settings = settings) });
    new RefreshController(this, { seconds: () => this.setting('refresh'), refresh: () => this.report.refresh() });
  }

  /** Where the report stands: `idle`, `loading`, `ready`, `empty` or `error`. */
  get status(): ReportStatus {
    return this.report.status;
  }

  /** The last report received for the current inputs, if any. */
  get data(): T | undefined {
    return this.report.data;
  }

  /** Fetches the report again with the current inputs. */
  retry(): void {
    this.report.retry();
  }

  /** The widget's data as CSV text (UTF-8 BOM, formulas neutralised), or `''` without data. */
  exportCsv(): string {
    const data = this.report.status === 'ready' ? this.report.data : undefined;
    if (!data) return '';
    const { head, rows } = this.table(data);
    return toCsv([head, ...rows.map((row) => row.map((cell) => (cell !== null && typeof cell === 'object' ? cell.value : cell)))]);
  }

  /** Offers {@link exportCsv} as a download, `<tag>.csv`. */
  downloadCsv(): void {
    const csv = this.exportCsv();
    if (csv) download(new Blob([csv], { type: 'text/csv;charset=utf-8' }), `${this.localName}.csv`);
  }

  /** The chart as a PNG at 2× pixel density, on the theme's background; `null` without a chart. */
  async exportPng(): Promise<Blob | null> {
    return (await this.chart?.png(2, readChartTheme(this).background)) ?? null;
  }

  /** Offers {@link exportPng} as a download, `<tag>.png`. */
  async downloadPng(): Promise<void> {
    const png = await this.exportPng();
    if (png) download(png, `${this.localName}.png`);
  }

  /**
   * The element a chart goes into: the shadow root's `[part~=<part>]`, rendered only
   * in the `ready` state (a query, not a `ref()` directive: it is what an
   * `UplotController` asks for after each update, and saves the directive's bytes).
   */
  protected chartContainer(part: string): HTMLElement | undefined {
    return this.renderRoot.querySelector<HTMLElement>(`[part~='${part}']`) ?? undefined;
  }

  /** A setting: the element's own attribute or property, else its provider's. */
  protected setting<K extends keyof VitrineSettings>(key: K): VitrineSettings[K] {
    const own = (this as VitrineSettings)[key];
    return own !== undefined && own !== '' ? own : this.settings?.[key];
  }

  /** The report path and this widget's own parameters, or `undefined` while one is missing. */
  protected abstract query(): ReportQuery | undefined;
  /** Checks that the JSON is this widget's report; throws if not. */
  protected abstract parseReport(json: unknown): T;
  /** Whether the report has nothing to show. */
  protected abstract isEmptyReport(report: T): boolean;
  /** Renders a ready report. */
  protected abstract renderReport(report: T): TemplateResult;
  /** The report as a table (table view and CSV). */
  protected abstract table(report: T): TableData;
  /** The accessible name of the widget's chart (and its table's caption). */
  protected abstract chartLabel(report: T): string;

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.lang_ = resolveLocale(this.setting('locale'), this);
    this.t = messagesFor(this.lang_);
    const theme = this.setting('theme');
    this.dataset.theme = theme === 'light' || theme === 'dark' ? theme : darkScheme.matches ? 'dark' : 'light';
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    // Axis labels and canvas colors are resolved at draw time: draw again in the new locale or theme.
    if (this.#drawn !== `${this.lang_} ${this.dataset.theme}`) {
      this.#drawn = `${this.lang_} ${this.dataset.theme}`;
      this.chart?.plot?.redraw(false, true);
    }
  }

  /** The locale and theme the canvas was last drawn in. */
  #drawn = '';
  readonly #onScheme = () => this.requestUpdate();

  override connectedCallback(): void {
    super.connectedCallback();
    darkScheme.addEventListener('change', this.#onScheme);
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    darkScheme.removeEventListener('change', this.#onScheme);
  }

  protected override render(): TemplateResult {
    const t = this.t;
    switch (this.report.status) {
      case 'loading':
        return html`<div part="loading" role="status" aria-busy="true">
          <span class="visually-hidden">${t.loading}</span>${this.renderSkeleton()}
        </div>`;
      case 'error':
        return html`<div part="error" role="alert">
          <p>${errorMessage(this.report.error, t)}</p>
          <button type="button" part="retry" @click=${() => this.report.retry()}>${t.retry}</button>
        </div>`;
      case 'empty':
        return html`<p part="empty" role="status">${t.empty}</p>`;
      case 'ready': {
        const report = this.report.data!;
        return html`${this.renderToolbar()}${this.tableView ? this.renderTable(report) : this.renderReport(report)}`;
      }
      default:
        return html`<p part="idle">${t.idle}</p>`;
    }
  }

  /** The loading skeleton: a chart-sized block and a few rows. */
  protected renderSkeleton(): TemplateResult {
    return html`<div class="skeleton skeleton-chart"></div>
      <div class="skeleton skeleton-row"></div>
      <div class="skeleton skeleton-row"></div>`;
  }

  /** Table toggle, CSV and PNG buttons. */
  protected renderToolbar(): TemplateResult | typeof nothing {
    if (this.noToolbar) return nothing;
    const t = this.t;
    return html`<div part="toolbar">
      <button type="button" part="table-toggle" aria-pressed=${this.tableView} @click=${() => (this.tableView = !this.tableView)}>
${t.showTable}
      </button>
      <button type="button" part="export-csv" title=${t.downloadCsv} @click=${() => this.downloadCsv()}>CSV</button>
      ${this.chart && !this.tableView
        ? html`<button type="button" part="export-png" title=${t.downloadPng} @click=${() => this.downloadPng()}>PNG</button>`
        : nothing}
    </div>`;
  }

  /** The "show as table" view: the same rows as the CSV, formatted. */
  protected renderTable(report: T): TemplateResult {
    return this.renderRows(this.table(report), this.chartLabel(report));
  }

  /**
   * Renders rows as a `<table part="table …">`: the first cell of a row is its header.
   * `sortable` makes each column header a button that sorts by its raw values (again:
   * the other way), for the widget's lifetime; `aria-sort` tells which.
   */
  protected renderRows({ head, rows }: TableData, caption: string, part = 'table', sortable = false): TemplateResult {
    const value = (cell: TableCell | undefined) => (cell !== null && typeof cell === 'object' ? cell.value : cell) ?? '';
    const [by, flip] = this.#sort;
    // Numbers largest first, text A to Z; `flip` turns it around.
    const dir = rows.some((row) => typeof value(row[by]) === 'number') ? -flip : flip;
    if (sortable && by >= 0) {
      rows = [...rows].sort((a, b) => {
        const x = value(a[by]);
        const y = value(b[by]);
        return dir * (typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y)));
      });
    }
    return html`<table part=${part}>
      <caption class="visually-hidden">${caption}</caption>
      <thead>
        <tr>
          ${head.map((cell, index) =>
            sortable
              ? html`<th scope="col" aria-sort=${by === index ? (dir > 0 ? 'ascending' : 'descending') : 'none'}>
                  <button type="button" part="sort" @click=${() => this.#sortBy(index)}>${cell}</button>
                </th>`
              : html`<th scope="col">${cell}</th>`,
          )}
        </tr>
      </thead>
      <tbody>
        ${rows.map(
          (row) =>
            html`<tr>
              ${row.map((cell, index) => {
                const object = cell !== null && typeof cell === 'object';
                const text = object ? cell.text : (cell ?? '');
                return index === 0
                  ? html`<th scope="row">${text}</th>`
                  : object && cell.rate != null
                    ? html`<td data-rate .style=${`--_rate:${cell.rate}`}>${text}</td>`
                    : html`<td>${text}</td>`;
              })}
            </tr>`,
        )}
      </tbody>
    </table>`;
  }

  /** The sorted column (-1: the report's order), and 1, or -1 once clicked again. */
  #sort: [number, number] = [-1, 1];

  /** Sorts by a column; again, the other way. */
  #sortBy(index: number): void {
    this.#sort = [index, this.#sort[0] === index ? -this.#sort[1] : 1];
    this.requestUpdate();
  }
}
