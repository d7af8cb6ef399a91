// The same widgets inside a React 19 app. React 19 passes props to custom elements as
// properties when the element defines them (so `token` and `steps` arrive as values, not
// strings), and `on<Event>` props subscribe to their custom events.
import { StrictMode, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import { fetchConfig, settings } from './admin.js';

const STEPS = ['page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase'];

function Dashboard() {
  const [config, setConfig] = useState(null);
  const [selected, setSelected] = useState(null);
  const { range, compare, locale, theme } = settings();
  useEffect(() => {
    fetchConfig().then(setConfig);
  }, []);
  if (!config) return <p>Loading…</p>;
  const common = { endpoint: config.endpoint, site: config.site, token: config.token, range, locale, ...(theme === 'auto' ? {} : { theme }) };
  const renew = () => fetchConfig().then(setConfig);
  return (
    <>
      <div className="kpis">
        {['visitors', 'orders', 'revenue', 'conversion_rate'].map((metric) => (
          <vitrine-kpi key={metric} metric={metric} compare={compare} {...common} onvitrine-token-expired={renew} />
        ))}
      </div>
      <section className="panel">
        <vitrine-funnel steps={STEPS} {...common} onvitrine-select={(event) => setSelected(event.detail)} onvitrine-token-expired={renew} />
        <p id="react-selected">{selected ? `Selected step: ${selected.name ?? selected.step ?? JSON.stringify(selected)}` : 'Click a step to select it.'}</p>
      </section>
      <section className="panel">
        <vitrine-trend metrics={["visitors", "orders"]} compare={compare} {...common} onvitrine-token-expired={renew} />
      </section>
    </>
  );
}

createRoot(document.getElementById('app')).render(
  <StrictMode>
    <Dashboard />
  </StrictMode>,
);
