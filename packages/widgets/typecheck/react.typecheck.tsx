/// <reference path="../react.d.ts" />
// Compiled, never run (`pnpm build` type-checks it with tsconfig.react.json): the React
// JSX typings of react.d.ts accept what the README shows and refuse what would break.
import type { FunnelSelectDetail } from '../dist/types/index.js';

export const dashboard = (token: string, onSelect: (step: string) => void) => (
  <vitrine-provider endpoint="https://stats.example.com" site="shop" range="30d" locale="zh-CN" token={token}>
    <vitrine-kpi metric="revenue" compare="same_period_last_week" />
    <vitrine-funnel
      steps={['page_view', 'view_item', 'purchase']}
      onvitrine-select={(event: CustomEvent<FunnelSelectDetail>) => onSelect(event.detail.step)}
      onvitrine-token-expired={(event) => void event.detail}
    />
    <vitrine-trend metrics={['visitors', 'orders']} />
    <vitrine-trend metrics="visitors,orders" />
    <vitrine-retention period="week" />
    <vitrine-content />
    <vitrine-commerce />
    <vitrine-vitals />
    <vitrine-dashboard />
  </vitrine-provider>
);

// @ts-expect-error: steps is a list of event names, not a number.
export const wrongSteps = <vitrine-funnel steps={42} />;
// @ts-expect-error: there is no such element.
export const unknownElement = <vitrine-funel />;
