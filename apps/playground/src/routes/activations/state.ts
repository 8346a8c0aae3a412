/*
 * The gallery's URL state: `a` (activation id), `p.<name>` (its parameters), `c` (the compared
 * activation), `x0`/`x1` (the x-range). Decoding never throws: anything not understood falls
 * back to its default with a message saying what was wrong.
 */
export interface ParamSpec {
  name: string;
  default: number;
  min: number;
  max: number;
}

export interface GalleryState {
  id: string;
  /** One value per parameter of the activation, within its range. */
  params: Record<string, number>;
  compare: string | null;
  x0: number;
  x1: number;
}

export interface GalleryContext {
  ids: readonly string[];
  paramsOf: (id: string) => readonly ParamSpec[];
}

export const DEFAULT_ID = 'sigmoid';
export const X_LIMIT = 50;
export const DEFAULT_RANGE: [number, number] = [-6, 6];

export function defaultParams(specs: readonly ParamSpec[]): Record<string, number> {
  return Object.fromEntries(specs.map((p) => [p.name, p.default]));
}

function readNumber(raw: string | undefined): number | null {
  if (raw === undefined || raw.trim() === '') return null;
  const v = Number(raw);
  return Number.isFinite(v) ? v : null;
}

export function decodeGallery(
  raw: Readonly<Record<string, string>>,
  ctx: GalleryContext,
): { state: GalleryState; problems: string[] } {
  const problems: string[] = [];
  let id = raw.a ?? DEFAULT_ID;
  if (!ctx.ids.includes(id)) {
    problems.push(`unknown activation "${id}", showing ${DEFAULT_ID}`);
    id = DEFAULT_ID;
  }
  const params: Record<string, number> = {};
  for (const p of ctx.paramsOf(id)) {
    const key = `p.${p.name}`;
    const v = readNumber(raw[key]);
    if (raw[key] !== undefined && (v === null || v < p.min || v > p.max)) {
      problems.push(`${p.name} must be a number from ${p.min} to ${p.max}, got "${raw[key]}"`);
      params[p.name] = p.default;
    } else params[p.name] = v ?? p.default;
  }
  let compare: string | null = raw.c ?? null;
  if (compare !== null && !ctx.ids.includes(compare)) {
    problems.push(`unknown activation to compare "${compare}"`);
    compare = null;
  }
  let x0 = readNumber(raw.x0) ?? DEFAULT_RANGE[0];
  let x1 = readNumber(raw.x1) ?? DEFAULT_RANGE[1];
  const unreadable = [raw.x0, raw.x1].some((r) => r !== undefined && readNumber(r) === null);
  if (unreadable || !(x0 < x1) || x0 < -X_LIMIT || x1 > X_LIMIT) {
    if (raw.x0 !== undefined || raw.x1 !== undefined)
      problems.push(
        `the x-range must satisfy -${X_LIMIT} ≤ x0 < x1 ≤ ${X_LIMIT}, got "${raw.x0 ?? ''}" to "${raw.x1 ?? ''}"`,
      );
    [x0, x1] = DEFAULT_RANGE;
  }
  return { state: { id, params, compare, x0, x1 }, problems };
}

export function encodeGallery(state: GalleryState): Record<string, string> {
  const out: Record<string, string> = { a: state.id, x0: String(state.x0), x1: String(state.x1) };
  for (const [name, v] of Object.entries(state.params)) out[`p.${name}`] = String(v);
  if (state.compare !== null) out.c = state.compare;
  return out;
}
