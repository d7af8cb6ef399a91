// React 19 is published as CommonJS only, and the test runner serves ES modules: this
// evaluates React's own production files (from packages/widgets' node_modules) with a
// minimal `require`, for the framework tests. Tests only: it uses `new Function`.

/** Where each CommonJS module the React tests need is served from. */
const MODULES: Record<string, string> = {
  react: '/packages/widgets/node_modules/react/cjs/react.production.js',
  'react-dom': '/packages/widgets/node_modules/react-dom/cjs/react-dom.production.js',
  'react-dom/client': '/packages/widgets/node_modules/react-dom/cjs/react-dom-client.production.js',
  // react-dom's own dependency, beside it in pnpm's store.
  scheduler: '/node_modules/.pnpm/react-dom@19.3.1_react@19.3.1/node_modules/scheduler/cjs/scheduler.production.js',
};

// Captured when this module loads, before any test stubs window.fetch.
const realFetch = window.fetch.bind(window);
const sources = new Map<string, string>();
const cache = new Map<string, unknown>();

function requireModule(name: string): unknown {
  if (cache.has(name)) return cache.get(name);
  const source = sources.get(name);
  if (source === undefined) throw new Error(`not loaded: ${name}`);
  const module = { exports: {} as unknown };
  cache.set(name, module.exports);
  // eslint-disable-next-line no-new-func
  new Function('module', 'exports', 'require', 'process', source)(module, module.exports, requireModule, { env: { NODE_ENV: 'production' } });
  cache.set(name, module.exports);
  return module.exports;
}

/** Fetches React's files, then returns `require(name)`. */
export async function loadReact(): Promise<{ React: typeof import('react'); ReactDOMClient: typeof import('react-dom/client') }> {
  await Promise.all(
    Object.entries(MODULES).map(async ([name, url]) => {
      const response = await realFetch(url);
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      sources.set(name, await response.text());
    }),
  );
  return { React: requireModule('react') as typeof import('react'), ReactDOMClient: requireModule('react-dom/client') as typeof import('react-dom/client') };
}
