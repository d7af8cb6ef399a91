// A Rollup plugin that writes packages/widgets/dist/custom-elements.json with
// @custom-elements-manifest/analyzer once the widget bundles are written, so the
// manifest is regenerated on every `rollup -c` and never drifts from the sources.
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const widgets = dirname(dirname(fileURLToPath(import.meta.url)));

/** @returns {import('rollup').Plugin} */
export function customElementsManifest() {
  return {
    name: 'custom-elements-manifest',
    writeBundle() {
      const cli = join(dirname(createRequire(join(widgets, 'package.json')).resolve('@custom-elements-manifest/analyzer/package.json')), 'cem.js');
      // The analyzer reads custom-elements-manifest.config.mjs in its working directory.
      execFileSync(process.execPath, [cli, 'analyze'], { cwd: widgets, stdio: ['ignore', 'ignore', 'inherit'] });
    },
  };
}
