import type { Box } from './layout.js';

export type Direction = 'up' | 'down' | 'left' | 'right';

const center = (b: Box) => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

/**
 * The nearest item (by box centre) in a direction from `from`, preferring items straight ahead:
 * distance along the direction plus twice the sideways offset. Undefined when there is none.
 */
export function nearestInDirection<T extends { key: string }>(
  items: readonly T[],
  boxes: ReadonlyMap<string, Box>,
  from: string,
  dir: Direction,
): T | undefined {
  const start = boxes.get(from);
  if (!start) return undefined;
  const c = center(start);
  let best: T | undefined;
  let bestScore = Infinity;
  for (const item of items) {
    const b = boxes.get(item.key);
    if (!b || item.key === from) continue;
    const p = center(b);
    const [ahead, aside] =
      dir === 'up'
        ? [c.y - p.y, p.x - c.x]
        : dir === 'down'
          ? [p.y - c.y, p.x - c.x]
          : dir === 'left'
            ? [c.x - p.x, p.y - c.y]
            : [p.x - c.x, p.y - c.y];
    if (ahead <= 1) continue;
    const score = ahead + 2 * Math.abs(aside);
    if (score < bestScore) {
      bestScore = score;
      best = item;
    }
  }
  return best;
}

/** A smooth edge from the bottom of `s` to the top of `t` (or sideways when on one level). */
export function edgePath(s: Box, t: Box): string {
  const sx = s.x + s.width / 2;
  const tx = t.x + t.width / 2;
  if (t.y >= s.y + s.height) {
    const sy = s.y + s.height;
    const ty = t.y;
    const my = (sy + ty) / 2;
    return `M${sx},${sy} C${sx},${my} ${tx},${my} ${tx},${ty}`;
  }
  // target above or level with the source (edges into an enclosing container's members)
  const sy = s.y + s.height / 2;
  const ty = t.y + t.height / 2;
  const left = tx < sx;
  const x1 = left ? s.x : s.x + s.width;
  const x2 = left ? t.x + t.width : t.x;
  return `M${x1},${sy} C${(x1 + x2) / 2},${sy} ${(x1 + x2) / 2},${ty} ${x2},${ty}`;
}
