import { css } from 'lit';

/**
 * Styles shared by every widget: theming, the host box, and the loading, empty,
 * idle and error states.
 *
 * Theming goes through public `--vitrine-*` custom properties, which a page can set
 * on the element or on any ancestor. Each is resolved once, here, into a private
 * `--_*` property with its default. Declaring the public ones on `:host` instead
 * would shadow values inherited from ancestors, and the chart code reads the
 * private ones to color its canvas (see lib/theme.ts).
 */
export const baseStyles = css`
  :host {
    --_accent: var(--vitrine-accent, #4f46e5);
    --_fg: var(--vitrine-fg, #1f2328);
    --_bg: var(--vitrine-bg, transparent);
    --_canvas: var(--vitrine-bg, #fff);
    --_muted: var(--vitrine-muted, #6b7280);
    --_grid: var(--vitrine-grid, #e5e7eb);
    --_danger: var(--vitrine-danger, #b42318);
    --_good: var(--vitrine-good, #067647);
    --_series-1: var(--vitrine-series-1, var(--_accent));
    /* Mid-tone series colors, legible on light and dark backgrounds alike. */
    --_series-2: var(--vitrine-series-2, #0ba5a0);
    --_series-3: var(--vitrine-series-3, #e07c12);
    --_series-4: var(--vitrine-series-4, #d4449a);
    --_font: var(--vitrine-font, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_radius: var(--vitrine-radius, 6px);
    --_skeleton: var(--vitrine-skeleton, color-mix(in srgb, var(--_fg) 8%, transparent));
    display: block;
    box-sizing: border-box;
    color: var(--_fg);
    background: var(--_bg);
    font-family: var(--_font);
    font-size: var(--vitrine-font-size, 14px);
    line-height: 1.4;
  }
  /* Dark defaults, on the host's data-theme="dark": its theme attribute (or its provider's)
     if set, else the system's prefers-color-scheme (resolved in JS, which also redraws the
     canvas when the system switches). Colors a page sets through --vitrine-* win in both. */
  :host([data-theme='dark']) {
    --_accent: var(--vitrine-accent, #818cf8);
    --_fg: var(--vitrine-fg, #e6edf3);
    --_canvas: var(--vitrine-bg, #0d1117);
    --_muted: var(--vitrine-muted, #9198a1);
    --_grid: var(--vitrine-grid, #30363d);
    --_danger: var(--vitrine-danger, #f97066);
    --_good: var(--vitrine-good, #47cd89);
  }
  :host([hidden]) {
    display: none;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }

  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip-path: inset(50%);
    white-space: nowrap;
  }

  [part~='idle'],
  [part~='empty'],
  [part~='error'] {
    display: flex;
    flex-direction: column;
    align-items: center;
    justify-content: center;
    gap: 0.75em;
    min-height: var(--vitrine-chart-height, 220px);
    margin: 0;
    padding: 1em;
    color: var(--_muted);
    text-align: center;
  }
  [part~='error'] {
    color: var(--_danger);
  }
  [part~='error'] p {
    margin: 0;
  }

  [part~='toolbar'] {
    display: flex;
    justify-content: flex-end;
    gap: 0.25em;
  }
  [part~='toolbar'] button,
  [part~='return-toggle'],
  [part~='retry'] {
    font: inherit;
    color: var(--_fg);
    background: transparent;
    border: 1px solid var(--_grid);
    border-radius: var(--_radius);
    padding: 0.35em 1em;
    cursor: pointer;
  }
  [part~='toolbar'] button {
    font-size: 0.8em;
    padding: 0.15em 0.6em;
  }
  [part~='toolbar'] button:hover,
  [aria-pressed='true'],
  [part~='retry']:hover {
    border-color: var(--_accent);
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }

  [part~='table'] {
    width: 100%;
    border-collapse: collapse;
    font-variant-numeric: tabular-nums;
  }
  [part~='table'] th,
  [part~='table'] td {
    padding: 0.3em 0.5em;
    border-bottom: 1px solid var(--_grid);
    text-align: end;
  }
  [part~='table'] :is(th, td):first-child {
    text-align: start;
    overflow-wrap: anywhere;
  }
  [part~='table'] th {
    color: var(--_muted);
    font-weight: 500;
  }

  [part~='sort'] {
    font: inherit;
    color: inherit;
    background: none;
    border: 0;
    padding: 0;
    cursor: pointer;
  }
  /* Heatmap cells: shaded by their rate (--_rate, 0..1, set per cell through the CSSOM). */
  td[data-rate] {
    background: color-mix(in srgb, var(--vitrine-heat, var(--_accent)) calc(var(--_rate) * 85%), transparent);
  }
  [part~='chart'] {
    height: var(--vitrine-chart-height, 220px);
    overflow: hidden;
  }
  .skeleton-chart {
    height: var(--vitrine-chart-height, 220px);
  }
  .skeleton-row {
    height: 1.4em;
    margin-top: 0.6em;
  }
  .skeleton {
    border-radius: var(--_radius);
    background: var(--_skeleton);
    animation: vitrine-pulse 1.4s ease-in-out infinite;
  }
  @keyframes vitrine-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
`;
