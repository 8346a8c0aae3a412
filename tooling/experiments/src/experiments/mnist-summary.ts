import { pct } from '../table.js';
import type { ActivationRuns } from './mnist.js';

const SATURATING = ['sigmoid', 'tanh'];
const RELU_FAMILY = ['relu', 'leaky_relu', 'elu', 'gelu', 'silu', 'mish', 'selu'];

const final = (r: ActivationRuns) => r.meanAccuracy.at(-1)!;
const finalStd = (r: ActivationRuns) => r.stdAccuracy.at(-1)!;
const points = (d: number) => `${(100 * d).toFixed(1)} points`;

/**
 * What the shallow comparison shows, in plain sentences computed from the measurements (never
 * written in advance), including where they disagree with the folklore that ReLU-family
 * activations beat the logistic and tanh and that the newer smooth ones beat ReLU.
 */
export function describeComparison(runs: readonly ActivationRuns[], target: number): string[] {
  if (runs.length === 0) return [];
  const sorted = [...runs].sort((a, b) => final(b) - final(a));
  const best = sorted[0]!;
  const worst = sorted.at(-1)!;
  const out = [
    `Best: ${best.id} ${pct(final(best))}; worst: ${worst.id} ${pct(final(worst))} (a spread of ${points(final(best) - final(worst))}).`,
  ];
  const noise = Math.max(...runs.map(finalStd));
  const byId = (id: string) => runs.find((r) => r.id === id);
  const family = runs.filter((r) => RELU_FAMILY.includes(r.id));
  if (family.length >= 2) {
    const fs = family.map(final);
    const spread = Math.max(...fs) - Math.min(...fs);
    out.push(
      spread <= 2 * noise
        ? `The ReLU family (${family.map((r) => r.id).join(', ')}) lies within ${points(spread)}, about the seed-to-seed noise (largest std ${points(noise)}): at this depth the choice among them hardly matters.`
        : `The ReLU family spreads over ${points(spread)}, more than twice the largest seed std (${points(noise)}).`,
    );
  }
  const relu = byId('relu');
  const smooth = ['gelu', 'silu', 'mish'].map(byId).filter((r): r is ActivationRuns => !!r);
  if (relu && smooth.length > 0) {
    const beaten = smooth.filter((r) => final(r) > final(relu) + 2 * noise).map((r) => r.id);
    out.push(
      beaten.length > 0
        ? `${beaten.join(', ')} beat plain relu by more than twice the seed noise, as the folklore has it.`
        : `Against the folklore, none of ${smooth.map((r) => r.id).join(', ')} beats plain relu by more than the seed noise here.`,
    );
  }
  for (const id of SATURATING) {
    const r = byId(id);
    if (!r || family.length === 0) continue;
    const bestFamily = Math.max(...family.map(final));
    const gap = bestFamily - final(r);
    out.push(
      gap > 2 * noise
        ? `${id} trails the best ReLU-family activation by ${points(gap)}${r.epochsToTarget === null ? ` and never reaches ${pct(target)}` : ''}, as expected.`
        : `${id} is within ${points(Math.max(gap, 0))} of the best ReLU-family activation: in a network this shallow, with the initializer it pairs with, it does not fall behind (the folklore speaks of deep networks).`,
    );
  }
  const fastest = [...runs].sort((a, b) => a.secondsPerEpoch - b.secondsPerEpoch);
  out.push(
    `Time per epoch ranges from ${fastest[0]!.secondsPerEpoch.toFixed(2)} s (${fastest[0]!.id}) to ${fastest.at(-1)!.secondsPerEpoch.toFixed(2)} s (${fastest.at(-1)!.id}): each activation is a composition of primitives, and the longer compositions cost more.`,
  );
  return out;
}
