// The same widgets inside a Vue 3 app. Vue is told that `vitrine-*` tags are custom
// elements; `:token` binds as a DOM property because the element defines it, and
// `@vitrine-select` listens to the element's custom event.
import { createApp, onMounted, ref } from '/vendor/vue.js';
import { fetchConfig, settings } from './admin.js';

const app = createApp({
  setup() {
    const config = ref(null);
    const selected = ref(null);
    const { range, compare, locale, theme } = settings();
    const renew = async () => {
      config.value = await fetchConfig();
    };
    onMounted(renew);
    const steps = ['page_view', 'view_item', 'add_to_cart', 'begin_checkout', 'purchase'];
    return { config, selected, range, compare, locale, theme: theme === 'auto' ? null : theme, steps, renew };
  },
  template: `
    <p v-if="!config">Loading…</p>
    <template v-else>
      <div class="kpis">
        <vitrine-kpi v-for="metric in ['visitors', 'orders', 'revenue', 'conversion_rate']" :key="metric" :metric="metric"
          :endpoint="config.endpoint" :site="config.site" :token="config.token" :range="range" :compare="compare" :locale="locale" :theme="theme"
          @vitrine-token-expired="renew"></vitrine-kpi>
      </div>
      <section class="panel">
        <vitrine-funnel :steps="steps" :endpoint="config.endpoint" :site="config.site" :token="config.token" :range="range" :locale="locale" :theme="theme"
          @vitrine-select="selected = $event.detail" @vitrine-token-expired="renew"></vitrine-funnel>
        <p id="vue-selected">{{ selected ? 'Selected step: ' + (selected.name ?? selected.step) : 'Click a step to select it.' }}</p>
      </section>
      <section class="panel">
        <vitrine-breakdown dimension="channel" :endpoint="config.endpoint" :site="config.site" :token="config.token" :range="range" :locale="locale" :theme="theme"
          @vitrine-token-expired="renew"></vitrine-breakdown>
      </section>
    </template>`,
});
app.config.compilerOptions.isCustomElement = (tag) => tag.startsWith('vitrine-');
app.mount('#app');
