import { css, html, type PropertyValues, type TemplateResult } from 'lit';
import { ContextConsumer, ContextProvider } from '@lit/context';
import { settingsContext, type VitrineSettings } from '../lib/context.js';
import { define } from '../lib/define.js';
import { VitrineSettingsElement } from './settings-element.js';

/**
 * Sets the endpoint, token, site, range, time zone, locale and theme once for every
 * widget inside it (through `@lit/context`); a widget's own attribute overrides its
 * provider's, and a provider inside another (a `<vitrine-dashboard>` in a page's
 * provider) passes on the outer settings it does not set itself. It draws nothing itself (`display: contents`).
 *
 * ```html
 * <vitrine-provider endpoint="https://stats.example.com" site="shop" range="30d" tz="Asia/Shanghai" locale="zh-CN">
 *   <vitrine-kpi metric="revenue"></vitrine-kpi>
 *   <vitrine-trend metrics="visitors"></vitrine-trend>
 * </vitrine-provider>
 * ```
 *
 * Set `token` as a property (`provider.token = …`): it is not reflected to an
 * attribute. When a widget inside fires `vitrine-token-expired`, setting a new token
 * here reloads every widget that failed.
 *
 * @slot - the widgets (and any other content).
 *
 * @tag vitrine-provider
 * @customElement vitrine-provider
 */
export class VitrineProvider extends VitrineSettingsElement {
  static override styles = css`
    :host {
      display: contents;
    }
  `;

  readonly #provider = new ContextProvider(this, { context: settingsContext, initialValue: {} });
  /** An enclosing provider's settings: a nested one (a dashboard in a page's provider) passes on what it does not set itself. */
  #outer: VitrineSettings = {};

  constructor() {
    super();
    // @lit/context never answers an element's own request, so this reaches the provider above.
    new ContextConsumer(this, { context: settingsContext, subscribe: true, callback: (outer) => ((this.#outer = outer ?? {}), this.requestUpdate()) });
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const { endpoint, site, token, range, from, to, tz, filters, locale, theme, refresh } = this;
    const merged: Record<string, unknown> = { ...this.#outer };
    for (const [key, value] of Object.entries({ endpoint, site, token, range, from, to, tz, filters, locale, theme, refresh })) if (value != null) merged[key] = value;
    this.#provider.setValue(merged);
  }

  protected override render(): TemplateResult {
    return html`<slot></slot>`;
  }
}

define('vitrine-provider', VitrineProvider);

declare global {
  interface HTMLElementTagNameMap {
    'vitrine-provider': VitrineProvider;
  }
}
