// Sums the vitest JSON reports in reports/vitest/ and prints "N passed, N failed" (and
// ", N skipped" when some were skipped) alone on a line. Exits 1 when a test failed, a test
// file failed to load, a package that tests with vitest left no report or ran no test, or
// nothing ran at all. Used by .ci/run.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const reportDir = 'reports/vitest';
const problems = [];

// Every workspace package whose test script runs vitest must leave a report named after its
// directory (see tooling/vitest-config/index.js: packages/autodiff -> packages-autodiff.json);
// one whose test script also runs its end-to-end config (vitest.e2e.config.ts) leaves a second
// report with an -e2e suffix (apps/playground -> apps-playground-e2e.json).
const expected = [];
for (const group of ['packages', 'apps', 'tooling']) {
  if (!existsSync(group)) continue;
  for (const dir of readdirSync(group)) {
    const manifest = join(group, dir, 'package.json');
    if (!existsSync(manifest)) continue;
    const test = JSON.parse(readFileSync(manifest, 'utf8')).scripts?.test ?? '';
    if (test.includes('vitest')) expected.push(`${group}-${dir}.json`);
    if (test.includes('vitest.e2e.config')) expected.push(`${group}-${dir}-e2e.json`);
  }
}

const found = existsSync(reportDir)
  ? readdirSync(reportDir).filter((f) => f.endsWith('.json'))
  : [];
for (const name of expected) {
  if (!found.includes(name)) problems.push(`no vitest report ${join(reportDir, name)}`);
}

let passed = 0;
let failed = 0;
let skipped = 0;
for (const name of found) {
  const file = join(reportDir, name);
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    problems.push(`unreadable report ${file}: ${error.message}`);
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  if ((report.numFailedTestSuites ?? 0) > 0) {
    problems.push(`${file}: ${report.numFailedTestSuites} test suite(s) failed`);
  }
  if ((report.numTotalTests ?? 0) === 0) problems.push(`${file}: no tests ran`);
}

for (const problem of problems) console.log(`[ci] ${problem}`);
if (passed + failed === 0) console.log('[ci] no test ran');
console.log(`${passed} passed, ${failed} failed${skipped > 0 ? `, ${skipped} skipped` : ''}`);
process.exit(failed > 0 || passed + failed === 0 || problems.length > 0 ? 1 : 0);
