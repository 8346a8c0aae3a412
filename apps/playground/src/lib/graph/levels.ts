/**
 * A drawn graph split into flat levels for layout: the root and each expanded container hold
 * their direct members (nodes and inner containers). An edge between two drawn nodes belongs to
 * the innermost level holding both ends and joins the members that contain them there, so a
 * composite is one box to everything outside it.
 */
import type { DrawnGraph } from './visible.js';

export interface Level {
  /** Keys of the nodes and containers directly inside, in the drawn graph's order. */
  readonly members: readonly string[];
  /** Edges between members, by index into `members`, without duplicates. */
  readonly edges: readonly (readonly [number, number])[];
}

/** The levels of a drawn graph by container key (null for the root). */
export function splitLevels(g: DrawnGraph): ReadonlyMap<string | null, Level> {
  const parent = new Map<string, string | null>();
  for (const c of g.containers) parent.set(c.key, c.parent);
  for (const n of g.nodes) parent.set(n.key, n.parent);
  /** The containers around a key, outermost first. */
  const chain = (key: string): string[] => {
    const out: string[] = [];
    for (let p = parent.get(key) ?? null; p !== null; p = parent.get(p) ?? null) out.unshift(p);
    return out;
  };

  const members = new Map<string | null, string[]>([[null, []]]);
  for (const c of g.containers) members.set(c.key, []);
  for (const item of [...g.containers, ...g.nodes]) members.get(item.parent)!.push(item.key);
  const index = new Map<string, number>();
  for (const list of members.values()) for (const [i, k] of list.entries()) index.set(k, i);

  const edges = new Map<string | null, Map<string, [number, number]>>();
  for (const e of g.edges) {
    const s = chain(e.source);
    const t = chain(e.target);
    let depth = 0;
    while (depth < s.length && depth < t.length && s[depth] === t[depth]) depth++;
    const level = depth === 0 ? null : s[depth - 1]!;
    const from = index.get(s[depth] ?? e.source)!;
    const to = index.get(t[depth] ?? e.target)!;
    if (from === to) continue;
    if (!edges.has(level)) edges.set(level, new Map());
    edges.get(level)!.set(`${from}>${to}`, [from, to]);
  }
  return new Map(
    [...members].map(([key, list]) => [
      key,
      { members: list, edges: [...(edges.get(key)?.values() ?? [])] },
    ]),
  );
}
