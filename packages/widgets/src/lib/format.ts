/**
 * Number formatting for every widget, built on `Intl.NumberFormat` so that each
 * locale gets its own digits, grouping and compact units (en: "12K", zh-CN: "1.2万",
 * ja: "1.2万", de: "12.345") without Vitrine shipping any locale data.
 */

/** The locale used when neither the element nor the document names one. */
export const DEFAULT_LOCALE = 'en';

/**
 * Picks the locale a widget formats with: its own `locale` attribute, else the
 * nearest `lang` attribute around it (usually `<html lang>`), else {@link DEFAULT_LOCALE}.
 * A tag that `Intl` rejects falls back too, so a typo in an attribute can't throw
 * inside a render.
 *
 * @param preferred - the element's `locale` attribute, if any
 * @param context - the element, to look up the `lang` of its ancestors
 * @returns a locale tag that `Intl.NumberFormat` accepts
 */
export function resolveLocale(preferred?: string | null, context?: Element): string {
  const candidates = [
    preferred,
    context?.closest<HTMLElement>('[lang]')?.lang,
    typeof document === 'undefined' ? undefined : document.documentElement.lang,
  ];
  for (const tag of candidates) {
    if (!tag) continue;
    try {
      // Throws a RangeError on a malformed tag; an unknown but well-formed one is fine.
      new Intl.NumberFormat(tag);
      return tag;
    } catch {
      // Try the next candidate.
    }
  }
  return DEFAULT_LOCALE;
}

/** The kinds of number a widget shows. */
export type NumberStyle = 'count' | 'compact' | 'percent' | 'delta';

const OPTIONS: Record<NumberStyle, Intl.NumberFormatOptions> = {
  // Whole visitors, with the locale's grouping: "1,234", "1 234", "1.234".
  count: { maximumFractionDigits: 0 },
  // Axis labels, where space is short: "12K", "1.2万", "3.4亿".
  compact: { notation: 'compact', maximumFractionDigits: 1 },
  // Ratios 0..1: "42.5%".
  percent: { style: 'percent', maximumFractionDigits: 1 },
  // Changes, always signed except zero: "-120", "+3".
  delta: { maximumFractionDigits: 0, signDisplay: 'exceptZero' },
};

// Constructing an Intl.NumberFormat is far slower than calling format(), and a
// widget formats every number on each render, so formatters are kept per locale.
const cache = new Map<string, Intl.NumberFormat>();

/**
 * Returns a cached `Intl.NumberFormat` for a locale and a number style.
 *
 * @param locale - a locale tag, e.g. from {@link resolveLocale}
 * @param style - what kind of number it formats
 */
export function numberFormat(locale: string, style: NumberStyle): Intl.NumberFormat {
  const key = `${locale}|${style}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, OPTIONS[style]);
    cache.set(key, format);
  }
  return format;
}

/**
 * Formats a count of visitors or events: `formatCount(1234, 'en')` is "1,234", and a
 * count under 1000 is just its digits.
 */
export function formatCount(value: number, locale: string): string {
  return numberFormat(locale, 'count').format(value);
}

/** Formats a number compactly for axis labels: "12K" in `en`, "1.2万" in `zh-CN`. */
export function formatCompact(value: number, locale: string): string {
  return numberFormat(locale, 'compact').format(value);
}

/** Formats a ratio (0..1) as a percentage: `formatPercent(0.4251, 'en')` is "42.5%". */
export function formatPercent(ratio: number, locale: string): string {
  return numberFormat(locale, 'percent').format(ratio);
}

/** Formats a signed change: `formatDelta(-120, 'en')` is "-120", zero is "0". */
export function formatDelta(value: number, locale: string): string {
  return numberFormat(locale, 'delta').format(value);
}
