import {
  BREAKDOWN_DIMENSIONS,
  BREAKDOWN_LIMIT,
  BREAKDOWN_PATH,
  COMPARE_MODES,
  FILTER_DIMENSIONS,
  TREND_INTERVALS,
  TREND_METRICS,
  TRENDS_PATH,
  BatchEnvelopeSchema,
  ECOMMERCE_PROPS_SCHEMAS,
  CustomPropsSchema,
  EventEnvelopeSchema,
  FUNNEL_STEPS,
  ItemSchema,
} from '@vitrine/schema';
import {
  CONTENT_LIMIT,
  CONTENT_PATH,
  CONTENT_WINDOW_DAYS,
  FUNNEL_BREAKDOWN_DIMENSIONS,
  FUNNEL_BREAKDOWN_LIMIT,
  FUNNEL_ORDERS,
  VITALS_PAGES,
  VITALS_PATH,
} from '@vitrine/schema';
import {
  COMMERCE_PATH,
  LTV_PERIOD_LIMIT,
  LTV_PERIODS,
  PRODUCT_LIMIT,
  RETENTION_COHORTS,
  RETENTION_PATH,
  RETENTION_PERIOD_LIMIT,
  RETENTION_PERIODS,
  RETENTION_RETURNS,
} from '@vitrine/schema';
import { REPORT_NAMES } from '../auth/embed-tokens.js';

/** TypeBox schemas are JSON Schema plus symbol-keyed metadata, which a JSON round trip drops. */
const jsonSchema = (schema: unknown) => JSON.parse(JSON.stringify(schema)) as object;

const error = { $ref: '#/components/schemas/Error' };
const errors = (...codes: number[]) =>
  Object.fromEntries(codes.map((code) => [String(code), { description: `Error ${code}`, content: { 'application/json': { schema: error } } }]));
const json = (schema: object, description = 'OK') => ({ description, content: { 'application/json': { schema } } });
const range = [
  { name: 'site', in: 'query', required: true, schema: { type: 'string' } },
  { name: 'from', in: 'query', schema: { type: 'string', description: "YYYY-MM-DD (local midnight in tz, default the site's zone) or an ISO 8601 date-time with offset; default 30 days before `to`" } },
  { name: 'to', in: 'query', schema: { type: 'string', description: 'A date includes that whole local day; a date-time is exclusive; default now' } },
];

/** Parameters every report but the funnel takes (see docs/metrics.md). */
const reportParams = [
  { name: 'site', in: 'query', required: true, schema: { type: 'string' } },
  { name: 'from', in: 'query', schema: { type: 'string', description: 'YYYY-MM-DD (local midnight in tz) or an ISO 8601 date-time with offset; default 30 days before `to`' } },
  { name: 'to', in: 'query', schema: { type: 'string', description: 'A date includes that whole local day; a date-time is exclusive; default now' } },
  { name: 'range', in: 'query', schema: { type: 'string', description: 'Instead of from/to: `<N>d` (the N whole days before today), today, yesterday, this_month, last_month, this_year' } },
  { name: 'tz', in: 'query', schema: { type: 'string', description: "IANA time zone for days, weeks (Monday first) and months; default the site's" } },
  {
    name: 'filters',
    in: 'query',
    schema: {
      type: 'string',
      description: `dim:value[|value…][;dim:value…] — clauses AND, values OR; a path value ending in * is a prefix. Dimensions: ${FILTER_DIMENSIONS.join(', ')}. A session counts when one of its events matches every clause.`,
    },
  },
  { name: 'compare', in: 'query', schema: { enum: [...COMPARE_MODES] } },
];

/**
 * The collector's OpenAPI 3.1 description, served at `GET /openapi.json`. The request
 * bodies are the wire-format schemas themselves, so the description cannot drift from
 * what ingest validates.
 */
export function openApiDocument(): object {
  return {
    openapi: '3.1.0',
    info: { title: 'Vitrine collector', version: '1', description: 'Ingest, admin and report API. See docs/wire-format.md.' },
    components: {
      securitySchemes: {
        embedToken: { type: 'http', scheme: 'bearer', description: 'A signed, short-lived embed token (vt1.…) scoped to a site and reports, or the admin secret.' },
        adminSecret: { type: 'http', scheme: 'bearer', description: 'The admin secret (VITRINE_ADMIN_SECRET). Server-side only.' },
      },
      schemas: {
        Error: { type: 'object', required: ['error'], properties: { error: { type: 'string' }, reason: { type: 'string' } } },
        Batch: jsonSchema(BatchEnvelopeSchema),
        Event: jsonSchema(EventEnvelopeSchema),
        Item: jsonSchema(ItemSchema),
        CustomProps: jsonSchema(CustomPropsSchema),
        ...Object.fromEntries(Object.entries(ECOMMERCE_PROPS_SCHEMAS).map(([name, schema]) => [`Props_${name}`, jsonSchema(schema)])),
        BatchResponse: {
          type: 'object',
          required: ['accepted', 'rejected'],
          properties: {
            accepted: { type: 'integer', description: 'Events now durably stored, including duplicates of already-stored events.' },
            duplicates: { type: 'integer', description: 'Accepted events that were already stored (not stored twice).' },
            rejected: { type: 'array', items: { type: 'object', properties: { index: { type: 'integer' }, reason: { type: 'string' } } } },
          },
        },
        Site: {
          type: 'object',
          properties: {
            id: { type: 'string' }, key: { type: 'string' }, name: { type: 'string' }, origins: { type: 'array', items: { type: 'string' } },
            currency: { type: 'string' }, timezone: { type: 'string' }, cookieless: { type: 'boolean' }, disabled: { type: 'boolean' },
            created_at: { type: 'string', format: 'date-time' },
          },
        },
      },
    },
    paths: {
      '/v1/batch': {
        post: {
          summary: 'Ingest a batch of events',
          description: 'text/plain or application/json, optionally Content-Encoding: gzip. Acknowledged only after the rows are committed. Each event is its own item of `events` (see Event and the Props_* schemas).',
          requestBody: { required: true, content: { 'text/plain': { schema: { $ref: '#/components/schemas/Batch' } }, 'application/json': { schema: { $ref: '#/components/schemas/Batch' } } } },
          responses: { '200': json({ $ref: '#/components/schemas/BatchResponse' }), ...errors(400, 401, 403, 413, 415, 429, 503) },
        },
      },
      '/v1/reports/funnel': {
        get: {
          summary: 'Funnel: visitors (or sessions) per step, ordered or strict, within a window, with step filters and an optional breakdown',
          security: [{ embedToken: [] }],
          parameters: [
            ...range,
            ...reportParams.filter((p) => p.name === 'range' || p.name === 'tz'),
            { name: 'unit', in: 'query', schema: { enum: ['visitors', 'sessions'], default: 'visitors', description: 'Walk the funnel per visitor (across sessions) or per session' } },
            { name: 'steps', in: 'query', schema: { type: 'string', description: `${FUNNEL_STEPS.min} to ${FUNNEL_STEPS.max} comma-separated event names (or steps_json)` } },
            {
              name: 'steps_json',
              in: 'query',
              schema: { type: 'string', description: 'Instead of steps: [{"event":"page_view","filters":{"path":"/blog/*"}},{"event":"add_to_cart","filters":{"product":"X"}}]; filters on the step event itself, dimensions as filters=' },
            },
            { name: 'order', in: 'query', schema: { enum: [...FUNNEL_ORDERS], default: 'ordered', description: 'strict: each step must be the next funnel event (an event named like a step) after the previous one' } },
            { name: 'window', in: 'query', schema: { type: 'string', pattern: '^[0-9]+[mhd]$', description: 'Conversion window from the first step: 30m, 2h, 7d (1 minute to 365 days); default none' } },
            ...reportParams.filter((p) => p.name === 'filters'),
            { name: 'breakdown', in: 'query', schema: { enum: [...FUNNEL_BREAKDOWN_DIMENSIONS], description: "One funnel per top value, read on each unit's first step-1 event" } },
            { name: 'breakdown_limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: FUNNEL_BREAKDOWN_LIMIT.max, default: FUNNEL_BREAKDOWN_LIMIT.default } },
          ],
          responses: { '200': json({ type: 'object' }), ...errors(400, 401, 403, 404) },
        },
      },
      [TRENDS_PATH]: {
        get: {
          summary: 'KPIs: series per interval and totals, with an optional comparison period',
          security: [{ embedToken: [] }],
          parameters: [
            ...reportParams,
            { name: 'metrics', in: 'query', schema: { type: 'string', description: `Comma-separated, any of ${TREND_METRICS.join(', ')}; default visitors,sessions,pageviews,orders,revenue,conversion_rate` } },
            { name: 'interval', in: 'query', schema: { enum: [...TREND_INTERVALS], default: 'day' } },
            { name: 'currency', in: 'query', schema: { type: 'string', pattern: '^[A-Z]{3}$', description: "Currency of the money series and totals; default the site's. Every currency is in `money` regardless." } },
          ],
          responses: { '200': json({ type: 'object', description: 'TrendsReport (@vitrine/schema): current/previous periods with uPlot data [xs, ys…], totals, money per currency' }), ...errors(400, 401, 403, 404) },
        },
      },
      [BREAKDOWN_PATH]: {
        get: {
          summary: 'Top values of a dimension with visitors, sessions, conversion, orders and net revenue per currency',
          security: [{ embedToken: [] }],
          parameters: [
            ...reportParams,
            { name: 'dimension', in: 'query', required: true, schema: { enum: [...BREAKDOWN_DIMENSIONS] } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: BREAKDOWN_LIMIT.max, default: BREAKDOWN_LIMIT.default } },
          ],
          responses: { '200': json({ type: 'object', description: 'BreakdownReport (@vitrine/schema)' }), ...errors(400, 401, 403, 404) },
        },
      },
      [RETENTION_PATH]: {
        get: {
          summary: 'Retention: cohorts by first visit or first purchase, and the share returning in each later day, week or month',
          security: [{ embedToken: [] }],
          parameters: [
            ...reportParams.filter((p) => p.name !== 'compare'),
            { name: 'cohort', in: 'query', schema: { enum: [...RETENTION_COHORTS], default: 'first_visit', description: 'Filters pick the cohort (by the session of its first visit or purchase); returns count in any session' } },
            { name: 'period', in: 'query', schema: { enum: [...RETENTION_PERIODS], default: 'week', description: 'Cohort and return period in tz; weeks start on Monday' } },
            { name: 'return', in: 'query', schema: { enum: [...RETENTION_RETURNS], default: 'any', description: 'What counts as coming back: any event, or a purchase' } },
            { name: 'periods', in: 'query', schema: { type: 'integer', minimum: 1, maximum: RETENTION_PERIOD_LIMIT.max, default: RETENTION_PERIOD_LIMIT.default } },
          ],
          responses: { '200': json({ type: 'object', description: 'RetentionReport (@vitrine/schema): cohorts with counts and rates per period (period 0 = 100 %), the average row, uPlot data of the average curve' }), ...errors(400, 401, 403, 404) },
        },
      },
      [COMMERCE_PATH]: {
        get: {
          summary: 'Commerce: repurchase rate and time between orders, LTV by acquisition cohort, RFM segments, product performance; net of refunds, per currency',
          security: [{ embedToken: [] }],
          parameters: [
            ...reportParams.filter((p) => p.name !== 'compare'),
            { name: 'period', in: 'query', schema: { enum: [...LTV_PERIODS], default: 'month', description: 'Acquisition-cohort period of the LTV table' } },
            { name: 'periods', in: 'query', schema: { type: 'integer', minimum: 1, maximum: LTV_PERIOD_LIMIT.max, default: LTV_PERIOD_LIMIT.default } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: PRODUCT_LIMIT.max, default: PRODUCT_LIMIT.default, description: 'Products shown' } },
          ],
          responses: { '200': json({ type: 'object', description: 'CommerceReport (@vitrine/schema)' }), ...errors(400, 401, 403, 404) },
        },
      },
      [CONTENT_PATH]: {
        get: {
          summary: 'Content performance: impressions, clicks, CTR, article read depth and time, assisted conversions',
          security: [{ embedToken: [] }],
          parameters: [
            ...reportParams.filter((p) => p.name !== 'compare'),
            { name: 'window_days', in: 'query', schema: { type: 'integer', minimum: CONTENT_WINDOW_DAYS.min, maximum: CONTENT_WINDOW_DAYS.max, default: CONTENT_WINDOW_DAYS.default, description: 'Days after a click or read within which a purchase is assisted' } },
            { name: 'limit', in: 'query', schema: { type: 'integer', minimum: 1, maximum: CONTENT_LIMIT.max, default: CONTENT_LIMIT.default } },
          ],
          responses: { '200': json({ type: 'object', description: 'ContentReport (@vitrine/schema)' }), ...errors(400, 401, 403, 404) },
        },
      },
      [VITALS_PATH]: {
        get: {
          summary: 'Web vitals: nearest-rank p75 and rating shares overall, per page and over time; conversion by LCP rating',
          security: [{ embedToken: [] }],
          parameters: [
            ...reportParams.filter((p) => p.name !== 'compare'),
            { name: 'interval', in: 'query', schema: { enum: [...TREND_INTERVALS], default: 'day' } },
            { name: 'pages', in: 'query', schema: { type: 'integer', minimum: 1, maximum: VITALS_PAGES.max, default: VITALS_PAGES.default, description: 'Top paths by samples' } },
          ],
          responses: { '200': json({ type: 'object', description: 'VitalsReport (@vitrine/schema): series as uPlot data [xs, LCP, INP, CLS, FCP, TTFB]' }), ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/tokens': {
        post: {
          summary: 'Mint an embed token',
          security: [{ adminSecret: [] }],
          requestBody: {
            content: {
              'application/json': {
                schema: {
                  type: 'object',
                  required: ['site'],
                  properties: {
                    site: { type: 'string' },
                    reports: { type: 'array', items: { enum: ['*', ...REPORT_NAMES] } },
                    ttl: { type: ['string', 'integer'], description: 'Seconds, or 30m / 1h; at most 24h; default 1h' },
                  },
                },
              },
            },
          },
          responses: { '200': json({ type: 'object', properties: { token: { type: 'string' }, expires_at: { type: 'string' } } }), ...errors(400, 401, 403, 404) },
        },
      },
      '/v1/sites': {
        get: { summary: 'List sites', security: [{ adminSecret: [] }], responses: { '200': json({ type: 'object', properties: { sites: { type: 'array', items: { $ref: '#/components/schemas/Site' } } } }), ...errors(401, 403) } },
        post: {
          summary: 'Register a site',
          security: [{ adminSecret: [] }],
          requestBody: { content: { 'application/json': { schema: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, key: { type: 'string' }, origins: { type: 'array', items: { type: 'string' } }, currency: { type: 'string' }, timezone: { type: 'string' }, cookieless: { type: 'boolean' } } } } } },
          responses: { '201': json({ $ref: '#/components/schemas/Site' }, 'Created'), ...errors(400, 401, 403) },
        },
      },
      '/v1/sites/{site}/disable': { post: { summary: 'Disable a site (its key is refused at ingest)', security: [{ adminSecret: [] }], parameters: [{ name: 'site', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json({ $ref: '#/components/schemas/Site' }), ...errors(401, 403, 404) } } },
      '/v1/sites/{site}/enable': { post: { summary: 'Enable a site again', security: [{ adminSecret: [] }], parameters: [{ name: 'site', in: 'path', required: true, schema: { type: 'string' } }], responses: { '200': json({ $ref: '#/components/schemas/Site' }), ...errors(401, 403, 404) } } },
      '/v1/rejected': { get: { summary: 'Rejected payloads with their reasons', security: [{ adminSecret: [] }], parameters: [{ name: 'site', in: 'query', schema: { type: 'string' } }, { name: 'limit', in: 'query', schema: { type: 'integer', maximum: 1000 } }], responses: { '200': json({ type: 'object' }), ...errors(401, 403) } } },
      '/healthz': { get: { summary: 'Liveness', responses: { '200': json({ type: 'object' }) } } },
      '/metrics': { get: { summary: 'Prometheus metrics', responses: { '200': { description: 'Prometheus text format', content: { 'text/plain': {} } } } } },
      '/openapi.json': { get: { summary: 'This document', responses: { '200': json({ type: 'object' }) } } },
      '/vitrine.js': { get: { summary: 'The tracker script (path configurable with --script-path)', responses: { '200': { description: 'JavaScript', content: { 'text/javascript': {} } } } } },
    },
  };
}
