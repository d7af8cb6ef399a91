import { expect } from '@open-wc/testing';
import { formatChange, formatCompact, formatCount, formatDate, formatDelta, formatDuration, formatMoney, formatPercent, formatValue, resolveLocale } from './format.js';

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

describe('format: money, dates and durations', () => {
  it('writes 万 and 亿 and ¥ in zh-CN, K and CN¥ in en', () => {
    expect(formatCompact(15_000, 'zh-CN')).to.equal('1.5万');
    expect(formatCompact(110_000_000, 'zh-CN')).to.equal('1.1亿');
    expect(formatMoney(1234.5, 'CNY', 'zh-CN')).to.equal('¥1,234.50');
    expect(formatMoney(15_000, 'CNY', 'zh-CN', true)).to.equal('¥1.5万');
    expect(formatMoney(1234.5, 'CNY', 'en')).to.equal('CN¥1,234.50');
    expect(formatValue(0.123, 'ratio', 'zh-CN')).to.equal('12.3%');
    expect(formatValue(null, 'visitors', 'en')).to.equal('–');
  });

  it('formats dates in the explicit time zone, not the browser one', () => {
    // 2026-01-01T16:30Z is already 2 January in Shanghai, still 1 January in New York.
    const instant = Date.UTC(2026, 0, 1, 16, 30) / 1000;
    expect(formatDate(instant, 'en', 'Asia/Shanghai')).to.equal('Jan 2');
    expect(formatDate(instant, 'en', 'America/New_York')).to.equal('Jan 1');
    expect(formatDate(instant, 'zh-CN', 'Asia/Shanghai', 'year')).to.equal('2026年1月2日');
    // A bad zone falls back to UTC instead of throwing in a render.
    expect(formatDate(instant, 'en', 'Not/AZone')).to.equal('Jan 1');
  });

  it('formats durations with the largest readable unit, and changes with a sign', () => {
    expect(formatDuration(45, 'en')).to.equal('45 sec');
    expect(formatDuration(150, 'en')).to.equal('2.5 min');
    expect(formatDuration(5400, 'zh-CN')).to.equal('1.5小时');
    expect(formatChange(0.1234, 'en')).to.equal('+12.3%');
    expect(formatChange(-0.05, 'zh-CN')).to.equal('-5%');
  });
});
