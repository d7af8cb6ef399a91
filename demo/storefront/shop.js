// The demo shop's shared code: catalogue, language, cart, orders and the page frame.
// Its analytics are only what a real store writes: the script tag in each page's <head>,
// `data-vitrine-*` attributes on content, and GA4-style ecommerce calls such as
// vitrine('track', 'add_to_cart', { currency, value, items }).

/** The shop's languages; product names and articles come in both. */
export const LANGS = ['en', 'zh-CN'];
const LANG_KEY = 'll-lang';
const CART_KEY = 'll-cart';
const ORDERS_KEY = 'll-orders';

/** The page's language: the shopper's choice, else the browser's, else English. */
export function lang() {
  const chosen = localStorage.getItem(LANG_KEY);
  if (LANGS.includes(chosen)) return chosen;
  return navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

/** A text in the page's language, from a `{ en, 'zh-CN' }` pair. */
export const t = (pair) => pair[lang()] ?? pair.en;

const UI = {
  home: { en: 'Home', 'zh-CN': '首页' },
  shop: { en: 'Shop', 'zh-CN': '全部商品' },
  guides: { en: 'Guides', 'zh-CN': '茶与生活' },
  cart: { en: 'Cart', 'zh-CN': '购物车' },
  switchLang: { en: '中文', 'zh-CN': 'English' },
  footer: { en: 'Lotus & Loom · a demo shop instrumented with Vitrine', 'zh-CN': '莲织 · 使用 Vitrine 统计的演示店铺' },
  newsletter: { en: 'Get the weekly tea letter', 'zh-CN': '订阅每周茶讯' },
  subscribed: { en: 'Subscribed, thank you!', 'zh-CN': '订阅成功，谢谢！' },
};
/** A fixed interface text in the page's language. */
export const ui = (key) => t(UI[key]);

let catalogue;
/** The catalogue (products, categories, banners, articles), fetched once per page. */
export async function loadCatalogue() {
  catalogue ??= await (await fetch('/catalogue.json')).json();
  return catalogue;
}

/** The catalogue's product with this id, or undefined. */
export const productById = (cat, id) => cat.products.find((p) => p.item_id === id);

/**
 * A product as a GA4 `items[]` entry. Names are sent in English whatever the page's
 * language, so that reports group one product under one name.
 */
export function asItem(cat, product, extra = {}) {
  return { item_id: product.item_id, item_name: product.name.en, item_category: cat.categories[product.category].en, price: product.price, ...extra };
}

/** Formats an amount of the shop's currency in the page's language. */
export const money = (cat, amount) => new Intl.NumberFormat(lang(), { style: 'currency', currency: cat.currency }).format(amount);

/** Creates an element with text only: names and articles are data, never markup. */
export function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) node.textContent = text;
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/** The cart: `[{ item_id, quantity }]`, kept across pages in localStorage. */
export const readCart = () => JSON.parse(localStorage.getItem(CART_KEY) ?? '[]');
/** Replaces the cart and updates the header's count. */
export function writeCart(lines) {
  localStorage.setItem(CART_KEY, JSON.stringify(lines.filter((l) => l.quantity > 0)));
  const count = document.getElementById('cart-count');
  if (count) count.textContent = String(readCart().reduce((n, l) => n + l.quantity, 0));
}

/** The cart's lines as GA4 items, and their total value. */
export function cartItems(cat) {
  const items = readCart()
    .map((line) => ({ product: productById(cat, line.item_id), quantity: line.quantity }))
    .filter((line) => line.product)
    .map(({ product, quantity }) => asItem(cat, product, { quantity }));
  return { items, value: items.reduce((sum, item) => sum + item.price * item.quantity, 0) };
}

/** Adds one product to the cart and tells analytics, as the store's cart code would. */
export function addToCart(cat, product, quantity = 1) {
  const lines = readCart();
  const line = lines.find((l) => l.item_id === product.item_id);
  if (line) line.quantity += quantity;
  else lines.push({ item_id: product.item_id, quantity });
  writeCart(lines);
  vitrine('track', 'add_to_cart', { currency: cat.currency, value: product.price * quantity, items: [asItem(cat, product, { quantity })] });
}

/** Orders placed in this browser, newest first (the demo has no accounts). */
export const readOrders = () => JSON.parse(localStorage.getItem(ORDERS_KEY) ?? '[]');
/** Stores an order (or an updated one, by transaction id). */
export function saveOrder(order) {
  const orders = readOrders().filter((o) => o.transaction_id !== order.transaction_id);
  localStorage.setItem(ORDERS_KEY, JSON.stringify([order, ...orders].slice(0, 20)));
}

/**
 * Draws the header (brand, navigation, cart count, language switch) and the footer with
 * its newsletter button, which is tracked without JS through `data-vitrine-event`.
 */
export function frame(active) {
  document.documentElement.lang = lang();
  const header = el('header', undefined, { class: 'bar' });
  const brand = el('a', undefined, { class: 'brand', href: '/' });
  brand.append(el('strong', 'Lotus & Loom'), el('span', ' 莲织', { lang: 'zh-CN' }));
  const nav = el('nav', undefined, { 'aria-label': 'Main' });
  for (const [key, href] of [['home', '/'], ['shop', '/products.html'], ['guides', '/guides/']]) {
    const link = el('a', ui(key), { href });
    if (key === active) link.setAttribute('aria-current', 'page');
    nav.append(link);
  }
  const cart = el('a', undefined, { href: '/cart.html', class: 'cart-link' });
  cart.append(el('span', `${ui('cart')} (`), el('span', '0', { id: 'cart-count' }), el('span', ')'));
  const switcher = el('button', ui('switchLang'), { type: 'button', class: 'lang' });
  switcher.addEventListener('click', () => {
    localStorage.setItem(LANG_KEY, lang() === 'en' ? 'zh-CN' : 'en');
    location.reload();
  });
  header.append(brand, nav, cart, switcher);
  document.body.prepend(header);

  const footer = el('footer', undefined, { class: 'foot' });
  const signup = el('button', ui('newsletter'), { type: 'button', 'data-vitrine-event': 'newsletter_signup', 'data-vitrine-prop-placement': 'footer' });
  signup.addEventListener('click', () => signup.replaceWith(el('span', ui('subscribed'))));
  footer.append(el('p', ui('footer')), signup);
  document.body.append(footer);
  writeCart(readCart());
}

/** A product card linking to its page; `content` marks it as a tracked teaser slot. */
export function productCard(cat, product, { content, onSelect } = {}) {
  const card = el('li', undefined, { class: 'card', 'data-item-id': product.item_id });
  if (content) {
    card.dataset.vitrineContent = content;
    card.dataset.vitrinePiece = product.item_id;
    card.dataset.vitrineTarget = `/product.html?id=${product.item_id}`;
  }
  const link = el('a', undefined, { href: `/product.html?id=${encodeURIComponent(product.item_id)}` });
  link.append(el('span', '', { class: `swatch swatch-${product.category}`, 'aria-hidden': 'true' }), el('h3', t(product.name)), el('p', money(cat, product.price), { class: 'price' }));
  if (onSelect) link.addEventListener('click', () => onSelect(product));
  card.append(link);
  return card;
}
