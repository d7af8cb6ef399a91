import { describe, expect, it } from 'vitest';
import { scrubUrl } from './scrub-url.js';

const scrub = (url: string, keys = ['token', 'email']) => scrubUrl(new URL(url), new Set(keys)).href;

describe('scrubUrl', () => {
  it('drops configured query keys, whatever their case, and keeps the rest in order', () => {
    expect(scrub('https://shop.example/p?a=1&Token=abc&b=2&email=x')).toBe('https://shop.example/p?a=1&b=2');
  });

  it('redacts e-mail addresses in the path, query values and fragment, raw or percent-encoded', () => {
    expect(scrub('https://shop.example/u/li.lei@example.com/orders')).toBe('https://shop.example/u/[email]/orders');
    expect(scrub('https://shop.example/?ref=wang%40example.cn&x=1')).toBe('https://shop.example/?ref=%5Bemail%5D&x=1');
    expect(scrub('https://shop.example/#contact=a.b@c.io')).toBe('https://shop.example/#contact=[email]');
  });

  it('leaves a clean URL as it was', () => {
    expect(scrub('https://shop.example/p/1?utm_source=x#top')).toBe('https://shop.example/p/1?utm_source=x#top');
  });
});
