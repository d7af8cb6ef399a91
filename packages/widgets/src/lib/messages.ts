import type { ReportError } from '../controllers/report-controller.js';

/**
 * Every user-visible string of the widgets, per language. Numbers, dates and money are
 * not here: `Intl` formats them (lib/format.ts). Widgets look their strings up through
 * {@link messagesFor} on every render, so switching `locale` at runtime re-translates.
 */
const en = {
  idle: 'Set endpoint, site (and steps, for a funnel) to show this report.',
  loading: 'Loading report…',
  empty: 'No data for this period',
  retry: 'Retry',
  tokenExpired: 'Your session has expired. Sign in again to see this report.',
  network: "Couldn't reach the analytics server.",
  failed: "Couldn't load this report.",
  showTable: 'Show as table',
  downloadCsv: 'Download as CSV',
  downloadPng: 'Download as PNG',
  previous: 'Previous period',
  /** What `compare=` is called beside a change. */
  compare: {
    previous_period: 'vs previous period',
    same_period_last_week: 'vs same period last week',
    same_period_last_year: 'vs same period last year',
  } as Record<string, string>,
  date: 'Date',
  funnel: {
    step: 'Step',
    visitors: 'Visitors',
    ofFirst: 'Of first step',
    ofPrevious: 'Of previous',
    dropOff: 'Drop-off',
    medianTime: 'Median time',
    breakdown: 'Breakdown',
    none: '(none)',
    /** The chart's accessible name, e.g. "Funnel of visitors per step: page_view 1,000 (100%); …". */
    chartLabel: (parts: string[]) => `Funnel of visitors per step: ${parts.join('; ')}`,
  },
  trend: {
    chartLabel: (metrics: string[], from: string, to: string) => `${metrics.join(', ')} from ${from} to ${to}`,
  },
  kpi: {
    noComparison: 'No comparison data',
  },
  breakdown: {
    chartLabel: (dimension: string) => `Top by ${dimension.toLowerCase()}`,
  },
  retention: {
    any: 'Any activity',
    purchase: 'Repurchase',
    /** A period's column heading, e.g. "Week 0". */
    period: (name: string, index: number) => `${name} ${index}`,
  },
  /**
   * Names of metrics and dimensions, shown in headers and legends. English ones are the
   * key itself, capitalised ("bounce_rate" → "Bounce rate"), except these.
   */
  names: {
    pageviews: 'Page views',
    dau: 'DAU',
    wau: 'WAU',
    mau: 'MAU',
    aov: 'Average order value',
    os: 'OS',
    ctr: 'CTR',
    ltv: 'LTV',
    p75: 'p75',
    median_read_s: 'Median read time',
  } as Record<string, string>,
};

/** The strings of one language; every language has every key of English. */
export type Messages = typeof en;

const zhCN: Messages = {
  idle: '设置 endpoint 和 site（漏斗还需 steps）后显示此报表。',
  loading: '正在加载报表…',
  empty: '此期间暂无数据',
  retry: '重试',
  tokenExpired: '会话已过期，请重新登录后查看此报表。',
  network: '无法连接分析服务器。',
  failed: '无法加载此报表。',
  showTable: '以表格显示',
  downloadCsv: '下载 CSV',
  downloadPng: '下载 PNG',
  previous: '上一周期',
  compare: {
    previous_period: '较上一周期',
    same_period_last_week: '较上周同期',
    same_period_last_year: '较去年同期',
  },
  date: '日期',
  funnel: {
    step: '步骤',
    visitors: '访客',
    ofFirst: '占首步',
    ofPrevious: '占上一步',
    dropOff: '流失',
    medianTime: '转化时长中位数',
    breakdown: '细分',
    none: '（无）',
    chartLabel: (parts) => `各步骤访客漏斗：${parts.join('；')}`,
  },
  trend: {
    chartLabel: (metrics, from, to) => `${metrics.join('、')}，${from} 至 ${to}`,
  },
  kpi: {
    noComparison: '无对比数据',
  },
  breakdown: {
    chartLabel: (dimension) => `${dimension}排行`,
  },
  retention: {
    any: '任意活跃',
    purchase: '复购',
    period: (name, index) => `第${index}${name}`,
  },
  names: {
    visitors: '访客数',
    sessions: '会话数',
    pageviews: '浏览量',
    dau: '日活',
    wau: '周活',
    mau: '月活',
    stickiness: '粘性',
    bounce_rate: '跳出率',
    session_duration: '会话时长',
    pages_per_session: '每会话页数',
    new_visitors: '新访客',
    returning_visitors: '回访访客',
    orders: '订单数',
    revenue: '销售额',
    refunds: '退款',
    aov: '客单价',
    conversion_rate: '转化率',
    page: '页面',
    entry_page: '入口页',
    channel: '渠道',
    source: '来源',
    referrer: '引荐网站',
    campaign: '活动',
    device: '设备',
    browser: '浏览器',
    os: '操作系统',
    country: '国家/地区',
    cohort: '同期群',
    size: '人数',
    average: '平均',
    first_visit: '首次访问',
    first_purchase: '首次购买',
    day: '天',
    week: '周',
    month: '月',
    metric: '指标',
    samples: '样本数',
    good: '良好',
    needs_improvement: '待改进',
    poor: '较差',
    rating: '评级',
    p75: 'p75',
    name: '内容',
    piece: '位置',
    impressions: '曝光',
    clicks: '点击',
    ctr: '点击率',
    assisted_revenue: '助攻销售额',
    article: '文章',
    readers: '读者',
    reached: '读到',
    median_read_s: '阅读时长中位数',
    repurchase_rate: '复购率',
    customers: '顾客数',
    repeat_customers: '复购顾客',
    time_between_orders: '复购间隔中位数',
    segment: '客户分层',
    champions: '重要价值客户',
    loyal: '忠诚客户',
    new: '新客户',
    at_risk: '流失风险客户',
    hibernating: '沉睡客户',
    ltv: '客户终身价值',
    product: '商品',
    view_visitors: '浏览人数',
    cart_visitors: '加购人数',
    purchase_visitors: '购买人数',
    units: '件数',
  },
};

/** English strings, for code that has no locale at hand. */
export const messages = en;

/**
 * The strings for a locale: Chinese for any `zh` tag (zh, zh-CN, zh-Hans…), else
 * English. Only English and Simplified Chinese are built in.
 */
export function messagesFor(locale: string): Messages {
  return /^zh\b/i.test(locale) ? zhCN : en;
}

/** A metric's or dimension's display name in a language; else the key, capitalised, with spaces. */
export function nameOf(key: string, t: Messages): string {
  return t.names[key] ?? key.charAt(0).toUpperCase() + key.slice(1).replace(/_/g, ' ');
}

/**
 * The text shown for a failed report. The server's `reason` is shown as is, since the
 * collector writes it for people ("steps: at least 2 are needed"); templates render it
 * as text, never as HTML.
 */
export function errorMessage(error: ReportError | undefined, t: Messages = en): string {
  if (!error) return t.failed;
  if (error.status === 401) return t.tokenExpired;
  if (error.code === 'network') return t.network;
  return error.reason ? `${t.failed} ${error.reason}` : t.failed;
}
