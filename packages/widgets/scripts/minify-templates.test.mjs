import { describe, expect, it } from 'vitest';
import { minifyCss, minifyTemplatesIn, templateParts } from './minify-templates.mjs';

describe('minifyTemplatesIn', () => {
  it('squeezes templates nested in the ${…} of another, and leaves the code between them as it is', () => {
    const code = 'render() { return html`<ul>\n  ${rows.map((row) => html`\n    <li title="${row.name}">${row.count / 2}</li>\n  `)}\n</ul>`; }';
    expect(minifyTemplatesIn(code)).toBe('render() { return html`<ul> ${rows.map((row) => html` <li title="${row.name}">${row.count / 2}</li> `)} </ul>`; }');
  });

  it('drops line breaks between two tags, and keeps spacing written on one line', () => {
    expect(minifyTemplatesIn('html`<b>a</b>\n    <i>b</i>  <u>c</u>`')).toBe('html`<b>a</b><i>b</i>  <u>c</u>`');
  });

  it('does not take a backtick in a regular expression, a string or a comment for a template', () => {
    const code = 'const a = /`[}]/g.test(s) ? "html`\\n  x" : \'`\'; /* html`\n  y */\nconst b = html`<p>\n  ${a}</p>`;';
    expect(minifyTemplatesIn(code)).toBe(code.replace('<p>\n  ${a}', '<p> ${a}'));
  });

  it('tells a division from a regular expression', () => {
    const code = 'const half = total / 2, r = x.match(/a\\/b/), t = html`<i>\n${half / 3}</i>`; return /`/.test(t);';
    expect(templateParts(code)?.map(({ tag }) => tag)).toEqual(['html', 'html']);
    expect(minifyTemplatesIn(code)).toBe(code.replace('<i>\n', '<i> '));
  });

  it('keeps the space between a css`` expression and the selector after it (a descendant combinator)', () => {
    expect(minifyTemplatesIn('css`\n  :host { color: red; }\n  ${base} .bar {\n    margin: 0;\n  }\n`')).toBe('css`:host{color:red}${base} .bar{margin:0}`');
  });

  it('leaves code it cannot scan alone', () => {
    const code = 'const t = html`<p>\n  ${open(}</p>`;';
    expect(templateParts(code)).toBeUndefined();
    expect(minifyTemplatesIn(code)).toBeUndefined();
  });
});

describe('minifyCss', () => {
  it('removes comments and the spaces around punctuation, and trims only at the template edges', () => {
    expect(minifyCss('/* x */ a > b , c { color: red ; }\n')).toBe('a>b,c{color:red}');
    expect(minifyCss(' .a { margin: 0 } ', { start: false, end: true })).toBe(' .a{margin:0}');
  });
});
