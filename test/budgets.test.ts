import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/processes.js';

// The same budgets that bench/size.mjs prints: a bundle over its budget fails the build,
// as Plausible checks its script's size on every change.
const budgets = Object.entries(JSON.parse(readFileSync(join(ROOT, 'bench/budgets.json'), 'utf8')) as Record<string, number>).filter(
  ([file]) => !file.startsWith('$'),
);

describe('size budgets (gzip -9)', () => {
  it.each(budgets)('%s stays within %i bytes', (file, budget) => {
    const path = join(ROOT, file);
    expect(existsSync(path), `${file} is built`).toBe(true);
    expect(gzipSync(readFileSync(path), { level: 9 }).length).toBeLessThanOrEqual(budget);
  });
});
