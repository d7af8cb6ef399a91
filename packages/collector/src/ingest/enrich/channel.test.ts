import { describe, expect, it } from 'vitest';
import { classifyChannel, readUtm } from './channel.js';

const classify = (landing: string, referrer?: string) => {
  const url = new URL(landing);
  return classifyChannel(url.host, url.searchParams, readUtm(url.searchParams), referrer ? new URL(referrer).host : null);
};

describe('classifyChannel', () => {
  it.each([
    ['https://www.baidu.com/s?wd=x', 'search', 'Baidu'],
    ['https://m.sogou.com/web?query=x', 'search', 'Sogou'],
    ['https://www.so.com/s?q=x', 'search', '360 Search'],
    ['https://www.google.com.hk/', 'search', 'Google'],
    ['https://cn.bing.com/search?q=x', 'search', 'Bing'],
    ['https://mp.weixin.qq.com/s/abc', 'social', 'WeChat'],
    ['https://weibo.com/u/1', 'social', 'Weibo'],
    ['https://www.douyin.com/video/1', 'social', 'Douyin'],
    ['https://www.xiaohongshu.com/explore/1', 'social', 'Xiaohongshu'],
    ['https://zhuanlan.zhihu.com/p/1', 'social', 'Zhihu'],
    ['https://www.bilibili.com/video/BV1', 'social', 'Bilibili'],
    ['https://item.taobao.com/item.htm?id=1', 'referral', 'Taobao'],
    ['https://detail.tmall.com/item.htm?id=1', 'referral', 'Tmall'],
    ['https://mail.qq.com/', 'email', 'QQ Mail'],
    ['https://blog.example.org/post', 'referral', 'blog.example.org'],
  ])('%s → %s (%s)', (referrer, channel, source) => {
    expect(classify('https://shop.example/', referrer)).toEqual({ channel, source });
  });

  it('lets UTM tags and ad click ids win over the referrer', () => {
    expect(classify('https://shop.example/?utm_source=baidu&utm_medium=cpc', 'https://www.baidu.com/')).toEqual({ channel: 'paid', source: 'Baidu' });
    expect(classify('https://shop.example/?gclid=abc', 'https://www.google.com/')).toEqual({ channel: 'paid', source: 'Google' });
    expect(classify('https://shop.example/?bd_vid=123')).toEqual({ channel: 'paid', source: null });
    expect(classify('https://shop.example/?utm_source=weekly&utm_medium=email')).toEqual({ channel: 'email', source: 'weekly' });
    expect(classify('https://shop.example/?utm_source=kol_li&utm_medium=social')).toEqual({ channel: 'social', source: 'kol_li' });
  });

  it('calls no referrer direct, and the store itself internal', () => {
    expect(classify('https://shop.example/')).toEqual({ channel: 'direct', source: null });
    expect(classify('https://shop.example/cart', 'https://shop.example/p/1')).toEqual({ channel: 'internal', source: null });
  });
});
