import { isbot } from 'isbot';
import { UAParser } from 'ua-parser-js';

/** What the User-Agent tells about the sender. */
export interface DeviceInfo {
  is_bot: boolean;
  browser: string | null;
  os: string | null;
  device_type: string;
}

const cache = new Map<string, DeviceInfo>();
const CACHE_SIZE = 5_000;

/**
 * Parses a User-Agent once per distinct string. Parsing costs tens of microseconds, and a
 * store's traffic has few distinct UAs, so a small cache keeps it off the ingest budget.
 * (It is parsed once per request anyway: every event of a batch shares its sender.)
 *
 * ua-parser-js names no device type for desktops, so that is the default. A missing UA
 * is a script, not a browser: it counts as a bot.
 */
export function deviceInfo(userAgent: string | undefined): DeviceInfo {
  const ua = userAgent ?? '';
  let info = cache.get(ua);
  if (info) return info;
  const parsed = new UAParser(ua).getResult();
  info = {
    is_bot: ua === '' || isbot(ua),
    browser: parsed.browser.name ?? null,
    os: parsed.os.name ?? null,
    device_type: parsed.device.type ?? 'desktop',
  };
  // Drop the oldest entry rather than grow without bound under UA-rotating bots.
  if (cache.size >= CACHE_SIZE) cache.delete(cache.keys().next().value!);
  cache.set(ua, info);
  return info;
}
