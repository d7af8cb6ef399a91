// A Rollup plugin that squeezes the whitespace and comments out of the widgets' lit
// templates before bundling: terser keeps template literals byte for byte, and the
// indentation of css`` and html`` blocks is a good part of the bundle's budget.
// It runs after esbuild (list it after the TypeScript plugin), whose output has no
// comments left that a collapsed line break could swallow code into. Conservative on
// purpose: in html`` only runs of whitespace that contain a line break are touched (gone
// between two tags, one space elsewhere), so inline spacing a template spells out on one
// line is kept. Templates nested in another's ${…} (a list of rows) are found by a small
// scanner of the code, not a regular expression, so they are squeezed too.

/**
 * Minifies the text of a css`` template: comments, line breaks and spaces around
 * punctuation. `edges`: the text is the whole template, or begins or ends it, so space at
 * that end goes; space next to a ${…} stays (it may separate a selector from it).
 */
export function minifyCss(text, edges = { start: true, end: true }) {
  const min = text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    // Not around ':' before it: `a :is(b)` (descendant) differs from `a:is(b)`.
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}');
  return edges.start && edges.end ? min.trim() : edges.start ? min.trimStart() : edges.end ? min.trimEnd() : min;
}

/** Minifies the text of an html`` template (see the note above). */
export function minifyHtml(text) {
  return text.replace(/>\s*\n\s*</g, '><').replace(/\s*\n\s*/g, ' ');
}

/**
 * Drops the rules of uPlot's stylesheet that style its legend and title:
 * every widget turns them off (it shows its numbers as text in the shadow DOM instead), so those
 * rules would only cost bytes in every shadow root and in the bundle. The rest (layout,
 * cursor, selection) is adopted as uPlot ships it, minified.
 */
export function trimUplotCss(text) {
  return minifyCss(
    text
      .replace(/[^{}]*u-(legend|inline|series|title|value)\b[^{}]*\{[^}]*\}/g, '')
      // The font of the legend and title; canvas text takes its font from the options.
      .replace(/font-family:[^;}]*;?/g, ''),
  );
}

/** Words after which a `/` starts a regular expression, not a division. */
const BEFORE_REGEX = /(?:^|[^\w$])(?:return|typeof|case|do|else|in|of|new|delete|void|throw|instanceof|yield|await)$/;

/**
 * The static parts of every css`` and html`` template in `code`, nested ones included,
 * as `{ start, end, tag, first, last }` (offsets of the text between the backtick or a
 * ${…} and the next; `first`/`last`: the part begins or ends its template). A small
 * scanner of JavaScript: strings, template literals and their ${…} (to any depth),
 * comments, and regular expression literals, told from a division by what precedes the
 * slash. That is all esbuild's output needs; code it cannot scan to the end (unbalanced
 * brackets, an unterminated literal) gives `undefined`, and is then left as it is.
 */
export function templateParts(code) {
  const parts = [];
  const n = code.length;
  let i = 0;
  const fail = (why) => {
    throw new Error(`${why} at ${i}`);
  };
  const skipQuoted = (quote) => {
    for (i++; code[i] !== quote; i++) if (i >= n || code[i] === '\n') fail('unterminated string');
    else if (code[i] === '\\') i++;
    i++;
  };
  const skipRegex = () => {
    let inClass = false;
    for (i++; inClass || code[i] !== '/'; i++) {
      if (i >= n || code[i] === '\n') fail('unterminated regular expression');
      if (code[i] === '\\') i++;
      else if (code[i] === '[') inClass = true;
      else if (code[i] === ']') inClass = false;
    }
    for (i++; /[a-z]/i.test(code[i] ?? ''); i++);
  };
  /** From the backtick at `i` to after the closing one. */
  const template = (tag) => {
    let start = ++i;
    let first = true;
    for (;;) {
      if (i >= n) fail('unterminated template');
      if (code[i] === '\\') i += 2;
      else if (code[i] === '`') {
        if (tag) parts.push({ start, end: i, tag, first, last: true });
        i++;
        return;
      } else if (code[i] === '$' && code[i + 1] === '{') {
        if (tag) parts.push({ start, end: i, tag, first, last: false });
        i += 2;
        expression('}');
        start = i;
        first = false;
      } else i++;
    }
  };
  /** Code up to after the `close` bracket at depth 0, or to the end of the input. */
  const expression = (close) => {
    const open = [];
    let previous = '';
    while (i < n) {
      const c = code[i];
      if (c === '"' || c === "'") skipQuoted(c);
      else if (c === '`') template(/(?:^|[^\w$.])(html|css)$/.exec(code.slice(Math.max(0, i - 6), i))?.[1]);
      else if (c === '/' && code[i + 1] === '/') i = code.indexOf('\n', i) < 0 ? n : code.indexOf('\n', i);
      else if (c === '/' && code[i + 1] === '*') i = code.indexOf('*/', i + 2) < 0 ? fail('unterminated comment') : code.indexOf('*/', i + 2) + 2;
      else if (c === '/' && (!previous || /[(,=:[!&|?{};+\-*%<>~^]/.test(previous) || BEFORE_REGEX.test(code.slice(Math.max(0, i - 12), i).trimEnd()))) skipRegex();
      else {
        if (c === '(' || c === '[' || c === '{') open.push(c);
        else if (c === ')' || c === ']' || c === '}') {
          if (!open.length) {
            if (c !== close) fail(`unexpected ${c}`);
            i++;
            return;
          }
          if ('([{'[')]}'.indexOf(c)] !== open.pop()) fail(`unbalanced ${c}`);
        }
        if (!/\s/.test(c)) previous = c;
        i++;
        continue;
      }
      // A literal or comment was skipped: as an operand, it is followed by an operator.
      previous = 'x';
    }
    if (close || open.length) fail('unterminated expression');
  };
  try {
    expression(undefined);
    return parts;
  } catch {
    return undefined;
  }
}

/**
 * Squeezes every css`` and html`` template of `code` (see {@link templateParts}); the
 * code between and around them is kept byte for byte. `undefined` if nothing changed or
 * the code could not be scanned.
 */
export function minifyTemplatesIn(code) {
  const parts = templateParts(code);
  if (!parts?.length) return undefined;
  let out = '';
  let at = 0;
  for (const { start, end, tag, first, last } of parts.sort((a, b) => a.start - b.start)) {
    const text = code.slice(start, end);
    out += code.slice(at, start) + (tag === 'css' ? minifyCss(text, { start: first, end: last }) : minifyHtml(text));
    at = end;
  }
  out += code.slice(at);
  return out === code ? undefined : out;
}

/**
 * @param {{ include: (id: string) => boolean }} options - which modules to transform
 * @returns {import('rollup').Plugin}
 */
export function minifyTemplates({ include }) {
  return {
    name: 'minify-templates',
    transform(code, id) {
      // After the css-text plugin, uPlot's stylesheet is `export default "<css>";`.
      if (id.endsWith('uPlot.min.css')) {
        const css = JSON.parse(code.slice(code.indexOf('"'), code.lastIndexOf('"') + 1));
        return { code: `export default ${JSON.stringify(trimUplotCss(css))};`, map: { mappings: '' } };
      }
      if (!include(id)) return null;
      if (templateParts(code) === undefined) this.warn(`could not scan ${id}: its templates are left as they are`);
      const out = minifyTemplatesIn(code);
      return out === undefined ? null : { code: out, map: null };
    },
  };
}
