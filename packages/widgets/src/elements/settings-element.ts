import { LitElement, type PropertyDeclaration, type PropertyDeclarations } from 'lit';
import { listConverter } from '../lib/attributes.js';

/**
 * The settings every Vitrine element takes as attributes: where the collector is, whose
 * data, which period, and how to show it. `<vitrine-provider>` takes them to hand them
 * down; each report widget takes them to override its provider's. Both extend this
 * class, so the attributes are declared (and documented) once.
 */
export class VitrineSettingsElement extends LitElement {
  static override properties: PropertyDeclarations = {
    endpoint: { reflect: true },
    site: { reflect: true },
    token: {},
    range: { reflect: true },
    from: { reflect: true },
    to: { reflect: true },
    tz: { reflect: true },
    filters: { reflect: true },
    locale: { reflect: true },
    theme: { reflect: true },
    refresh: { type: Number, reflect: true },
  };

  /**
   * A list property (`steps`, `metrics`, `sections`) set to a string is read as its
   * attribute would be, a comma-separated list: React 19 and Vue set a custom element's
   * properties, so `<vitrine-trend metrics="visitors,orders">` in JSX or a Vue template
   * arrives as the string, where the element needs an array.
   */
  static override getPropertyDescriptor(name: PropertyKey, key: string | symbol, options: PropertyDeclaration): PropertyDescriptor | undefined {
    const descriptor = super.getPropertyDescriptor(name, key, options);
    const set = descriptor?.set;
    return options.converter === listConverter && set
      ? { ...descriptor, set(this: VitrineSettingsElement, value: unknown) { set.call(this, typeof value == 'string' ? listConverter.fromAttribute!(value) : value); } }
      : descriptor;
  }

  /** Base URL of the collector, e.g. `https://stats.example.com` (a path prefix is kept). */
  declare endpoint: string | undefined;

  /** The site's public key. */
  declare site: string | undefined;

  /**
   * Bearer token for reading reports. Deliberately *not* reflected: a token set as a
   * property stays out of the DOM, where attribute selectors, `outerHTML` and
   * session-replay scripts could read it. After a 401 (`vitrine-token-expired`),
   * setting a new one refetches; otherwise it is used from the next fetch on.
   */
  declare token: string | undefined;

  /** A range preset instead of from/to: `7d`, `30d`, `today`, `yesterday`, `this_month`, `last_month`, `this_year`. */
  declare range: string | undefined;

  /** Inclusive start, `YYYY-MM-DD` (local midnight in `tz`) or an ISO 8601 date-time. */
  declare from: string | undefined;

  /** End: a date includes that whole day; a date-time is exclusive. */
  declare to: string | undefined;

  /** IANA time zone of days and of every date shown, e.g. `Asia/Shanghai`. Default: the site's. */
  declare tz: string | undefined;

  /** Session filters, as the collector's `filters=`: `channel:search|social;path:/blog/*`. */
  declare filters: string | undefined;

  /** Locale of text, numbers and dates: `en` or `zh-CN` built in. Default: the nearest `lang`, then `en`. */
  declare locale: string | undefined;

  /** `light`, `dark`, or unset to follow `prefers-color-scheme`. */
  declare theme: string | undefined;

  /** Auto-refresh every this many seconds while the tab is visible; unset or 0 for never. */
  declare refresh: number | undefined;
}
