// The admin page asks its own backend for the collector settings, as an admin panel
// would; the widget then reads reports straight from the collector.
const config = await (await fetch('/config.json')).json();
for (const el of document.querySelectorAll('vitrine-funnel')) {
  el.setAttribute('endpoint', config.endpoint);
  el.setAttribute('site', config.site);
  el.token = config.token;
}
