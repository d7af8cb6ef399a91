/**
 * JSX typings of the Vitrine elements for React 19, which passes a custom element's
 * props as properties when the element has them (arrays, the token) and as attributes
 * otherwise, and listens to custom events through `on<event-name>` props.
 *
 * ```tsx
 * /// <reference types="@vitrine/widgets/react" />
 * import '@vitrine/widgets';
 * <vitrine-funnel steps={['page_view', 'purchase']} onvitrine-select={(e) => open(e.detail.step)} />
 * ```
 *
 * Hand-written (not generated), and type-checked against @types/react by
 * typecheck/react.typecheck.tsx on every `pnpm build`. Not under src/: that would make the package's own build
 * depend on @types/react. Needs `@types/react` 19 in the app.
 */
import type { HTMLAttributes, RefAttributes } from 'react';
import type {
  BreakdownReport,
  BreakdownSelectDetail,
  CommerceReport,
  ContentReport,
  FunnelReport,
  FunnelSelectDetail,
  RetentionReport,
  TokenExpiredDetail,
  TrendsReport,
  VitalsReport,
  VitrineBreakdown,
  VitrineCommerce,
  VitrineContent,
  VitrineDashboard,
  VitrineFunnel,
  VitrineKpi,
  VitrineProvider,
  VitrineRetention,
  VitrineTrend,
  VitrineVitals,
} from './dist/types/index.js';

/** The settings every element takes (see `<vitrine-provider>`). */
type Settings = 'endpoint' | 'site' | 'token' | 'range' | 'from' | 'to' | 'tz' | 'filters' | 'locale' | 'theme' | 'refresh';

/**
 * An element's own inputs (a list, such as `steps` or `metrics`, also as its comma-separated
 * string), the usual HTML attributes, a ref, and its events as `on<event>` props.
 */
type ElementProps<E extends HTMLElement, Own extends keyof E, Report = unknown, Select = never> = {
  [K in Own]?: E[K] extends readonly string[] ? E[K] | string : E[K];
} &
  Omit<HTMLAttributes<E>, Own & string> &
  RefAttributes<E> & {
    'onvitrine-data'?: (event: CustomEvent<Report>) => void;
    'onvitrine-token-expired'?: (event: CustomEvent<TokenExpiredDetail>) => void;
  } & ([Select] extends [never] ? unknown : { 'onvitrine-select'?: (event: CustomEvent<Select>) => void });

/** Inputs every report widget has besides the settings. */
type Widget = Settings | 'noToolbar' | 'tableView';

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'vitrine-provider': ElementProps<VitrineProvider, Settings>;
      'vitrine-funnel': ElementProps<VitrineFunnel, Widget | 'steps' | 'breakdown' | 'window', FunnelReport, FunnelSelectDetail>;
      'vitrine-trend': ElementProps<VitrineTrend, Widget | 'metrics' | 'interval' | 'compare' | 'currency', TrendsReport>;
      'vitrine-kpi': ElementProps<VitrineKpi, Widget | 'metric' | 'compare' | 'interval' | 'currency', TrendsReport>;
      'vitrine-breakdown': ElementProps<VitrineBreakdown, Widget | 'dimension' | 'metric' | 'limit', BreakdownReport, BreakdownSelectDetail>;
      'vitrine-retention': ElementProps<VitrineRetention, Widget | 'cohort' | 'period' | 'periods' | 'return', RetentionReport>;
      'vitrine-content': ElementProps<VitrineContent, Widget | 'limit' | 'windowDays', ContentReport>;
      'vitrine-commerce': ElementProps<VitrineCommerce, Widget | 'period' | 'periods' | 'limit', CommerceReport>;
      'vitrine-vitals': ElementProps<VitrineVitals, Widget, VitalsReport>;
      'vitrine-dashboard': ElementProps<VitrineDashboard, Settings | 'sections' | 'steps', unknown, FunnelSelectDetail | BreakdownSelectDetail>;
    }
  }
}
