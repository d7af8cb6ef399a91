/**
 * The entry of dist/vitrine-widgets.js, the IIFE for a plain `<script>`: it defines
 * every element and exports nothing (a page uses the tags; the classes are
 * `customElements.get('vitrine-trend')`), so the bundle carries only what they use.
 */
import './elements/vitrine-provider.js';
import './elements/vitrine-funnel.js';
import './elements/vitrine-trend.js';
import './elements/vitrine-kpi.js';
import './elements/vitrine-breakdown.js';
import './elements/vitrine-retention.js';
import './elements/vitrine-content.js';
import './elements/vitrine-commerce.js';
import './elements/vitrine-vitals.js';
import './elements/vitrine-dashboard.js';
