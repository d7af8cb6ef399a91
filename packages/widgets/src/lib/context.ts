import { createContext } from '@lit/context';

/**
 * Settings a `<vitrine-provider>` hands to every widget inside it. Each is optional;
 * an element's own attribute wins over the provider's.
 */
export interface VitrineSettings {
  endpoint?: string | undefined;
  token?: string | undefined;
  site?: string | undefined;
  range?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  tz?: string | undefined;
  locale?: string | undefined;
  theme?: string | undefined;
  filters?: string | undefined;
  refresh?: number | undefined;
}

/**
 * The context the provider provides and widgets consume. Keyed by a *string*, not a
 * Symbol: when both builds load (the IIFE and the npm ESM), each has its own module
 * instance, and a string key still lets a provider of one reach the widgets of the other.
 */
export const settingsContext = createContext<VitrineSettings | undefined>('vitrine-settings');
