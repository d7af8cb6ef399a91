/**
 * Defines a custom element unless the tag is taken: loading two builds (the IIFE and
 * the npm ESM, say) must not throw "already defined". The first definition wins.
 */
export function define(tag: string, element: CustomElementConstructor): void {
  if (!customElements.get(tag)) customElements.define(tag, element);
}
