import { expect } from '@open-wc/testing';
import { formatCompact, formatCount, formatDelta, formatPercent, resolveLocale } from './format.js';

describe('format', () => {
  it('formats counts with the locale grouping, and small counts as digits', () => {
    expect(formatCount(1, 'en')).to.equal('1');
    expect(formatCount(999, 'en')).to.equal('999');
    expect(formatCount(1234567, 'en')).to.equal('1,234,567');
    expect(formatCount(1234, 'de')).to.equal('1.234');
  });

  it('formats compactly with the locale units (万 and 亿 in zh-CN)', () => {
    expect(formatCompact(12345, 'en')).to.equal('12.3K');
    expect(formatCompact(12345, 'zh-CN')).to.equal('1.2万');
    expect(formatCompact(340_000_000, 'zh-CN')).to.equal('3.4亿');
  });

  it('formats ratios as percentages and changes with a sign', () => {
    expect(formatPercent(0.4251, 'en')).to.equal('42.5%');
    expect(formatDelta(-120, 'en')).to.equal('-120');
    expect(formatDelta(0, 'en')).to.equal('0');
  });

  it('resolves the locale from the attribute, then the nearest lang, then en', () => {
    const outer = document.createElement('div');
    outer.lang = 'fr';
    const inner = outer.appendChild(document.createElement('span'));
    expect(resolveLocale('zh-CN', inner)).to.equal('zh-CN');
    expect(resolveLocale(undefined, inner)).to.equal('fr');
    // A malformed tag falls through instead of throwing in a render.
    expect(resolveLocale('not a locale!', inner)).to.equal('fr');
    const lang = document.documentElement.lang;
    document.documentElement.lang = '';
    try {
      expect(resolveLocale(undefined, document.createElement('span'))).to.equal('en');
    } finally {
      document.documentElement.lang = lang;
    }
  });
});
