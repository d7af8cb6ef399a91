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
    --_muted: var(--vitrine-muted, #6b7280);
    --_grid: var(--vitrine-grid, #e5e7eb);
    --_danger: var(--vitrine-danger, #b42318);
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
    margin: -1px;
    padding: 0;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
    border: 0;
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

  [part~='retry'] {
    font: inherit;
    color: var(--_fg);
    background: transparent;
    border: 1px solid var(--_grid);
    border-radius: var(--_radius);
    padding: 0.35em 1em;
    cursor: pointer;
  }
  [part~='retry']:hover {
    border-color: var(--_accent);
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
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
