// The demo shop's own code. The only analytics in it are the GA4-style ecommerce calls a
// real store makes: vitrine('track', 'add_to_cart', { currency, value, items }).
const CURRENCY = 'CNY';
const products = [
  { item_id: 'SKU-SCARF-01', item_name: 'Silk scarf · 丝绸围巾', item_category: 'Accessories', price: 199 },
  { item_id: 'SKU-CUP-02', item_name: 'Blue-and-white tea cup · 青花瓷茶杯', item_category: 'Tea', price: 89 },
  { item_id: 'SKU-BAMBOO-03', item_name: 'Bamboo cutlery set · 竹制餐具套装', item_category: 'Kitchen', price: 59 },
];
const cart = new Map();
const money = new Intl.NumberFormat('zh-CN', { style: 'currency', currency: CURRENCY });
const $ = (id) => document.getElementById(id);

/** Creates an element with text only: product names are data, never markup. */
function el(tag, text, attrs = {}) {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

const cartItems = () => [...cart.values()].map(({ product, quantity }) => ({ ...product, quantity }));
const cartValue = () => cartItems().reduce((sum, item) => sum + item.price * item.quantity, 0);

function renderCatalogue() {
  const list = $('products');
  products.forEach((product, index) => {
    const card = el('li', undefined, { class: 'card', 'data-item-id': product.item_id });
    card.append(el('h2', product.item_name), el('p', money.format(product.price), { class: 'price' }));
    const view = el('button', 'View', { type: 'button' });
    view.addEventListener('click', () => showProduct(product, index));
    card.append(view);
    list.append(card);
  });
  vitrine('track', 'view_item_list', { item_list_id: 'new', item_list_name: 'New this week', items: products.map((p, index) => ({ ...p, index })) });
}

function showProduct(product, index) {
  vitrine('track', 'select_item', { item_list_id: 'new', items: [{ ...product, index }] });
  vitrine('track', 'view_item', { currency: CURRENCY, value: product.price, items: [product] });
  const detail = $('detail');
  detail.replaceChildren(el('h2', product.item_name), el('p', `${product.item_category} · ${money.format(product.price)}`));
  const add = el('button', 'Add to cart', { type: 'button' });
  add.addEventListener('click', () => addToCart(product));
  detail.append(add);
  detail.hidden = false;
}

function addToCart(product) {
  const line = cart.get(product.item_id) ?? { product, quantity: 0 };
  line.quantity += 1;
  cart.set(product.item_id, line);
  vitrine('track', 'add_to_cart', { currency: CURRENCY, value: product.price, items: [{ ...product, quantity: 1 }] });
  renderCart();
  $('cart').hidden = false;
}

function renderCart() {
  $('cart-count').textContent = String(cartItems().reduce((n, item) => n + item.quantity, 0));
  $('cart-lines').replaceChildren(...cartItems().map((item) => el('li', `${item.item_name} × ${item.quantity}`)));
  $('cart-total').textContent = money.format(cartValue());
}

$('cart-button').addEventListener('click', () => {
  $('cart').hidden = false;
  vitrine('track', 'view_cart', { currency: CURRENCY, value: cartValue(), items: cartItems() });
});

$('checkout').addEventListener('click', () => {
  if (cart.size === 0) return;
  vitrine('track', 'begin_checkout', { currency: CURRENCY, value: cartValue(), items: cartItems() });
  $('payment').hidden = false;
});

$('place-order').addEventListener('click', () => {
  if (cart.size === 0) return;
  const transaction_id = `LL-${Date.now().toString(36).toUpperCase()}`;
  vitrine('track', 'purchase', { transaction_id, currency: CURRENCY, value: cartValue(), shipping: 0, items: cartItems() });
  cart.clear();
  renderCart();
  $('cart').hidden = true;
  $('detail').hidden = true;
  const confirmation = $('confirmation');
  confirmation.replaceChildren(el('h2', 'Thank you! 谢谢惠顾'), el('p', `Order ${transaction_id} is confirmed.`, { id: 'order-number' }));
  confirmation.hidden = false;
});

renderCatalogue();
