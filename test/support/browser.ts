import { chromium, type Browser } from 'playwright-core';

/**
 * An ordinary desktop Chrome's User-Agent. Headless Chromium says "HeadlessChrome",
 * which the collector (rightly) flags as a bot and keeps out of every report; tests
 * play shoppers, so they present a shopper's browser.
 */
export const SHOPPER_USER_AGENT = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36';

/**
 * Launches Debian's Chromium (CHROME_PATH or /usr/bin/chromium), never a downloaded
 * browser. The flags keep it from reaching for Google's services, which this machine's
 * closed network refuses, and give it a shopper's User-Agent (see above).
 * `backForwardCache`: keep Chromium's back/forward cache, which Playwright disables.
 */
export function launchChromium({ backForwardCache = false } = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    // Playwright turns the back/forward cache off; a test of what the tracker does to it turns it back on.
    ignoreDefaultArgs: backForwardCache ? ['--disable-back-forward-cache'] : [],
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', `--user-agent=${SHOPPER_USER_AGENT}`],
  });
}
