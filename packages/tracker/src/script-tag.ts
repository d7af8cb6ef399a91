/**
 * Entry of `dist/vitrine.js`, the self-contained script tag:
 *
 * ```html
 * <script defer src="https://stats.example.com/vitrine.js" data-site="SITE_KEY"></script>
 * ```
 */
import { installWindowApi } from './window-api.js';

// `currentScript` is only set while this script's top level runs, so it is read now.
installWindowApi(document.currentScript);
