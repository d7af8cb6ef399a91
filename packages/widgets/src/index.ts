/**
 * @vitrine/widgets: web components that chart a Vitrine collector's reports.
 *
 * Importing this module defines every element (`<vitrine-provider>`, `<vitrine-funnel>`,
 * `<vitrine-trend>`, `<vitrine-kpi>`, `<vitrine-breakdown>`, `<vitrine-retention>`,
 * `<vitrine-content>`, `<vitrine-commerce>`, `<vitrine-vitals>`, `<vitrine-dashboard>`).
 * Each element also has its own entry point (`@vitrine/widgets/vitrine-trend.js`) that
 * defines only it. The base class, controllers and helpers are exported for elements
 * built on them. See ARCHITECTURE.md for how the pieces fit.
 */
export { VitrineProvider } from './elements/vitrine-provider.js';
export { VitrineFunnel, parseFunnelReport, type FunnelSelectDetail } from './elements/vitrine-funnel.js';
export { VitrineTrend } from './elements/vitrine-trend.js';
export { VitrineKpi } from './elements/vitrine-kpi.js';
export {
  VitrineBreakdown,
  parseBreakdownReport,
  breakdownValue,
  type BreakdownMetric,
  type BreakdownSelectDetail,
} from './elements/vitrine-breakdown.js';
export { VitrineRetention, parseRetentionReport } from './elements/vitrine-retention.js';
export { VitrineContent, parseContentReport } from './elements/vitrine-content.js';
export { VitrineCommerce, parseCommerceReport } from './elements/vitrine-commerce.js';
export { VitrineVitals, parseVitalsReport } from './elements/vitrine-vitals.js';
export { VitrineDashboard, DASHBOARD_SECTIONS, DEFAULT_SECTIONS, type DashboardSection } from './elements/vitrine-dashboard.js';
export { VitrineReportElement, type ReportQuery, type TableCell, type TableData } from './elements/report-element.js';
export { VitrineSettingsElement } from './elements/settings-element.js';
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
export { RefreshController, type RefreshControllerOptions } from './controllers/refresh-controller.js';
export { categoryBarOptions, type CategoryBarOptions } from './charts/bar-chart.js';
export { timeSeriesOptions, type LineSeries, type TimeSeriesOptions } from './charts/line-chart.js';
export { settingsContext, type VitrineSettings } from './lib/context.js';
export { define } from './lib/define.js';
export { BOM, csvCell, toCsv, download, type CsvCell } from './lib/csv.js';
export { pointForKey } from './lib/keys.js';
export { messages, messagesFor, nameOf, errorMessage, type Messages } from './lib/messages.js';
export { parseTrendsReport, isEmptyTrends, formatMetric, relativeChange, LOWER_IS_BETTER } from './lib/trends.js';
export {
  DEFAULT_LOCALE,
  formatChange,
  formatCompact,
  formatCount,
  formatDate,
  formatDelta,
  formatDuration,
  formatMoney,
  formatMoneys,
  formatPercent,
  formatValue,
  numberFormat,
  resolveLocale,
  type DateStyle,
  type NumberStyle,
  type ValueUnit,
} from './lib/format.js';
export { readChartTheme, type ChartTheme } from './lib/theme.js';
export type {
  FunnelReport,
  FunnelStepResult,
  TrendsReport,
  BreakdownReport,
  BreakdownRow,
  RetentionReport,
  ContentReport,
  CommerceReport,
  VitalsReport,
} from '@vitrine/schema';
