/**
 * ELK is Java compiled to JavaScript: its first layouts run cold (interpreted, not yet optimized
 * by the JIT) and take 3-6 times as long as later ones. The layout worker therefore lays out a
 * few small graphs shaped like composite interiors while it is idle, so that the first graph a
 * user types is laid out by warm code. Each round is small, so a real request never waits long.
 */
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { levelInput } from './layout.js';

export const WARMUP_ROUNDS = 24;

/**
 * A DAG of `layers` layers of up to three boxes: each box feeds one or two boxes of the next
 * layer and some skip a layer, like an expanded activation's forward and backward nodes.
 * Sizes and wiring vary with `round`, so ELK's code paths see varied inputs.
 */
export function warmupGraph(round: number): ElkNode {
  const layers = 6 + (round % 5);
  const sizes: { width: number; height: number }[] = [];
  const edges: [number, number][] = [];
  let previous: number[] = [];
  for (let l = 0; l < layers; l++) {
    const count = 1 + ((l + round) % 3);
    const current = Array.from({ length: count }, (_, k) => sizes.length + k);
    for (const [k] of current.entries())
      sizes.push({ width: 70 + ((l * 31 + k * 17 + round) % 80), height: 58 });
    for (const [k, target] of current.entries()) {
      if (previous.length > 0) edges.push([previous[k % previous.length]!, target]);
      if (previous.length > 1 && (k + l) % 2 === 0)
        edges.push([previous[(k + 1) % previous.length]!, target]);
      if (l >= 2 && (k + round) % 3 === 0) edges.push([Math.max(0, target - count - 3), target]);
    }
    previous = current;
  }
  const unique = [
    ...new Map(edges.filter(([a, b]) => a < b).map((e) => [`${e[0]}>${e[1]}`, e])).values(),
  ];
  return levelInput(sizes, unique, round % 2 === 0);
}
