import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Hub } from '../tracker.js';

/**
 * Core Web Vitals, measured by Google's `web-vitals`: each of LCP, INP, CLS, FCP and
 * TTFB records `web_vital` once its value is final (LCP, INP and CLS when the page is
 * hidden), with `metric`, `value` (milliseconds, rounded; CLS unitless, to 4 decimals),
 * `rating` (`good`, `needs-improvement`, `poor`) and `navigation_type`.
 *
 * Only in `vitrine.full.js` and, for npm, through `webVitals()`: it is half the size of
 * the rest of the tracker.
 */
export function captureVitals(hub: Hub): void {
  const report = ({ name, value, rating, navigationType }: Metric): void =>
    hub.track('web_vital', { metric: name, value: name == 'CLS' ? Math.round(value * 1e4) / 1e4 : Math.round(value), rating, navigation_type: navigationType });
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(report);
}
