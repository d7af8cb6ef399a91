// The cart: view_cart on arrival, remove_from_cart per line, begin_checkout on the way out.
import { asItem, cartItems, el, frame, loadCatalogue, money, productById, readCart, t, writeCart } from '../shop.js';

const cat = await loadCatalogue();
frame('cart');
const main = document.getElementById('main');
main.append(el('h1', t({ en: 'Your cart', 'zh-CN': '购物车' })));
const lines = el('ul', undefined, { class: 'lines', id: 'cart-lines' });
const total = el('p', '', { class: 'total' });
const checkout = el('a', t({ en: 'Checkout', 'zh-CN': '去结算' }), { href: '/checkout.html', class: 'primary button', role: 'button' });
main.append(lines, total, checkout);

function render() {
  const { items, value } = cartItems(cat);
  lines.replaceChildren(
    ...items.map((item) => {
      const product = productById(cat, item.item_id);
      const line = el('li');
      const remove = el('button', t({ en: 'Remove', 'zh-CN': '删除' }), { type: 'button' });
      remove.addEventListener('click', () => {
        writeCart(readCart().filter((l) => l.item_id !== item.item_id));
        vitrine('track', 'remove_from_cart', { currency: cat.currency, value: item.price * item.quantity, items: [asItem(cat, product, { quantity: item.quantity })] });
        render();
      });
      line.append(el('span', `${t(product.name)} × ${item.quantity}`), el('span', money(cat, item.price * item.quantity)), remove);
      return line;
    }),
  );
  if (items.length === 0) lines.append(el('li', t({ en: 'Your cart is empty.', 'zh-CN': '购物车是空的。' })));
  total.textContent = `${t({ en: 'Total', 'zh-CN': '合计' })}: ${money(cat, value)}`;
  checkout.hidden = items.length === 0;
}

const { items, value } = cartItems(cat);
vitrine('track', 'view_cart', { currency: cat.currency, value, items });
checkout.addEventListener('click', () => {
  const now = cartItems(cat);
  vitrine('track', 'begin_checkout', { currency: cat.currency, value: now.value, items: now.items });
});
render();
