import { chromium, type Browser } from 'playwright-core';

/**
 * Launches Debian's Chromium (CHROME_PATH or /usr/bin/chromium), never a downloaded
 * browser. The flags keep it from reaching for Google's services, which this machine's
 * closed network refuses.
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env.CHROME_PATH || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}
