// Runs every suite (Node unit tests, browser tests in Chromium, end-to-end tests) even
// when an earlier one fails, then prints one closing line, "N passed, N failed", for
// all of them, and exits non-zero if anything failed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const reports = mkdtempSync(join(tmpdir(), 'vitrine-test-'));
const suites = [
  { name: 'unit (Node)', cmd: 'vitest', args: ['run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile=${reports}/unit.json`] },
  { name: 'browser (Chromium)', cmd: 'web-test-runner', args: [] },
  { name: 'e2e (Chromium + collector)', cmd: 'vitest', args: ['run', '--project', 'e2e', '--reporter=default', '--reporter=json', `--outputFile=${reports}/e2e.json`] },
];

const totals = { passed: 0, failed: 0 };
const lines = [];
for (const suite of suites) {
  console.log(`\n=== ${suite.name} ===`);
  const run = spawnSync('pnpm', ['exec', suite.cmd, ...suite.args], { stdio: suite.cmd === 'web-test-runner' ? ['ignore', 'pipe', 'inherit'] : 'inherit', encoding: 'utf8' });
  let passed = 0;
  let failed = 0;
  if (suite.cmd === 'vitest') {
    try {
      const report = JSON.parse(readFileSync(join(reports, `${suite.args[2]}.json`), 'utf8'));
      passed = report.numPassedTests;
      failed = report.numFailedTests + (report.numTotalTestSuites === 0 ? 1 : 0);
    } catch {
      failed = 1;
    }
  } else {
    process.stdout.write(run.stdout);
    // web-test-runner prints "N passed, N failed" for the browser; take the last one.
    const match = [...run.stdout.matchAll(/(\d+) passed, (\d+) failed/g)].at(-1);
    passed = match ? Number(match[1]) : 0;
    failed = match ? Number(match[2]) : 1;
  }
  // A crashed runner counts as a failure even when it reported no failing test.
  if (run.status !== 0 && failed === 0) failed = 1;
  totals.passed += passed;
  totals.failed += failed;
  lines.push(`  ${suite.name}: ${passed} passed, ${failed} failed`);
}
rmSync(reports, { recursive: true, force: true });

console.log(`\n=== summary ===\n${lines.join('\n')}`);
console.log(`${totals.passed} passed, ${totals.failed} failed`);
process.exit(totals.failed === 0 && totals.passed > 0 ? 0 : 1);
