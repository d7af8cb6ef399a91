import type { Channel } from '../../store/event-store.js';

/** A known traffic source: its common name and the channel its unpaid traffic belongs to. */
export interface KnownSource {
  name: string;
  channel: Extract<Channel, 'search' | 'social' | 'email' | 'referral'>;
}

/**
 * Referrer domains of the sources a store in China or the West actually sees. A host
 * matches its own entry or any subdomain (`m.baidu.com` → `baidu.com`).
 *
 * Marketplaces (Taobao, Tmall, JD) are `referral`: a visit from them is a shopper
 * following a link, not a search engine result or a social post.
 */
export const KNOWN_SOURCES: Readonly<Record<string, KnownSource>> = {
  // Search
  'google.com': { name: 'Google', channel: 'search' },
  'bing.com': { name: 'Bing', channel: 'search' },
  'baidu.com': { name: 'Baidu', channel: 'search' },
  'sogou.com': { name: 'Sogou', channel: 'search' },
  'so.com': { name: '360 Search', channel: 'search' },
  'sm.cn': { name: 'Shenma', channel: 'search' },
  'yandex.ru': { name: 'Yandex', channel: 'search' },
  'yandex.com': { name: 'Yandex', channel: 'search' },
  'duckduckgo.com': { name: 'DuckDuckGo', channel: 'search' },
  'search.yahoo.com': { name: 'Yahoo', channel: 'search' },
  'yahoo.co.jp': { name: 'Yahoo Japan', channel: 'search' },
  'naver.com': { name: 'Naver', channel: 'search' },
  'ecosia.org': { name: 'Ecosia', channel: 'search' },
  'search.brave.com': { name: 'Brave Search', channel: 'search' },
  // Social
  'weixin.qq.com': { name: 'WeChat', channel: 'social' },
  'wechat.com': { name: 'WeChat', channel: 'social' },
  'weibo.com': { name: 'Weibo', channel: 'social' },
  'weibo.cn': { name: 'Weibo', channel: 'social' },
  't.cn': { name: 'Weibo', channel: 'social' },
  'douyin.com': { name: 'Douyin', channel: 'social' },
  'iesdouyin.com': { name: 'Douyin', channel: 'social' },
  'xiaohongshu.com': { name: 'Xiaohongshu', channel: 'social' },
  'xhslink.com': { name: 'Xiaohongshu', channel: 'social' },
  'zhihu.com': { name: 'Zhihu', channel: 'social' },
  'bilibili.com': { name: 'Bilibili', channel: 'social' },
  'b23.tv': { name: 'Bilibili', channel: 'social' },
  'kuaishou.com': { name: 'Kuaishou', channel: 'social' },
  'douban.com': { name: 'Douban', channel: 'social' },
  'facebook.com': { name: 'Facebook', channel: 'social' },
  'fb.com': { name: 'Facebook', channel: 'social' },
  'instagram.com': { name: 'Instagram', channel: 'social' },
  'x.com': { name: 'X', channel: 'social' },
  'twitter.com': { name: 'X', channel: 'social' },
  't.co': { name: 'X', channel: 'social' },
  'linkedin.com': { name: 'LinkedIn', channel: 'social' },
  'lnkd.in': { name: 'LinkedIn', channel: 'social' },
  'pinterest.com': { name: 'Pinterest', channel: 'social' },
  'reddit.com': { name: 'Reddit', channel: 'social' },
  'youtube.com': { name: 'YouTube', channel: 'social' },
  'tiktok.com': { name: 'TikTok', channel: 'social' },
  'threads.net': { name: 'Threads', channel: 'social' },
  // Web mail
  'mail.google.com': { name: 'Gmail', channel: 'email' },
  'outlook.live.com': { name: 'Outlook', channel: 'email' },
  'mail.qq.com': { name: 'QQ Mail', channel: 'email' },
  'mail.163.com': { name: 'NetEase Mail', channel: 'email' },
  'mail.126.com': { name: 'NetEase Mail', channel: 'email' },
  'mail.yahoo.com': { name: 'Yahoo Mail', channel: 'email' },
  // Marketplaces
  'taobao.com': { name: 'Taobao', channel: 'referral' },
  'tmall.com': { name: 'Tmall', channel: 'referral' },
  'jd.com': { name: 'JD', channel: 'referral' },
  'pinduoduo.com': { name: 'Pinduoduo', channel: 'referral' },
};

/**
 * The known source of a referrer host, trying the host and then each parent domain,
 * so `www.baidu.com`, `m.baidu.com` and `baidu.com` all find Baidu.
 * Country variants of Google and Bing (`google.co.uk`, `google.com.hk`) are matched by name.
 */
export function knownSource(host: string): KnownSource | undefined {
  let candidate = host.toLowerCase();
  for (;;) {
    const hit = KNOWN_SOURCES[candidate];
    if (hit) return hit;
    const dot = candidate.indexOf('.');
    if (dot < 0 || candidate.indexOf('.', dot + 1) < 0) break;
    candidate = candidate.slice(dot + 1);
  }
  if (/(^|\.)google\.[a-z.]+$/.test(host)) return KNOWN_SOURCES['google.com'];
  if (/(^|\.)bing\.[a-z.]+$/.test(host)) return KNOWN_SOURCES['bing.com'];
  return undefined;
}
