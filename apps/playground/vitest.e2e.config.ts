import { gradflowVitestConfig, reportFile } from '@gradflow/vitest-config';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// End-to-end tests: the built app in headless chromium (test/e2e/global-setup.ts builds it once,
// serves dist/ and starts one browser). Files run one at a time in one worker so a run stays
// light next to other packages' tests. The JSON report has its own file
// (reports/vitest/apps-playground-e2e.json), so .ci/run counts it next to the unit tests'.
const here = fileURLToPath(new URL('.', import.meta.url));
const config = gradflowVitestConfig(import.meta.url);

export default {
  ...config,
  test: {
    ...config.test,
    // Replaces (not extends) the unit tests' include list.
    include: ['test/e2e/**/*.e2e.ts'],
    globalSetup: ['test/e2e/global-setup.ts'],
    outputFile: { json: reportFile(resolve(here, 'e2e')) },
    fileParallelism: false,
    maxWorkers: 1,
  },
};
