import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { renderSvg } from './chart.js';
import type { Experiment } from './experiments/common.js';
import { batchNormCure } from './experiments/batchnorm.js';
import { explodingGradients } from './experiments/exploding.js';
import { logistic } from './experiments/logistic.js';
import { mnistActivations } from './experiments/mnist.js';
import { reluSecondMoment } from './experiments/relu.js';
import { seluSelfNormalizing } from './experiments/selu.js';
import { tanhVariance } from './experiments/tanh.js';
import { formatTable } from './table.js';

/** What an experiment may use while it runs: a line per finished training run. */
export interface RunContext {
  progress: (line: string) => void;
}

/** The experiments at full size, in order (result n is EXPERIMENTS[n - 1]). */
export const EXPERIMENTS: readonly ((
  ctx: RunContext,
) => Experiment<unknown> | Promise<Experiment<unknown>>)[] = [
  () => logistic(),
  () => tanhVariance(),
  () => reluSecondMoment(),
  () => seluSelfNormalizing(),
  () => explodingGradients(),
  ({ progress }) => mnistActivations({ progress }),
  ({ progress }) => batchNormCure({ progress }),
];

/**
 * Runs the chosen experiments (1-based ids, default all), prints each one's tables with `print`
 * and writes its charts as SVG files into `outDir`. Returns the paths written.
 */
export async function runAll(options: {
  only?: readonly number[];
  outDir: string;
  print?: (text: string) => void;
}): Promise<string[]> {
  const print = options.print ?? ((t: string) => console.log(t));
  const ids = options.only ?? EXPERIMENTS.map((_, i) => i + 1);
  for (const id of ids) {
    if (!Number.isInteger(id) || id < 1 || id > EXPERIMENTS.length)
      throw new Error(`runAll: unknown experiment ${id}; valid ids: 1 to ${EXPERIMENTS.length}`);
  }
  await mkdir(options.outDir, { recursive: true });
  const written: string[] = [];
  for (const id of ids) {
    const started = performance.now();
    const e = await EXPERIMENTS[id - 1]!({ progress: print });
    print(`## Result ${e.id}. ${e.title}\n\n${e.claim}\n`);
    for (const t of e.tables) print(`${formatTable(t)}\n`);
    for (const c of e.charts) {
      const path = join(options.outDir, `${c.file}.svg`);
      await writeFile(path, renderSvg(c));
      written.push(path);
    }
    print(
      `Charts: ${e.charts.map((c) => `${c.file}.svg`).join(', ')} (${((performance.now() - started) / 1000).toFixed(1)} s)\n`,
    );
  }
  return written;
}
