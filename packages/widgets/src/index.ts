/**
 * @vitrine/widgets: web components that chart a Vitrine collector's reports.
 *
 * Importing this module defines the elements (`<vitrine-funnel>`). The controllers
 * and helpers are exported too, for apps that build their own elements on them.
 * See ARCHITECTURE.md for how the pieces fit.
 */
export { VitrineFunnel, parseFunnelReport, type FunnelSelectDetail } from './elements/vitrine-funnel.js';
export {
  ReportController,
  ReportError,
  reportUrl,
  type ReportControllerOptions,
  type ReportHost,
  type ReportRequest,
  type ReportStatus,
  type TokenExpiredDetail,
} from './controllers/report-controller.js';
export { UplotController, type UplotControllerOptions } from './controllers/uplot-controller.js';
export { categoryBarOptions, type CategoryBarOptions } from './charts/bar-chart.js';
export {
  DEFAULT_LOCALE,
  formatCompact,
  formatCount,
  formatDelta,
  formatPercent,
  numberFormat,
  resolveLocale,
  type NumberStyle,
} from './lib/format.js';
export type { ChartTheme } from './lib/theme.js';
export type { FunnelReport, FunnelStepResult } from '@vitrine/schema';
