// A Rollup plugin that squeezes the whitespace and comments out of the widgets' lit
// templates before bundling: terser keeps template literals byte for byte, and the
// indentation of css`` and html`` blocks is a good part of the bundle's budget.
// It runs after esbuild (list it after the TypeScript plugin), whose output has no
// comments left that a collapsed line break could swallow code into. Conservative on purpose: in html`` only runs of whitespace that contain a line break
// are touched (gone between two tags, one space elsewhere), so inline spacing a
// template spells out on one line is kept.

/** Minifies the text of a css`` template: comments, line breaks and spaces around punctuation. */
export function minifyCss(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    // Not around ':' before it: `a :is(b)` (descendant) differs from `a:is(b)`.
    .replace(/\s*([{};,>])\s*/g, '$1')
    .replace(/:\s+/g, ':')
    .replace(/;}/g, '}')
    .trim();
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
      // A template's static parts: between the backtick and the first ${, between } and
      // ${, … Our templates nest html`` inside ${…}; those are matched on their own.
      const out = code.replace(/\b(css|html)`([^`]*)`/g, (_match, tag, body) => {
        const parts = body.split(/(\$\{[^{}]*(?:\{[^{}]*\}[^{}]*)*\})/);
        const min = tag === 'css' ? minifyCss : minifyHtml;
        return `${tag}\`${parts.map((part, i) => (i % 2 ? part : min(part))).join('')}\``;
      });
      return out === code ? null : { code: out, map: null };
    },
  };
}
