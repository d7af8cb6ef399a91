// A Rollup plugin that empties a folder before a build writes into it: chunk names carry
// content hashes, so without it every build would leave the previous chunks behind.
import { rmSync } from 'node:fs';

/**
 * @param {string} dir - the folder to remove at the start of the build
 * @returns {import('rollup').Plugin}
 */
export function cleanDir(dir) {
  return {
    name: 'clean-dir',
    buildStart() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
