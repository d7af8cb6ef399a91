import type { ReportError } from '../controllers/report-controller.js';

/**
 * Every user-visible string of the widgets, in English. They are kept in one place
 * so that translating them later (next to the Intl-based number formatting in
 * format.ts) is a change to this module, not a hunt through templates.
 */
export const messages = {
  idle: 'Set endpoint, site and steps to show this report.',
  loading: 'Loading report…',
  empty: 'No data for this period',
  retry: 'Retry',
  tokenExpired: 'Your session has expired. Sign in again to see this report.',
  network: "Couldn't reach the analytics server.",
  failed: "Couldn't load this report.",
  funnel: {
    step: 'Step',
    visitors: 'Visitors',
    ofFirst: 'Of first step',
    dropOff: 'Drop-off',
    /** The chart's accessible name, e.g. "Funnel of visitors per step: page_view 1,000 (100%); …". */
    chartLabel: (parts: string[]) => `Funnel of visitors per step: ${parts.join('; ')}`,
  },
} as const;

/**
 * The text shown for a failed report. The server's `reason` is shown as is, since the
 * collector writes it for people ("steps: at least 2 are needed"); templates render it
 * as text, never as HTML.
 */
export function errorMessage(error: ReportError | undefined): string {
  if (!error) return messages.failed;
  if (error.status === 401) return messages.tokenExpired;
  if (error.code === 'network') return messages.network;
  return error.reason ? `${messages.failed} ${error.reason}` : messages.failed;
}
