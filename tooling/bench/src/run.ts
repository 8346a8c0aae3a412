/**
 * Benchmark runner: `pnpm bench` (all cases) or, from tooling/bench,
 * `pnpm bench <substring>...` (cases whose name contains one of the substrings).
 * Prints the tables and writes them to reports/bench.md at the repository root.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CASES, type Answer, type BenchCase, type Prepared } from './cases/index.js';
import { relativeError } from './check.js';
import { loadGradflow } from './gradflow.js';
import { measure } from './measure.js';
import { arrayBufferBytes, collectGarbage, tfjsBytes } from './memory.js';
import {
  formatDetails,
  formatTable,
  formatThroughput,
  type BenchRow,
  type Contender,
} from './table.js';
import { tf, useTfjsBackend, type TfjsBackend } from './tfjs.js';

const TFJS_BACKENDS: readonly TfjsBackend[] = ['cpu', 'wasm'];
const REPORT = resolve(dirname(fileURLToPath(import.meta.url)), '../../../reports/bench.md');

function firstLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0].slice(0, 200);
}

/**
 * Prepares one side, checks its answer against the reference, and only then times it and
 * measures its memory. Everything lands in `row`.
 */
async function runSide(
  row: BenchRow,
  contender: Contender,
  bench: BenchCase,
  reference: Answer,
  prepare: () => Prepared,
  bytes: (run: () => unknown) => Promise<{ bytes: number; lowerBound?: boolean }>,
  notes: string[],
): Promise<void> {
  row.outcomes ??= {};
  row.errors ??= {};
  row.memory ??= {};
  let prepared: Prepared | undefined;
  try {
    prepared = prepare();
    const t0 = performance.now();
    const first = prepared.run();
    row.firstCall ??= {};
    row.firstCall[contender] = performance.now() - t0;
    const answer = prepared.read(first);
    const err = relativeError(answer, reference);
    row.errors[contender] = err;
    const tolerance = bench.tolerance ?? 1e-4;
    if (!(err <= tolerance)) {
      const message = `answer off by ${err} (tolerance ${tolerance})`;
      row.outcomes[contender] = { status: 'wrong', message };
      notes.push(`${bench.name}: ${contender} is WRONG, ${message}; not timed`);
      return;
    }
    row.results[contender] = measure(prepared.run, bench.options);
    row.memory[contender] = await bytes(prepared.run);
  } catch (error) {
    row.outcomes[contender] = { status: 'failed', message: firstLine(error) };
    notes.push(`${bench.name}: ${contender} FAILED: ${firstLine(error)}`);
  } finally {
    prepared?.dispose?.();
    collectGarbage();
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

  const started = performance.now();
  const rows: BenchRow[] = [];
  for (const bench of cases) {
    const t0 = performance.now();
    const reference = bench.reference();
    const row: BenchRow = {
      name: bench.name,
      results: {},
      ...(bench.perOp === undefined ? {} : { perOp: bench.perOp }),
      ...(bench.flops === undefined ? {} : { flops: bench.flops }),
    };
    if (gradflow.ok && bench.gradflow) {
      const { api } = gradflow;
      const make = bench.gradflow;
      await runSide(row, 'gradflow', bench, reference, () => make(api), arrayBufferBytes, notes);
    }
    if (gradflow.ok && bench.gradflowJit) {
      const { api } = gradflow;
      const make = bench.gradflowJit;
      await runSide(
        row,
        'gradflow-jit',
        bench,
        reference,
        () => make(api),
        arrayBufferBytes,
        notes,
      );
    }
    if (bench.tfjs) {
      const make = bench.tfjs;
      for (const backend of TFJS_BACKENDS) {
        await useTfjsBackend(backend);
        const tensorsBefore = tf.memory().numTensors;
        const contender = `tfjs-${backend}` as const;
        await runSide(
          row,
          contender,
          bench,
          reference,
          () => make(tf),
          (run) => tfjsBytes(tf, run),
          notes,
        );
        const leaked = tf.memory().numTensors - tensorsBefore;
        if (leaked !== 0) {
          const why = row.outcomes?.[contender] ? ' (left behind by the call that failed)' : '';
          notes.push(`${bench.name}: ${contender} leaked ${leaked} tensors${why}`);
        }
      }
    }
    rows.push(row);
    console.error(`bench: ${bench.name} (${((performance.now() - t0) / 1000).toFixed(1)} s)`);
  }

  const total = ((performance.now() - started) / 1000).toFixed(0);
  const report = [
    `# gradflow vs TensorFlow.js ${tf.version.tfjs}`,
    '',
    `node ${process.version}, ${process.platform}-${process.arch}; float32; ${total} s. ` +
      'Times per call (median [p10, p90]); a ratio below 1 means gradflow is faster. Every ' +
      "side's answer is checked against a float64 reference before it is timed; tfjs calls " +
      'include dataSync().',
    '',
    formatTable(rows),
    '',
    '## Throughput',
    '',
    formatThroughput(rows),
    '',
    '## Accuracy and memory',
    '',
    'error: max |got - ref| / (|ref| + rms(ref)) against the float64 reference. alloc/call: ' +
      'tensor bytes one call allocates (gradflow: typed-array growth over one call; tfjs: ' +
      'bytes added by its kernels, from tf.profile).',
    '',
    formatDetails(rows),
    ...(notes.length > 0 ? ['', '## Notes', '', ...notes.map((n) => `- ${n}`)] : []),
    '',
  ].join('\n');
  console.log(`\n${report}`);
  mkdirSync(dirname(REPORT), { recursive: true });
  writeFileSync(REPORT, report);
  console.log(`written to ${REPORT}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
