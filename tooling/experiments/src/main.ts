/**
 * Runs the experiments of issue 5 at full size: `pnpm experiments` from the repository root
 * (or `pnpm --filter @gradflow/experiments experiments -- --only 1,3 --out DIR`). Prints the
 * tables as Markdown and writes the charts to reports/experiments/ (or --out).
 */
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { runAll } from './run.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const { values } = parseArgs({
  options: {
    only: { type: 'string' },
    out: { type: 'string', default: resolve(root, 'reports/experiments') },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'Usage: tsx src/main.ts [--only 1,2,...] [--out DIR]\nRuns the gradient-flow experiments (results 1-7), prints their tables and writes SVG charts to DIR (default reports/experiments).',
  );
} else {
  const only = values.only?.split(',').map((s) => Number(s.trim()));
  const started = performance.now();
  const outDir = resolve(values.out);
  const written = await runAll({ outDir, ...(only ? { only } : {}) });
  console.log(
    `Wrote ${written.length} charts to ${relative(process.cwd(), outDir) || '.'} in ${((performance.now() - started) / 1000).toFixed(1)} s.`,
  );
}
