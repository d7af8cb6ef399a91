// The guides section is a single-page app: links between the list and the articles
// change the URL with history.pushState and redraw, as a client-side router would. The
// tracker sees each route change as a page view by itself.
//
// Articles are `data-vitrine-article` (read depth and reading time), and the products
// they recommend are `data-vitrine-content` teasers named after the article, so that the
// content report shows which guide earns clicks and sales.
import { el, frame, loadCatalogue, money, productById, t } from '../shop.js';

const cat = await loadCatalogue();
frame('guides');
const main = document.getElementById('main');

/** Navigates inside the guides without loading a page. */
function go(path) {
  history.pushState(null, '', path);
  render();
  window.scrollTo(0, 0);
}

/** A link handled by the router (ordinary clicks only; modified clicks open normally). */
function routeLink(text, path) {
  const link = el('a', text, { href: path });
  link.addEventListener('click', (event) => {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    go(path);
  });
  return link;
}

function renderList() {
  document.title = `${t({ en: 'Guides', 'zh-CN': '茶与生活' })} · Lotus & Loom 莲织`;
  const list = el('ul', undefined, { class: 'teasers' });
  for (const article of cat.articles) {
    const item = el('li');
    item.append(routeLink(t(article.title), `/guides/${article.slug}`), el('p', t(article.body)[0]));
    list.append(item);
  }
  main.replaceChildren(el('h1', t({ en: 'Guides', 'zh-CN': '茶与生活' })), list);
}

function renderArticle(article) {
  document.title = `${t(article.title)} · Lotus & Loom 莲织`;
  const body = el('article', undefined, { class: 'article', 'data-vitrine-article': article.title.en });
  body.append(el('h1', t(article.title)));
  for (const paragraph of t(article.body)) body.append(el('p', paragraph));
  const picks = el('ul', undefined, { class: 'grid' });
  for (const id of article.products) {
    const product = productById(cat, id);
    const target = `/product.html?id=${encodeURIComponent(id)}`;
    const teaser = el('li', undefined, { class: 'card', 'data-vitrine-content': article.title.en, 'data-vitrine-piece': id, 'data-vitrine-target': target });
    const link = el('a', undefined, { href: target });
    link.append(el('span', '', { class: `swatch swatch-${product.category}`, 'aria-hidden': 'true' }), el('h3', t(product.name)), el('p', money(cat, product.price), { class: 'price' }));
    teaser.append(link);
    picks.append(teaser);
  }
  body.append(el('h2', t({ en: 'Mentioned in this guide', 'zh-CN': '文中提到的商品' })), picks);
  main.replaceChildren(routeLink(t({ en: '← All guides', 'zh-CN': '← 全部文章' }), '/guides/'), body);
}

function render() {
  const slug = location.pathname.replace(/^\/guides\/?/, '').replace(/\/$/, '');
  const article = cat.articles.find((a) => a.slug === slug);
  if (article) renderArticle(article);
  else renderList();
}

window.addEventListener('popstate', render);
render();
