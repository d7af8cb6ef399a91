// Order confirmation, with the refund path: a refund is tracked against the order's
// transaction id, so reports net it out of revenue.
import { el, frame, loadCatalogue, money, readOrders, saveOrder, t } from '../shop.js';

const cat = await loadCatalogue();
frame('cart');
const main = document.getElementById('main');
const order = readOrders().find((o) => o.transaction_id === new URLSearchParams(location.search).get('tx'));

if (!order) {
  main.append(el('h1', t({ en: 'Order not found', 'zh-CN': '未找到订单' })));
} else {
  main.append(
    el('h1', t({ en: 'Thank you!', 'zh-CN': '谢谢惠顾！' })),
    el('p', `${t({ en: 'Order', 'zh-CN': '订单' })} ${order.transaction_id} · ${money(cat, order.value)}`, { id: 'order-number' }),
  );
  const status = el('p', '', { role: 'status', id: 'refund-status' });
  const refund = el('button', t({ en: 'Request a refund', 'zh-CN': '申请退款' }), { type: 'button' });
  const showRefunded = () => {
    refund.hidden = true;
    status.textContent = t({ en: 'Refunded.', 'zh-CN': '已退款。' });
  };
  refund.addEventListener('click', () => {
    vitrine('track', 'refund', { transaction_id: order.transaction_id, currency: order.currency, value: order.value, items: order.items });
    saveOrder({ ...order, refunded: true });
    showRefunded();
  });
  main.append(refund, status, el('a', t({ en: 'Continue shopping', 'zh-CN': '继续购物' }), { href: '/products.html' }));
  if (order.refunded) showRefunded();
}
