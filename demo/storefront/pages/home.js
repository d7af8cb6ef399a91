// Home: promotional banners and teaser slots. Each is a `data-vitrine-content` element,
// so the tracker counts impressions (half visible for a second) and clicks on its own.
import { el, frame, loadCatalogue, productById, productCard, t } from '../shop.js';

const cat = await loadCatalogue();
frame('home');
const main = document.getElementById('main');

const hero = el('section', undefined, { class: 'hero', 'aria-label': t({ en: 'Promotions', 'zh-CN': '促销活动' }) });
for (const banner of cat.banners) {
  const link = el('a', undefined, {
    class: `banner banner-${banner.piece}`, href: banner.target,
    'data-vitrine-content': banner.name, 'data-vitrine-piece': banner.piece, 'data-vitrine-target': banner.target,
  });
  link.append(el('strong', t(banner.title)), el('span', t({ en: 'Shop now →', 'zh-CN': '立即选购 →' }), { class: 'cta' }));
  hero.append(link);
}

const picks = el('section', undefined, { 'aria-labelledby': 'picks-title' });
picks.append(el('h2', t({ en: "Editor's picks", 'zh-CN': '编辑精选' }), { id: 'picks-title' }));
const grid = el('ul', undefined, { class: 'grid' });
for (const id of ['SET-GAIWAN-04', 'TEA-PUER-357', 'SCARF-SILK-01']) grid.append(productCard(cat, productById(cat, id), { content: 'Home teaser slots' }));
picks.append(grid);

const guides = el('section', undefined, { 'aria-labelledby': 'guides-title' });
guides.append(el('h2', t({ en: 'From our guides', 'zh-CN': '茶与生活' }), { id: 'guides-title' }));
const list = el('ul', undefined, { class: 'teasers' });
for (const article of cat.articles) {
  const item = el('li', undefined, { 'data-vitrine-content': 'Guide teasers', 'data-vitrine-piece': article.slug, 'data-vitrine-target': `/guides/${article.slug}` });
  item.append(el('a', t(article.title), { href: `/guides/${article.slug}` }));
  list.append(item);
}
guides.append(list);
main.append(hero, picks, guides);
