// The product listing, filterable by category without reloading: view_item_list when a
// list is shown, select_item when a product is picked from it (GA4's list attribution).
import { asItem, el, frame, loadCatalogue, productCard, t } from '../shop.js';

const cat = await loadCatalogue();
frame('shop');
const main = document.getElementById('main');
const params = new URLSearchParams(location.search);

main.append(el('h1', t({ en: 'All products', 'zh-CN': '全部商品' })));
const filters = el('div', undefined, { class: 'chips', role: 'group', 'aria-label': t({ en: 'Category', 'zh-CN': '分类' }) });
const grid = el('ul', undefined, { class: 'grid', id: 'products' });
main.append(filters, grid);

function show(category) {
  const products = cat.products.filter((p) => !category || p.category === category);
  const listId = category ?? 'all';
  const listName = category ? cat.categories[category].en : 'All products';
  grid.replaceChildren(
    ...products.map((product, index) =>
      productCard(cat, product, {
        onSelect: () => vitrine('track', 'select_item', { item_list_id: listId, item_list_name: listName, items: [asItem(cat, product, { index })] }),
      }),
    ),
  );
  for (const chip of filters.children) chip.setAttribute('aria-pressed', String(chip.dataset.category === (category ?? '')));
  vitrine('track', 'view_item_list', { item_list_id: listId, item_list_name: listName, items: products.map((p, index) => asItem(cat, p, { index })) });
}

for (const [key, name] of [['', { en: 'All', 'zh-CN': '全部' }], ...Object.entries(cat.categories)]) {
  const chip = el('button', t(name), { type: 'button', 'data-category': key });
  chip.addEventListener('click', () => {
    const url = new URL(location.href);
    if (key) url.searchParams.set('category', key);
    else url.searchParams.delete('category');
    // replaceState: a filter is not a new page (the tracker is told not to count it).
    history.replaceState(null, '', url);
    show(key || undefined);
  });
  filters.append(chip);
}
show(params.get('category') ?? undefined);
