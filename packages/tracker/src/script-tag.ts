/**
 * Entry of `dist/vitrine.js` and `dist/vitrine.full.js`, the self-contained script tags:
 *
 * ```html
 * <script defer src="https://stats.example.com/vitrine.js" data-site="SITE_KEY"></script>
 * ```
 *
 * `__VITALS__` is a build-time constant (see rollup.config.mjs): `true` in the full build,
 * which adds Core Web Vitals; `false` in the core build, where the minifier removes the
 * vitals capture and web-vitals with it.
 */
import { captureVitals } from './capture/vitals.js';
import { CORE_CAPTURES } from './captures.js';
import { installWindowApi } from './window-api.js';

// `currentScript` is only set while this script's top level runs, so it is read now.
installWindowApi(document.currentScript, __VITALS__ ? [captureVitals, ...CORE_CAPTURES] : CORE_CAPTURES);
