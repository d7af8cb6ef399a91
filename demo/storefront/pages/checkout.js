// Checkout, instrumented the GA4 way: only `dataLayer.push` / `gtag` calls, which the
// tracker reads because the script tag has `data-datalayer`. No Vitrine code here.
import { cartItems, el, frame, loadCatalogue, money, saveOrder, t, writeCart } from '../shop.js';

const cat = await loadCatalogue();
frame('cart');
const main = document.getElementById('main');
const { items, value } = cartItems(cat);
main.append(el('h1', t({ en: 'Checkout', 'zh-CN': '结算' })));

if (items.length === 0) {
  main.append(el('p', t({ en: 'Your cart is empty.', 'zh-CN': '购物车是空的。' })), el('a', t({ en: 'Back to the shop', 'zh-CN': '返回商店' }), { href: '/products.html' }));
} else {
  const form = el('form', undefined, { class: 'checkout' });
  const field = (id, label, attrs = {}) => {
    const input = el('input', undefined, { id, name: id, required: '', ...attrs });
    form.append(el('label', label, { for: id }), input);
  };
  field('name', t({ en: 'Name', 'zh-CN': '收货人' }), { autocomplete: 'name', value: 'Li Wei' });
  field('address', t({ en: 'Address', 'zh-CN': '收货地址' }), { autocomplete: 'street-address', value: '88 Nanjing Road, Shanghai' });
  const payment = el('select', undefined, { id: 'payment', name: 'payment' });
  for (const [key, name] of [['alipay', { en: 'Alipay', 'zh-CN': '支付宝' }], ['wechat_pay', { en: 'WeChat Pay', 'zh-CN': '微信支付' }], ['card', { en: 'Card', 'zh-CN': '银行卡' }]]) payment.append(el('option', t(name), { value: key }));
  form.append(el('label', t({ en: 'Payment', 'zh-CN': '支付方式' }), { for: 'payment' }), payment);
  form.append(el('p', `${t({ en: 'Total', 'zh-CN': '合计' })}: ${money(cat, value)}`, { class: 'total' }));
  form.append(el('button', t({ en: 'Place order', 'zh-CN': '提交订单' }), { type: 'submit', class: 'primary' }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const transaction_id = `LL-${Date.now().toString(36).toUpperCase()}`;
    gtag('event', 'add_payment_info', { currency: cat.currency, value, payment_type: payment.value, items });
    window.dataLayer.push({ ecommerce: null }); // GA4's advice: clear the previous ecommerce object.
    window.dataLayer.push({ event: 'purchase', ecommerce: { transaction_id, currency: cat.currency, value, shipping: 0, items } });
    saveOrder({ transaction_id, currency: cat.currency, value, items, refunded: false, at: new Date().toISOString() });
    writeCart([]);
    location.assign(`/order.html?tx=${encodeURIComponent(transaction_id)}`);
  });
  main.append(form);
}
