/**
 * Benchmark runner: `pnpm bench` (all cases) or, from tooling/bench,
 * `pnpm bench <substring>...` (cases whose name contains one of the substrings).
 */
import { CASES, type BenchCase, type Prepared } from './cases/index.js';
import { loadGradflow } from './gradflow.js';
import { measure, type Stats } from './measure.js';
import { formatTable, type BenchRow, type Contender } from './table.js';
import { tf, useTfjsBackend, type TfjsBackend } from './tfjs.js';

const TFJS_BACKENDS: readonly TfjsBackend[] = ['cpu', 'wasm'];

function timePrepared(prepared: Prepared, bench: BenchCase): Stats {
  try {
    return measure(prepared.run, bench.options);
  } finally {
    prepared.dispose?.();
  }
}

async function main(): Promise<void> {
  const filters = process.argv.slice(2);
  const cases = CASES.filter(
    (c) => filters.length === 0 || filters.some((f) => c.name.includes(f)),
  );
  if (cases.length === 0) throw new Error(`bench: no case matches ${filters.join(', ')}`);

  const notes: string[] = [];
  const gradflow = await loadGradflow();
  if (!gradflow.ok) notes.push(`gradflow skipped: ${gradflow.reason}`);

  const rows: BenchRow[] = [];
  for (const bench of cases) {
    const results: Partial<Record<Contender, Stats>> = {};
    if (gradflow.ok && bench.gradflow) {
      results.gradflow = timePrepared(bench.gradflow(gradflow.api), bench);
    }
    if (bench.tfjs) {
      for (const backend of TFJS_BACKENDS) {
        await useTfjsBackend(backend);
        results[`tfjs-${backend}`] = timePrepared(bench.tfjs(tf), bench);
      }
    }
    rows.push({ name: bench.name, results });
  }

  console.log(`\nnode ${process.version}, tfjs ${tf.version.tfjs}; times per call\n`);
  console.log(formatTable(rows));
  for (const note of notes) console.log(`\nnote: ${note}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
