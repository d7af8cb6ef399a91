/** Build-time constant, replaced by Rollup: whether this bundle includes Core Web Vitals (`vitrine.full.js`). */
declare const __VITALS__: boolean;
