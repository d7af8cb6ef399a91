// Product detail: view_item on arrival, add_to_cart from the button.
import { addToCart, el, frame, loadCatalogue, money, productById, t } from '../shop.js';
import { asItem } from '../shop.js';

const cat = await loadCatalogue();
frame('shop');
const main = document.getElementById('main');
const product = productById(cat, new URLSearchParams(location.search).get('id'));

if (!product) {
  main.append(el('h1', t({ en: 'Product not found', 'zh-CN': '商品不存在' })));
} else {
  document.title = `${t(product.name)} · Lotus & Loom 莲织`;
  vitrine('track', 'view_item', { currency: cat.currency, value: product.price, items: [asItem(cat, product)] });
  const detail = el('article', undefined, { class: 'detail' });
  const quantity = el('input', undefined, { type: 'number', min: '1', max: '9', value: '1', id: 'quantity' });
  const label = el('label', t({ en: 'Quantity', 'zh-CN': '数量' }), { for: 'quantity' });
  const add = el('button', t({ en: 'Add to cart', 'zh-CN': '加入购物车' }), { type: 'button', class: 'primary' });
  const status = el('p', '', { role: 'status' });
  add.addEventListener('click', () => {
    addToCart(cat, product, Math.max(1, Math.min(9, Number(quantity.value) || 1)));
    status.replaceChildren(el('span', t({ en: 'Added to your cart. ', 'zh-CN': '已加入购物车。' })), el('a', t({ en: 'View cart', 'zh-CN': '查看购物车' }), { href: '/cart.html' }));
  });
  detail.append(
    el('span', '', { class: `swatch swatch-large swatch-${product.category}`, 'aria-hidden': 'true' }),
    el('h1', t(product.name)),
    el('p', t(cat.categories[product.category])),
    el('p', money(cat, product.price), { class: 'price' }),
    label, quantity, add, status,
  );
  const guide = cat.articles.find((a) => a.products.includes(product.item_id));
  if (guide) {
    const aside = el('aside', undefined, { class: 'related' });
    aside.append(el('span', t({ en: 'Read: ', 'zh-CN': '阅读：' })), el('a', t(guide.title), { href: `/guides/${guide.slug}` }));
    detail.append(aside);
  }
  main.append(detail);
}
