/**
 * The graph view's URL state: `expr` (the expression), `val.<name>` (each variable's value as
 * typed), `open` (expanded composites, comma-separated), `sel` (the selected node's key).
 */
export interface GraphState {
  readonly expr: string;
  readonly values: Readonly<Record<string, string>>;
  readonly open: readonly string[];
  readonly sel: string | null;
}

export const DEFAULT_EXPRESSION = 'sigmoid(x)';
export const DEFAULT_VALUE = '0.5';
const VALUE = 'val.';

export function readState(params: Readonly<Record<string, string>>): GraphState {
  const values: Record<string, string> = {};
  for (const [k, v] of Object.entries(params))
    if (k.startsWith(VALUE)) values[k.slice(VALUE.length)] = v;
  return {
    expr: params.expr ?? DEFAULT_EXPRESSION,
    values,
    open: params.open ? params.open.split(',').filter((s) => s !== '') : [],
    sel: params.sel || null,
  };
}

export function writeState(s: GraphState): Record<string, string> {
  const out: Record<string, string> = { expr: s.expr };
  for (const [k, v] of Object.entries(s.values)) out[VALUE + k] = v;
  if (s.open.length > 0) out.open = [...s.open].sort().join(',');
  if (s.sel !== null) out.sel = s.sel;
  return out;
}

/** The expanded composites as a set (read-only: the URL is the one place they change). */
export function openSet(s: GraphState): ReadonlySet<string> {
  return new Set(s.open);
}
