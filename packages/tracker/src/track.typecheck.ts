/**
 * Compile-time tests of `track`'s typing, checked by `tsc -b` with the rest of the
 * package (a regression fails the build). Nothing here runs or is bundled.
 */
import type { Track } from './tracker.js';
import type { VitrineGlobal } from './window-api.js';

export type {};

declare const track: Track;
declare const vitrine: VitrineGlobal;
declare const someName: string;

// GA4 events take their schema's props.
track('purchase', { transaction_id: 'T1', value: 30, currency: 'CNY', items: [{ item_id: 'SKU1', quantity: 1 }] });
track('add_to_cart', { items: [{ item_id: 'SKU1' }] });
// Props are optional exactly when the schema requires none.
track('page_view');
track('view_cart');
// Custom events take flat scalars, whatever their name, even one known only at run time.
track('signup', { plan: 'pro', trial: true, seats: 3, referrer_code: null });
track('newsletter_open');
track(someName, { a: 1 });

// @ts-expect-error -- a purchase needs transaction_id, value and currency.
track('purchase', { value: 30, currency: 'CNY' });
// @ts-expect-error -- add_to_cart needs items.
track('add_to_cart');
// @ts-expect-error -- GA4's parameter is `quantity`; a typo must not fall back to custom props.
track('add_to_cart', { items: [{ item_id: 'SKU1', qty: 1 }] });
// @ts-expect-error -- custom props are flat scalars.
track('signup', { plan: { name: 'pro' } });

// Content and engagement events take their schema's props too (the names other code reads).
track('content_impression', { content_name: 'Spring sale banner', content_piece: 'hero.jpg', content_target: '/sale' });
track('article_progress', { article: 'How to brew oolong', depth: 75, read_ms: 12_000 });
track('page_engagement', { engaged_ms: 7000, max_scroll_pct: 50 });
track('web_vital', { metric: 'INP', value: 180, rating: 'good', navigation_type: 'navigate' });
// @ts-expect-error -- content events need content_name.
track('content_click', { content_piece: 'hero.jpg' });
// @ts-expect-error -- read depth is a milestone: 25, 50, 75 or 100.
track('article_progress', { article: 'Oolong', depth: 30, read_ms: 0 });
// @ts-expect-error -- FID is not a Core Web Vital any more.
track('web_vital', { metric: 'FID', value: 10, rating: 'good' });
// @ts-expect-error -- a web vital has no currency: its value is not money.
track('web_vital', { metric: 'LCP', value: 2400, rating: 'good', currency: 'CNY' });

// The window API is typed the same way.
vitrine('track', 'purchase', { transaction_id: 'T1', value: 30, currency: 'CNY' });
vitrine('track', 'signup', { plan: 'pro' });
vitrine('flush');
vitrine.track('view_cart');
// @ts-expect-error -- see above.
vitrine('track', 'purchase', { value: 30 });
vitrine('identify', 'customer-42');
vitrine('consent', true);
vitrine('reset');
// @ts-expect-error -- not a command.
vitrine('page', '/home');
// @ts-expect-error -- consent is a boolean, not the string a banner might hold.
vitrine('consent', 'yes');
