import { LIMITS } from '@vitrine/schema';
import { describe, expect, it } from 'vitest';
import { scrubUrl } from './scrub.js';

describe('scrubUrl', () => {
  it('returns a URL with nothing to scrub byte for byte, UTM parameters included', () => {
    const url = 'https://shop.example/c/tea?utm_source=wechat&utm_medium=social&q=%E7%BB%BF%E8%8C%B6+gift';
    expect(scrubUrl(url, [''], false)).toBe(url);
  });

  it('drops the configured query keys and keeps the others in order', () => {
    expect(scrubUrl('https://shop.example/reset?token=abc&lang=zh-CN&session=9', ['token', 'session'], false)).toBe('https://shop.example/reset?lang=zh-CN');
    expect(scrubUrl('https://shop.example/?token=abc', ['token'], false)).toBe('https://shop.example/');
  });

  it('redacts e-mail addresses in query values, raw or encoded, and in the path', () => {
    expect(scrubUrl('https://shop.example/signup?email=jane.doe%2Bshop%40example.com&ref=mail', [], false)).toBe('https://shop.example/signup?email=redacted&ref=mail');
    expect(scrubUrl('https://shop.example/account/li.wei@example.cn/orders', [], false)).toBe('https://shop.example/account/redacted/orders');
    expect(scrubUrl('https://shop.example/?a=x@y.com&b=1', [], false)).toBe('https://shop.example/?a=redacted&b=1');
  });

  it('leaves what only looks like part of an address alone', () => {
    const url = 'https://shop.example/products/@brand/tea?at=@home';
    expect(scrubUrl(url, [], false)).toBe(url);
  });

  it('drops the fragment unless hash routing keeps it, and scrubs it then', () => {
    expect(scrubUrl('https://shop.example/#access_token=secret', [], false)).toBe('https://shop.example/');
    expect(scrubUrl('https://shop.example/#/cart?mail=a@b.com', [], true)).toBe('https://shop.example/#/cart?mail=redacted');
  });

  it('clips to the wire-format URL length', () => {
    expect(scrubUrl('https://shop.example/search?q=' + 'x'.repeat(5000), [], false)).toHaveLength(LIMITS.urlLength);
  });

  it('returns an empty string for what is not a URL (no referrer)', () => {
    expect(scrubUrl('', [], false)).toBe('');
    expect(scrubUrl('not a url', [], false)).toBe('');
  });
});
