import { css, html, nothing, type TemplateResult, type PropertyDeclarations } from 'lit';
import { listChanged, listConverter } from '../lib/attributes.js';
import { define } from '../lib/define.js';
import { VitrineProvider } from './vitrine-provider.js';
import './vitrine-breakdown.js';
import './vitrine-commerce.js';
import './vitrine-content.js';
import './vitrine-funnel.js';
import './vitrine-kpi.js';
import './vitrine-retention.js';
import './vitrine-trend.js';
import './vitrine-vitals.js';

/** One section of the dashboard: how wide it is and what it renders. */
export interface DashboardSection {
  /** Columns it spans in the 4-column grid (a narrow dashboard folds to two). */
  span: 1 | 2 | 4;
  /** The widget(s): elements without endpoint/site/…, which they take from the dashboard. */
  render: (dashboard: VitrineDashboard) => TemplateResult;
}

/**
 * The sections a dashboard knows, by name. To add one (say `retention`), register it,
 * here or at runtime: `VitrineDashboard.sections.retention = { span: 4, render: () => html\`<vitrine-retention></vitrine-retention>\` }`,
 * then list it in `sections` (or in {@link DEFAULT_SECTIONS}).
 */
export const DASHBOARD_SECTIONS: Record<string, DashboardSection> = {
  'kpi-visitors': { span: 1, render: () => html`<vitrine-kpi metric="visitors"></vitrine-kpi>` },
  'kpi-orders': { span: 1, render: () => html`<vitrine-kpi metric="orders"></vitrine-kpi>` },
  'kpi-revenue': { span: 1, render: () => html`<vitrine-kpi metric="revenue"></vitrine-kpi>` },
  'kpi-conversion': { span: 1, render: () => html`<vitrine-kpi metric="conversion_rate"></vitrine-kpi>` },
  trend: { span: 4, render: () => html`<vitrine-trend metrics="visitors,pageviews"></vitrine-trend>` },
  funnel: { span: 2, render: (d) => html`<vitrine-funnel .steps=${d.steps}></vitrine-funnel>` },
  channels: { span: 2, render: () => html`<vitrine-breakdown dimension="channel" limit="8"></vitrine-breakdown>` },
  pages: { span: 2, render: () => html`<vitrine-breakdown dimension="page" limit="8"></vitrine-breakdown>` },
  retention: { span: 4, render: () => html`<vitrine-retention></vitrine-retention>` },
  content: { span: 4, render: () => html`<vitrine-content limit="10"></vitrine-content>` },
  commerce: { span: 4, render: () => html`<vitrine-commerce></vitrine-commerce>` },
  vitals: { span: 2, render: () => html`<vitrine-vitals></vitrine-vitals>` },
};

/**
 * The sections shown when `sections` is not set: four KPIs, the trend, the funnel, channels
 * and pages. `retention`, `content`, `commerce` and `vitals` are registered too; list them in
 * `sections` to show them (eight widgets keep the default's first render fast).
 */
export const DEFAULT_SECTIONS = ['kpi-visitors', 'kpi-orders', 'kpi-revenue', 'kpi-conversion', 'trend', 'funnel', 'channels', 'pages'];

/**
 * A default shop dashboard in one tag: four KPI cards (visitors, orders, revenue,
 * conversion rate, each versus the same period last week), the visitors trend, the
 * purchase funnel, and the top channels and pages. It is a `<vitrine-provider>`:
 * every setting given to it reaches every widget in it.
 *
 * ```html
 * <vitrine-dashboard endpoint="https://stats.example.com" site="shop" range="30d" locale="zh-CN"></vitrine-dashboard>
 * ```
 *
 * @fires vitrine-data - from each widget, as its report is rendered.
 * @fires vitrine-select - from the funnel (a step) and the breakdowns (a row).
 * @fires vitrine-token-expired - from each widget whose token was refused; set `token` on the dashboard to reload them.
 *
 * @csspart grid - the grid of sections.
 * @csspart section - one section (a card), with `data-section="<name>"`.
 *
 * @cssprop --vitrine-dashboard-gap - space between cards (default 16px).
 * @cssprop --vitrine-card-bg - a card's background (default: none).
 * @cssprop --vitrine-card-border - a card's border (default 1px solid the grid color).
 * @cssprop --vitrine-radius - corner radius (default 6px).
 *
 * @tag vitrine-dashboard
 * @customElement vitrine-dashboard
 */
export class VitrineDashboard extends VitrineProvider {
  static override properties: PropertyDeclarations = {
    sections: { reflect: true, converter: listConverter, hasChanged: listChanged },
    steps: { reflect: true, converter: listConverter, hasChanged: listChanged },
  };

  constructor() {
    super();
    this.sections = DEFAULT_SECTIONS;
    this.steps = ['page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase'];
  }

  /** The registry of sections (shared by every dashboard; see {@link DASHBOARD_SECTIONS}). */
  static sections = DASHBOARD_SECTIONS;

  static override styles = css`
    :host {
      display: block;
      container-type: inline-size;
    }
    [part~='grid'] {
      display: grid;
      grid-template-columns: repeat(4, minmax(0, 1fr));
      gap: var(--vitrine-dashboard-gap, 16px);
    }
    [part~='section'] {
      min-width: 0;
      padding: 12px;
      background: var(--vitrine-card-bg, none);
      border: var(--vitrine-card-border, 1px solid color-mix(in srgb, currentColor 15%, transparent));
      border-radius: var(--vitrine-radius, 6px);
    }
    /* Two columns on a tablet: the 4-column spans fold (KPI cards stay two a row). */
    @container (max-width: 56em) {
      [part~='grid'] {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
      [part~='section']:not([data-span='1']) {
        grid-column: 1 / -1 !important;
      }
    }
  `;

  /** Which sections, in order (names of {@link DASHBOARD_SECTIONS}); comma-separated as an attribute. */
  declare sections: string[];

  /** The funnel's steps; default `page_view,view_item,add_to_cart,begin_checkout,purchase`. */
  declare steps: string[];

  protected override render(): TemplateResult {
    const registry = (this.constructor as typeof VitrineDashboard).sections;
    return html`<div part="grid">
      ${this.sections.map((name) => {
        const section = registry[name];
        return section
          ? html`<section part="section" data-section=${name} data-span=${section.span} .style=${`grid-column: span ${section.span}`}>
              ${section.render(this)}
            </section>`
          : nothing;
      })}
    </div>`;
  }
}

define('vitrine-dashboard', VitrineDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-dashboard': VitrineDashboard;
  }
}
