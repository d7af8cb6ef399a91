import { describe, expect, it } from 'vitest';
import { HashedKeySet } from './hashed-key-set.js';

describe('HashedKeySet', () => {
  it('holds what was added and nothing else, like a Set of strings', () => {
    const set = new HashedKeySet(10_000);
    const reference = new Set<string>();
    for (let i = 0; i < 10_000; i++) {
      const key = `shop\0${(i * 7919).toString(36)}-${i % 13}`;
      expect(set.add(key)).toBe(!reference.has(key));
      reference.add(key);
    }
    expect(set.size).toBe(reference.size);
    for (const key of reference) expect(set.has(key)).toBe(true);
    for (let i = 0; i < 10_000; i++) expect(set.has(`other\0${i}`)).toBe(false);
    // Near misses: one unit changed, swapped, or one more.
    expect(set.has('shop\0')).toBe(false);
    expect(set.has(`shop\0${(7919).toString(36)}-2`)).toBe(false);
    expect(set.has(`shop\0${(7919).toString(36)}-1 `)).toBe(false);
    expect(set.has(`shop\u0001${(7919).toString(36)}-1`)).toBe(false);
  });

  it('finds keys added after a deleted one on the same probe, and can take the deleted key again', () => {
    const set = new HashedKeySet(100);
    const keys = Array.from({ length: 64 }, (_, i) => `k${i}`);
    for (const key of keys) set.add(key);
    for (const key of keys.filter((_, i) => i % 2 === 0)) expect(set.delete(key)).toBe(true);
    expect(set.delete('k0')).toBe(false);
    expect(set.size).toBe(32);
    keys.forEach((key, i) => expect(set.has(key)).toBe(i % 2 === 1));
    expect(set.add('k0')).toBe(true);
    expect(set.has('k0')).toBe(true);
  });

  it('tells apart keys of any characters, Chinese and emoji included', () => {
    const set = new HashedKeySet(8);
    for (const key of ['丝绸围巾', '丝绸围', '🧣', '\ud83e', '', 'a\0b']) set.add(key);
    for (const key of ['丝绸围巾', '丝绸围', '🧣', '\ud83e', '', 'a\0b']) expect(set.has(key)).toBe(true);
    for (const key of ['丝绸', '🧣🧣', '\udde3', 'a\0c', ' ']) expect(set.has(key)).toBe(false);
  });

  it('refuses to hold more than its capacity, counting the slots of deleted keys', () => {
    const set = new HashedKeySet(2);
    set.add('a');
    expect(set.full).toBe(false);
    set.add('b');
    set.delete('b');
    // The deleted key's slot stays in use.
    expect(set.full).toBe(true);
    expect(set.size).toBe(1);
    expect(() => set.add('d')).toThrow(RangeError);
    expect(set.add('a')).toBe(false);
  });
});
