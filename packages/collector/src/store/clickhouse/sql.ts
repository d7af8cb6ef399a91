/**
 * Binding values into ClickHouse SQL text, because ClickHouse 18.16 cannot bind them.
 *
 * **ClickHouse 18.16 has no server-side query parameters.** `{name:Type}` placeholders
 * with `param_name=…` arrived in 19.x; 18.16 answers `Unknown setting param_name`. So
 * every value this store sends inside SQL text goes through {@link bindQuery}, which
 * turns it into a literal here, in the client, with a strict, typed escaper:
 *
 * - strings become single-quoted literals in which `\` and `'` are backslash-escaped and
 *   every control character (U+0000–U+001F, U+007F) is written as `\xHH`, so the text
 *   between the quotes holds no quote, no unpaired backslash and no raw control byte;
 * - numbers must be non-negative safe integers and are written as plain digits;
 * - anything else (a Date, a float, an unknown type, a missing or unused parameter) is
 *   refused with an error instead of being stringified.
 *
 * Row data never goes through here: inserts send JSONEachRow bodies, which the server
 * parses as data. `sql.test.ts` round-trips arbitrary Unicode through a real 18.16
 * server to prove the escaper, and the store contract's SQL-injection test runs on top.
 *
 * The placeholder syntax is deliberately the one newer servers bind themselves, so that
 * on ClickHouse ≥ 19 the same SQL can be sent with `query_params` instead, and this module
 * deleted, except for `In(String)`, see {@link bindQuery}.
 */

/** Lone UTF-16 surrogates, which have no UTF-8 encoding. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Replaces lone surrogates with U+FFFD. ClickHouse 18.16 refuses a JSON string holding
 * one (`missing second part of surrogate pair`), which would fail a whole group commit;
 * DuckDB stores U+FFFD for them, and so do we, so both stores hold the same text.
 */
export function wellFormed(value: string): string {
  return value.replace(LONE_SURROGATE, '\uFFFD');
}

/** Characters that must not appear raw inside a quoted literal. */
const NEEDS_ESCAPE = /[\\'\u0000-\u001F\u007F]/g;

/**
 * Quotes `value` as a ClickHouse string literal, for example `'it\'s'`.
 *
 * 18.16's lexer ends a literal at the first `'` not preceded by a backslash, and its
 * parser reads `\\`, `\'` and `\xHH` (exactly two hex digits). Escaping the backslash
 * first is what makes the rest safe: no input can produce an escape that eats our
 * closing quote. UTF-8 continuation bytes never equal `'` or `\`, so other characters
 * pass through unchanged.
 */
export function quoteString(value: string): string {
  if (typeof value !== 'string') throw new TypeError(`expected a string, got ${typeof value}`);
  const escaped = wellFormed(value).replace(NEEDS_ESCAPE, (c) => {
    if (c === '\\') return '\\\\';
    if (c === "'") return "\\'";
    return `\\x${c.charCodeAt(0).toString(16).padStart(2, '0').toUpperCase()}`;
  });
  return `'${escaped}'`;
}

/** An unsigned integer literal; refuses fractions, negatives and unsafe integers. */
function unsigned(value: unknown, max = Number.MAX_SAFE_INTEGER): string {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0 || value > max) {
    throw new TypeError(`expected an unsigned integer up to ${max}, got ${String(value)}`);
  }
  return String(value);
}

/** Epoch milliseconds of `date`, checked to fit this store's `UInt64` timestamp columns. */
export function epochMs(date: Date): number {
  const ms = date instanceof Date ? date.getTime() : Number.NaN;
  if (!Number.isSafeInteger(ms) || ms < 0) throw new TypeError(`expected a date at or after 1970, got ${String(date)}`);
  return ms;
}

/** Valid ClickHouse identifier this store creates (a database name, say); no quoting needed. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Values a placeholder may take. */
export type QueryValue = string | number | readonly string[];

const PLACEHOLDER = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9_()]+)\}/g;

function literal(type: string, value: QueryValue | undefined, name: string): string {
  switch (type) {
    case 'String':
      if (typeof value !== 'string') throw new TypeError(`parameter ${name}: expected a string`);
      return quoteString(value);
    case 'UInt8':
      return unsigned(value, 255);
    case 'UInt32':
      return unsigned(value, 0xffff_ffff);
    case 'UInt64':
      return unsigned(value);
    case 'In(String)': {
      // 18.16's IN wants a tuple, `x IN ('a', 'b')`: `x IN ['a', 'b']` is a type error there.
      // An empty list has no tuple syntax (and `IN emptyArrayString()` is refused), so callers
      // must not ask; it is an error here rather than a silently false condition.
      if (!Array.isArray(value) || value.length === 0 || !value.every((v) => typeof v === 'string')) {
        throw new TypeError(`parameter ${name}: expected a non-empty list of strings`);
      }
      return `(${value.map(quoteString).join(', ')})`;
    }
    default:
      throw new TypeError(`parameter ${name}: unsupported type ${type}`);
  }
}

/**
 * Substitutes `{name:Type}` placeholders in `sql` with literals of `params`.
 *
 * Types: `String`, `UInt8`, `UInt32`, `UInt64`, and `In(String)`, a non-empty list of
 * strings written as the tuple that 18.16's `IN` expects (a newer server would use
 * `Array(String)` there). The template is scanned once, so a value that itself looks
 * like a placeholder stays inert text. A placeholder without a value, or a value without
 * a placeholder, is an error: both are bugs in the caller.
 */
export function bindQuery(sql: string, params: Readonly<Record<string, QueryValue>>): string {
  const used = new Set<string>();
  const bound = sql.replace(PLACEHOLDER, (_match, name: string, type: string) => {
    if (!Object.prototype.hasOwnProperty.call(params, name)) throw new TypeError(`parameter ${name} has no value`);
    used.add(name);
    return literal(type, params[name], name);
  });
  for (const name of Object.keys(params)) {
    if (!used.has(name)) throw new TypeError(`parameter ${name} is not used in the query`);
  }
  return bound;
}
