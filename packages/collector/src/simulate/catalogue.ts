/**
 * The demo shop's catalogue: products with Chinese and English names, the home page's
 * banners and the guides (articles) that link to products. The simulator sells these,
 * and the demo storefront shows the same ones, so that simulated history and live
 * clicks land on the same products, banners and articles in the reports.
 *
 * Prices are in CNY; {@link priceIn} gives the other currencies' shelf prices.
 */

/** A name in the storefront's two languages. */
export interface LocalName {
  en: string;
  'zh-CN': string;
}

/** One product. */
export interface Product {
  item_id: string;
  name: LocalName;
  category: string;
  /** Shelf price in CNY. */
  price: number;
  brand: string;
}

/** A home-page banner: a content piece (`content_name` / `content_piece`) leading to `target`. */
export interface Banner {
  name: string;
  piece: string;
  /** The storefront path the banner links to. */
  target: string;
  title: LocalName;
}

/** A guide (article) and the products it features. */
export interface Article {
  slug: string;
  title: LocalName;
  products: string[];
}

/** The whole catalogue, in the shape `demo/storefront` reads. */
export interface Catalogue {
  currency: 'CNY';
  products: Product[];
  categories: Record<string, LocalName>;
  banners: Banner[];
  articles: Article[];
}

const product = (item_id: string, en: string, zh: string, category: string, price: number, brand: string): Product => ({
  item_id, name: { en, 'zh-CN': zh }, category, price, brand,
});

/** The demo shop, "Lotus & Loom": tea, teaware, silk and kitchen goods. */
export const CATALOGUE: Catalogue = {
  currency: 'CNY',
  products: [
    product('TEA-LONGJING-250', 'West Lake Longjing green tea, 250 g', '西湖龙井绿茶 250克', 'tea', 268, 'Lotus & Loom'),
    product('TEA-PUER-357', "Aged Pu'er tea cake, 357 g", '普洱茶饼 357克', 'tea', 398, 'Lotus & Loom'),
    product('TEA-TIEGUANYIN-200', 'Anxi Tieguanyin oolong, 200 g', '安溪铁观音 200克', 'tea', 188, 'Lotus & Loom'),
    product('TEA-JASMINE-100', 'Jasmine pearls, 100 g', '茉莉龙珠 100克', 'tea', 128, 'Lotus & Loom'),
    product('TEA-DAHONGPAO-150', 'Wuyi Da Hong Pao rock tea, 150 g', '武夷大红袍 150克', 'tea', 458, 'Lotus & Loom'),
    product('CUP-QINGHUA-02', 'Blue-and-white porcelain tea cup', '青花瓷茶杯', 'teaware', 89, 'Jingdezhen Studio'),
    product('SET-GAIWAN-04', 'Gaiwan tea set for four', '盖碗茶具四人套装', 'teaware', 459, 'Jingdezhen Studio'),
    product('POT-YIXING-07', 'Yixing clay teapot, 200 ml', '宜兴紫砂壶 200毫升', 'teaware', 680, 'Yixing Workshop'),
    product('TRAY-BAMBOO-08', 'Bamboo tea tray', '竹制茶盘', 'teaware', 239, 'Lotus & Loom'),
    product('SCARF-SILK-01', 'Suzhou silk scarf', '苏州丝绸围巾', 'accessories', 199, 'Suzhou Silk'),
    product('FAN-SANDAL-03', 'Sandalwood folding fan', '檀香折扇', 'accessories', 129, 'Hangzhou Fans'),
    product('PILLOW-SILK-09', 'Mulberry silk pillowcase', '桑蚕丝枕套', 'accessories', 329, 'Suzhou Silk'),
    product('KIT-BAMBOO-05', 'Bamboo cutlery set', '竹制餐具套装', 'kitchen', 59, 'Lotus & Loom'),
    product('BOX-BENTO-06', 'Lacquered bento box', '漆器便当盒', 'kitchen', 159, 'Fuzhou Lacquer'),
    product('BOWL-CELADON-10', 'Longquan celadon rice bowls, set of 2', '龙泉青瓷饭碗两只装', 'kitchen', 118, 'Longquan Kiln'),
    product('CHOP-EBONY-11', 'Ebony chopsticks, 5 pairs', '乌木筷子五双装', 'kitchen', 79, 'Lotus & Loom'),
  ],
  categories: {
    tea: { en: 'Tea', 'zh-CN': '茶叶' },
    teaware: { en: 'Teaware', 'zh-CN': '茶具' },
    accessories: { en: 'Accessories', 'zh-CN': '配饰' },
    kitchen: { en: 'Kitchen', 'zh-CN': '厨房' },
  },
  banners: [
    { name: 'Double 11 tea festival', piece: 'hero-tea', target: '/product.html?id=TEA-LONGJING-250', title: { en: 'Double 11 tea festival: Longjing from ¥268', 'zh-CN': '双十一茶节：龙井低至 ¥268' } },
    { name: 'Silk season', piece: 'hero-silk', target: '/product.html?id=SCARF-SILK-01', title: { en: 'Silk season: hand-finished Suzhou scarves', 'zh-CN': '丝绸季：苏州手工围巾' } },
    { name: 'Teaware week', piece: 'side-teaware', target: '/product.html?id=POT-YIXING-07', title: { en: 'Teaware week: Yixing clay pots', 'zh-CN': '茶具周：宜兴紫砂壶' } },
  ],
  articles: [
    { slug: 'brewing-longjing', title: { en: 'How to brew Longjing like a Hangzhou tea master', 'zh-CN': '像杭州茶师一样冲泡龙井' }, products: ['TEA-LONGJING-250', 'SET-GAIWAN-04'] },
    { slug: 'pu-er-guide', title: { en: "Pu'er for beginners: cakes, ageing and the first rinse", 'zh-CN': '普洱入门：茶饼、陈化与洗茶' }, products: ['TEA-PUER-357', 'CUP-QINGHUA-02'] },
    { slug: 'caring-for-silk', title: { en: 'Caring for a silk scarf', 'zh-CN': '丝巾的保养' }, products: ['SCARF-SILK-01', 'FAN-SANDAL-03'] },
    { slug: 'gongfu-tea-at-home', title: { en: 'Gongfu tea at home: the tray, the pot and the pour', 'zh-CN': '在家泡功夫茶：茶盘、茶壶与出汤' }, products: ['POT-YIXING-07', 'TRAY-BAMBOO-08', 'TEA-DAHONGPAO-150'] },
  ],
};

/** Shelf prices per currency: CNY as listed, USD and EUR rounded to .99 (as a shop prices abroad). */
const RATE: Record<string, number> = { CNY: 1, USD: 7.1, EUR: 7.7 };

/** The currencies the simulated shop sells in. */
export type ShopCurrency = 'CNY' | 'USD' | 'EUR';

/** A product's shelf price in `currency`, in cents (integers, so that order totals add up exactly). */
export function priceIn(item: Product, currency: ShopCurrency): number {
  if (currency === 'CNY') return item.price * 100;
  return Math.max(1, Math.ceil(item.price / RATE[currency]!)) * 100 - 1;
}

/** The product with this id. */
export function productById(id: string): Product {
  const found = CATALOGUE.products.find((p) => p.item_id === id);
  if (!found) throw new Error(`no product ${id} in the catalogue`);
  return found;
}
