// @custom-elements-manifest/analyzer settings: dist/custom-elements.json, the
// machine-readable list of every element's attributes, properties, events, CSS parts
// and custom properties (IDEs, Storybook and framework wrappers read it). Generated on
// every build by scripts/custom-elements-manifest.mjs.

/** Internal reactive state (`{ state: true }`) is no attribute; the analyzer lists it as one. */
const INTERNAL_STATE = new Set(['settings', '_point']);

export default {
  globs: ['src/**/*.ts'],
  exclude: ['src/**/*.test.ts', 'src/**/*.d.ts'],
  outdir: 'dist',
  litelement: true,
  plugins: [
    {
      name: 'vitrine-drop-internal-state',
      packageLinkPhase({ customElementsManifest }) {
        for (const module of customElementsManifest.modules) {
          for (const declaration of module.declarations ?? []) {
            declaration.attributes = declaration.attributes?.filter((attribute) => !INTERNAL_STATE.has(attribute.fieldName ?? attribute.name));
            declaration.members = declaration.members?.filter((member) => !INTERNAL_STATE.has(member.name));
          }
        }
      },
    },
  ],
};
