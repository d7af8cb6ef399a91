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
export type NumberStyle = 'count' | 'compact' | 'percent' | 'delta' | 'change';

const OPTIONS: Record<NumberStyle, Intl.NumberFormatOptions> = {
  // Whole visitors, with the locale's grouping: "1,234", "1 234", "1.234".
  count: { maximumFractionDigits: 0 },
  // Axis labels, where space is short: "12K", "1.2万", "3.4亿".
  compact: { notation: 'compact', maximumFractionDigits: 1 },
  // Ratios 0..1: "42.5%".
  percent: { style: 'percent', maximumFractionDigits: 1 },
  // Changes, always signed except zero: "-120", "+3".
  delta: { maximumFractionDigits: 0, signDisplay: 'exceptZero' },
  // Relative changes: "+12.3%", "-4%".
  change: { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' },
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

/** Formats a relative change (0.123) as a signed percentage: "+12.3%". */
export function formatChange(ratio: number, locale: string): string {
  return numberFormat(locale, 'change').format(ratio);
}

/** Formats a signed change: `formatDelta(-120, 'en')` is "-120", zero is "0". */
export function formatDelta(value: number, locale: string): string {
  return numberFormat(locale, 'delta').format(value);
}

/**
 * Formats an amount of money in its ISO 4217 currency: "¥1,234.50" in zh-CN for CNY,
 * "CN¥1,234.50" in en. `compact` gives "¥1.2万" for tight spaces (cards, axes).
 */
export function formatMoney(value: number, currency: string, locale: string, compact = false): string {
  const key = `${locale}|money|${currency}|${compact}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, {
      style: 'currency',
      currency,
      ...(compact ? { notation: 'compact', maximumFractionDigits: 1 } : {}),
    });
    cache.set(key, format);
  }
  return format.format(value);
}

/**
 * Formats money in several currencies, each on its own ("CN¥12.00 · US$3.00"): amounts
 * of different currencies are never added. "–" when there is none.
 */
export function formatMoneys(money: Record<string, number>, locale: string): string {
  return Object.entries(money).map(([currency, value]) => formatMoney(value, currency, locale)).join(' · ') || '–';
}

/**
 * Formats a duration in seconds with the largest unit that keeps it readable:
 * "45 sec", "2.5 min", "3.2 hr", "1.5 days" in en; "2.5分钟", "3.2小时" in zh-CN.
 */
export function formatDuration(seconds: number, locale: string): string {
  const [unit, size] =
    seconds < 60 ? (['second', 1] as const) : seconds < 3600 ? (['minute', 60] as const) : seconds < 86_400 ? (['hour', 3600] as const) : (['day', 86_400] as const);
  const key = `${locale}|duration|${unit}`;
  let format = cache.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'short', maximumFractionDigits: 1 });
    cache.set(key, format);
  }
  return format.format(seconds / size);
}

/** How a metric's values are written: the `unit` of a trends metric. */
export type ValueUnit = 'ratio' | 'seconds' | 'currency' | string;

/**
 * Formats a metric's value by its unit: ratios as percentages, seconds as durations,
 * money in `currency`, everything else as a count (compact when asked). A missing
 * value (a rate over nothing) is "–".
 */
export function formatValue(value: number | null | undefined, unit: ValueUnit, locale: string, currency = 'USD', compact = false): string {
  if (value == null || !Number.isFinite(value)) return '–';
  if (unit === 'ratio') return formatPercent(value, locale);
  if (unit === 'seconds') return formatDuration(value, locale);
  if (unit === 'currency') return formatMoney(value, currency, locale, compact);
  // Pages per session is a small mean: "2.3", as compact notation writes it.
  return compact || unit === 'pages' ? formatCompact(value, locale) : formatCount(value, locale);
}

// DateTimeFormat construction is as slow as NumberFormat's; cache them too.
const dates = new Map<string, Intl.DateTimeFormat>();

/** The date styles a widget shows: a day ("Nov 24"), or a day with its year ("Nov 24, 2026"). */
export type DateStyle = 'day' | 'year';

const DATE_OPTIONS: Record<DateStyle, Intl.DateTimeFormatOptions> = {
  day: { month: 'short', day: 'numeric' },
  year: { year: 'numeric', month: 'short', day: 'numeric' },
};

/**
 * Formats an instant as a date *in an explicit time zone* (the report's `tz`), never
 * the browser's: a shop in Shanghai reads its own days from anywhere.
 *
 * @param instant - Unix seconds (uPlot's x values) or a Date
 * @param tz - an IANA zone name; an invalid one falls back to UTC rather than throwing in a render
 */
export function formatDate(instant: number | Date, locale: string, tz: string | undefined, style: DateStyle = 'day'): string {
  const key = `${locale}|${tz}|${style}`;
  let format = dates.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat(locale, { ...DATE_OPTIONS[style], timeZone: tz || 'UTC' });
    } catch {
      format = new Intl.DateTimeFormat(locale, { ...DATE_OPTIONS[style], timeZone: 'UTC' });
    }
    dates.set(key, format);
  }
  return format.format(typeof instant === 'number' ? instant * 1000 : instant);
}
