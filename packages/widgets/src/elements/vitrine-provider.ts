import { css, html, type PropertyValues, type TemplateResult } from 'lit';
import { ContextProvider } from '@lit/context';
import { settingsContext } from '../lib/context.js';
import { define } from '../lib/define.js';
import { VitrineSettingsElement } from './settings-element.js';

/**
 * Sets the endpoint, token, site, range, time zone, locale and theme once for every
 * widget inside it (through `@lit/context`); a widget's own attribute overrides its
 * provider's. It draws nothing itself (`display: contents`).
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

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    const { endpoint, site, token, range, from, to, tz, filters, locale, theme, refresh } = this;
    this.#provider.setValue({ endpoint, site, token, range, from, to, tz, filters, locale, theme, refresh });
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
