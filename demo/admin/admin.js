// The demo admin panel's shared code: navigation, the toolbar (date range, comparison,
// locale, theme) and the <vitrine-provider> that hands those settings to every widget.
//
// Like a real admin backend, this app's server mints a short-lived embed token for the
// signed-in operator (/config.json); the admin secret never reaches the browser. When a
// widget reports that the token expired, a fresh one is fetched and handed over.

const PAGES = [
  ['index.html', { en: 'Dashboard', 'zh-CN': '总览' }],
  ['funnel.html', { en: 'Funnel', 'zh-CN': '转化漏斗' }],
  ['retention.html', { en: 'Retention', 'zh-CN': '留存' }],
  ['content.html', { en: 'Content', 'zh-CN': '内容表现' }],
  ['commerce.html', { en: 'Commerce', 'zh-CN': '交易分析' }],
  ['vitals.html', { en: 'Web vitals', 'zh-CN': '性能指标' }],
];
const FRAMEWORK_PAGES = [
  ['react.html', { en: 'In React', 'zh-CN': 'React 示例' }],
  ['vue.html', { en: 'In Vue', 'zh-CN': 'Vue 示例' }],
];
const SETTINGS_KEY = 'vitrine-demo-admin';

/** The operator's settings: the URL's, else the last used, else defaults. */
export function settings() {
  const saved = JSON.parse(localStorage.getItem(SETTINGS_KEY) ?? '{}');
  const url = new URLSearchParams(location.search);
  const pick = (key, fallback) => url.get(key) ?? saved[key] ?? fallback;
  return {
    range: pick('range', '30d'),
    compare: pick('compare', 'same_period_last_week'),
    locale: pick('locale', navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en'),
    theme: pick('theme', 'auto'),
  };
}

function save(next) {
  localStorage.setItem(SETTINGS_KEY, JSON.stringify(next));
  const url = new URL(location.href);
  for (const [key, value] of Object.entries(next)) url.searchParams.set(key, value);
  history.replaceState(null, '', url);
}

const text = (pair, locale) => pair[locale] ?? pair.en;

function el(tag, content, attrs = {}) {
  const node = document.createElement(tag);
  if (content !== undefined) node.textContent = content;
  for (const [key, value] of Object.entries(attrs)) node.setAttribute(key, value);
  return node;
}

/** Fetches the collector settings and a fresh embed token from this app's backend. */
export async function fetchConfig() {
  const response = await fetch('/config.json', { cache: 'no-store' });
  if (!response.ok) throw new Error(`config: HTTP ${response.status}`);
  return response.json();
}

function select(label, options, value, onChange) {
  const wrap = el('label', label);
  const input = el('select');
  for (const [key, name] of options) input.append(el('option', name, { value: key }));
  input.value = value;
  input.addEventListener('change', () => onChange(input.value));
  wrap.append(input);
  return wrap;
}

/**
 * Draws the side navigation and the toolbar, and configures `provider`
 * (a <vitrine-provider>) from the settings; toolbar changes apply at once.
 */
export async function setUpAdmin(provider) {
  const current = location.pathname.split('/').pop() || 'index.html';
  let state = settings();
  const apply = () => {
    document.documentElement.dataset.theme = state.theme;
    document.documentElement.lang = state.locale;
    provider.setAttribute('range', state.range);
    // The comparison belongs to the widgets that draw one (a funnel has none).
    for (const widget of document.querySelectorAll('vitrine-kpi, vitrine-trend, vitrine-dashboard')) widget.setAttribute('compare', state.compare);
    provider.setAttribute('locale', state.locale);
    if (state.theme === 'auto') provider.removeAttribute('theme');
    else provider.setAttribute('theme', state.theme);
  };

  const side = el('nav', undefined, { class: 'side', 'aria-label': 'Reports' });
  side.append(el('strong', 'Lotus & Loom · Vitrine'));
  for (const [href, name] of PAGES) side.append(el('a', text(name, state.locale), { href, ...(href === current ? { 'aria-current': 'page' } : {}) }));
  side.append(el('h2', text({ en: 'Frameworks', 'zh-CN': '框架示例' }, state.locale)));
  for (const [href, name] of FRAMEWORK_PAGES) side.append(el('a', text(name, state.locale), { href, ...(href === current ? { 'aria-current': 'page' } : {}) }));
  document.body.prepend(side);

  const update = (key) => (value) => {
    state = { ...state, [key]: value };
    save(state);
    apply();
    // The page's own labels need a reload for a new language; so do framework pages,
    // whose widgets belong to the React or Vue app rather than to this provider.
    if (key === 'locale' || !provider.isConnected) location.reload();
  };
  const L = (pair) => text(pair, state.locale);
  const toolbar = document.querySelector('.toolbar');
  toolbar?.append(
    select(L({ en: 'Date range', 'zh-CN': '时间范围' }), [
      ['today', L({ en: 'Today', 'zh-CN': '今天' })],
      ['yesterday', L({ en: 'Yesterday', 'zh-CN': '昨天' })],
      ['7d', L({ en: 'Last 7 days', 'zh-CN': '近7天' })],
      ['30d', L({ en: 'Last 30 days', 'zh-CN': '近30天' })],
      ['90d', L({ en: 'Last 90 days', 'zh-CN': '近90天' })],
      ['this_month', L({ en: 'This month', 'zh-CN': '本月' })],
      ['last_month', L({ en: 'Last month', 'zh-CN': '上月' })],
    ], state.range, update('range')),
    select(L({ en: 'Compare with', 'zh-CN': '对比' }), [
      ['same_period_last_week', L({ en: 'Same period last week', 'zh-CN': '上周同期' })],
      ['previous_period', L({ en: 'Previous period', 'zh-CN': '上一周期' })],
      ['same_period_last_year', L({ en: 'Same period last year', 'zh-CN': '去年同期' })],
    ], state.compare, update('compare')),
    select(L({ en: 'Language', 'zh-CN': '语言' }), [['en', 'English'], ['zh-CN', '中文']], state.locale, update('locale')),
    select(L({ en: 'Theme', 'zh-CN': '主题' }), [
      ['auto', L({ en: 'System', 'zh-CN': '跟随系统' })],
      ['light', L({ en: 'Light', 'zh-CN': '浅色' })],
      ['dark', L({ en: 'Dark', 'zh-CN': '深色' })],
    ], state.theme, update('theme')),
  );
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = L(JSON.parse(node.dataset.i18n));

  const config = await fetchConfig();
  provider.setAttribute('endpoint', config.endpoint);
  provider.setAttribute('site', config.site);
  provider.token = config.token;
  apply();
  // A widget saw 401 token_expired: mint a new token and hand it over; widgets retry.
  provider.addEventListener('vitrine-token-expired', async () => {
    provider.token = (await fetchConfig()).token;
  });
  return state;
}
