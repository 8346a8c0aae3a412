import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

interface Worst {
  err: number;
  x: number;
}
interface Row {
  f: Worst;
  d1: Worst;
  d2: Worst;
  min: number;
  max: number;
  n: number;
}

const rows = new Map<string, Row>();

/** Keeps, per activation, the worst relative error seen for f, f' and f'' and the x range covered. */
export function recordAccuracy(id: string, x: number, e0: number, e1: number, e2: number): void {
  const r = rows.get(id) ?? {
    f: { err: 0, x: 0 },
    d1: { err: 0, x: 0 },
    d2: { err: 0, x: 0 },
    min: Infinity,
    max: -Infinity,
    n: 0,
  };
  if (e0 > r.f.err) r.f = { err: e0, x };
  if (e1 > r.d1.err) r.d1 = { err: e1, x };
  if (e2 > r.d2.err) r.d2 = { err: e2, x };
  r.min = Math.min(r.min, x);
  r.max = Math.max(r.max, x);
  r.n++;
  rows.set(id, r);
}

/** Writes reports/activation-accuracy.md at the repository root: the figures behind the claim. */
export function writeAccuracyReport(): void {
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
  const file = resolve(root, 'reports/activation-accuracy.md');
  const fmt = (w: Worst) => `${w.err.toExponential(2)} (x=${w.x.toPrecision(4)})`;
  const lines = [
    "| activation | points | x range | worst rel. err f | worst rel. err f' | worst rel. err f'' |",
    '|---|---|---|---|---|---|',
    ...[...rows.entries()]
      .sort()
      .map(
        ([id, r]) =>
          `| ${id} | ${r.n} | [${r.min.toPrecision(3)}, ${r.max.toPrecision(3)}] | ${fmt(r.f)} | ${fmt(r.d1)} | ${fmt(r.d2)} |`,
      ),
  ];
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, lines.join('\n') + '\n');
}
