import { describe, expect, it } from 'vitest';
import { entryOf } from './outbox.js';

const utf8 = (text: string) => new TextEncoder().encode(text).length;

describe('entryOf', () => {
  it('keeps the JSON text as it is, and the record holding it', () => {
    expect(entryOf('{"id":"a"}', 'key')).toEqual({ jsonText: '{"id":"a"}', jsonBytes: 10, record: 'key' });
  });

  it('counts the UTF-8 bytes of ASCII and of Chinese exactly', () => {
    for (const text of [JSON.stringify({ id: 'e1', url: 'https://shop.example/?q=1' }), JSON.stringify({ item_name: '丝绸围巾 Silk scarf', title: 'Bench - 基准' }), ''])
      expect(entryOf(text).jsonBytes).toBe(utf8(text));
  });

  it('never counts fewer bytes than UTF-8 takes, and at most one more per UTF-16 code unit', () => {
    for (const text of ['Bench · 基准', 'Écharpe en soie, 30 €', 'Ünïcödé ñ', '🎁 gift 🧣', 'Добрый день', 'مرحبا', '\u07ff\u0800\uffff']) {
      const json = JSON.stringify({ text });
      expect(entryOf(json).jsonBytes).toBeGreaterThanOrEqual(utf8(json));
      expect(entryOf(json).jsonBytes).toBeLessThanOrEqual(utf8(json) + json.length);
    }
  });
});
