// `pnpm bench`: runs every benchmark in this folder in turn. Benchmarks print tables;
// they never fail a build (budgets that must hold are asserted in test/budgets.test.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
for (const file of readdirSync(here).filter((f) => f.endsWith('.mjs') && f !== 'run.mjs').sort()) {
  console.log(`\n## ${file}\n`);
  spawnSync(process.execPath, [join(here, file)], { stdio: 'inherit' });
}
