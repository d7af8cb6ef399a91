import type { Random } from './prng.js';
import type { Region } from './traffic-sources.js';

/** The device classes the collector derives from a User-Agent (`device_type`). */
export type DeviceClass = 'desktop' | 'mobile' | 'tablet';

/** A real browser's User-Agent and the device class it reveals. */
export interface Browser {
  ua: string;
  device: DeviceClass;
  /** Relative share among Chinese and Western visitors. */
  cn: number;
  west: number;
}

/**
 * Browsers as the store's visitors use them: in China mostly phones, with WeChat's and
 * Huawei's browsers; in the West more desktops, Safari and Chrome. The strings are
 * real ones, so that the collector's ua-parser-js and isbot see what they would see.
 */
export const BROWSERS: readonly Browser[] = [
  { device: 'mobile', cn: 22, west: 14, ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1' },
  { device: 'mobile', cn: 16, west: 0, ua: 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.50(0x1800322c) NetType/WIFI Language/zh_CN' },
  { device: 'mobile', cn: 12, west: 0, ua: 'Mozilla/5.0 (Linux; Android 14; 23127PN0CC Build/UKQ1.230804.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/122.0.6261.120 Mobile Safari/537.36 XWEB/1220099 MMWEBSDK/20240404 MicroMessenger/8.0.49.2600(0x28003133) WeChat/arm64 Weixin NetType/5G Language/zh_CN ABI/arm64' },
  { device: 'mobile', cn: 8, west: 0, ua: 'Mozilla/5.0 (Linux; Android 12; NOH-AN00; HMSCore 6.13.0.302) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/114.0.5735.196 HuaweiBrowser/14.0.5.302 Mobile Safari/537.36' },
  { device: 'mobile', cn: 6, west: 10, ua: 'Mozilla/5.0 (Linux; Android 14; SM-S9180) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36' },
  { device: 'mobile', cn: 4, west: 0, ua: 'Mozilla/5.0 (Linux; U; Android 13; zh-CN; V2241A Build/TP1A.220624.014) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/100.0.4896.58 UCBrowser/16.3.8.1311 Mobile Safari/537.36' },
  { device: 'tablet', cn: 4, west: 4, ua: 'Mozilla/5.0 (iPad; CPU OS 17_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Mobile/15E148 Safari/604.1' },
  { device: 'tablet', cn: 2, west: 1, ua: 'Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Safari/537.36' },
  { device: 'desktop', cn: 12, west: 26, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36' },
  { device: 'desktop', cn: 6, west: 8, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.80' },
  { device: 'desktop', cn: 5, west: 14, ua: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4.1 Safari/605.1.15' },
  { device: 'desktop', cn: 1, west: 6, ua: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:126.0) Gecko/20100101 Firefox/126.0' },
  { device: 'desktop', cn: 3, west: 0, ua: 'Mozilla/5.0 (Windows NT 10.0; WOW64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/108.0.5359.95 Safari/537.36 QIHU 360SE' },
];

/** Crawlers and scripts, which the collector flags as bots (isbot) and every report leaves out. */
export const BOT_USER_AGENTS: readonly string[] = [
  'Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)',
  'Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)',
  'Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)',
  'Mozilla/5.0 (Linux; Android 5.0) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 (compatible; Bytespider; spider-feedback@bytedance.com)',
  'Sogou web spider/4.0(+http://www.sogou.com/docs/help/webmasters.htm#07)',
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.0.0 Safari/537.36',
  'python-requests/2.31.0',
  'curl/8.5.0',
];

/** A browser for a visitor of `region`. */
export const pickBrowser = (rng: Random, region: Region): Browser => rng.weighted(BROWSERS, (b) => b[region]);

/**
 * A plausible public IPv4 address for a visitor: Chinese carriers' ranges for Chinese
 * visitors, US and European ISPs' for Western ones. Only the first octet is chosen from
 * real allocations; the address is what makes cookieless ids and per-IP limits see
 * distinct visitors, not a geolocation.
 */
export function visitorIp(rng: Random, region: Region): string {
  const first = region === 'cn' ? rng.pick([36, 39, 58, 59, 60, 61, 101, 106, 111, 112, 113, 114, 115, 116, 117, 119, 120, 121, 122, 123, 124, 125, 180, 182, 183, 222, 223]) : rng.pick([24, 50, 68, 73, 76, 81, 82, 86, 88, 92, 98, 174]);
  return `${first}.${rng.int(0, 255)}.${rng.int(0, 255)}.${rng.int(1, 254)}`;
}
