import {
  ExpressionError,
  compileExpression,
  parseValue,
  valueTensor,
  type CompiledExpression,
} from '../expr/index.js';
import { buildModel, type GraphModel } from './model.js';
import { DEFAULT_VALUE, openSet, readState, writeState, type GraphState } from './params.js';
import { drawnGraph, type DrawnGraph, type DrawnNode } from './visible.js';

export interface Problem {
  readonly message: string;
  readonly error?: ExpressionError;
}

const problemOf = (error: unknown): Problem =>
  error instanceof ExpressionError
    ? { message: error.message, error }
    : { message: error instanceof Error ? error.message : String(error) };

/**
 * Everything the graph view shows, derived from its URL state. A bad expression or value leaves
 * the last good graph on screen next to the error.
 */
export class GraphExplorer {
  private readonly params: () => Readonly<Record<string, string>>;
  private readonly setParams: (p: Readonly<Record<string, string>>) => void;

  #lastGood: GraphModel | null = null;

  readonly state: GraphState = $derived(readState(this.readParams()));

  readonly compiled: { ok: CompiledExpression } | { problem: Problem } = $derived.by(() => {
    try {
      return { ok: compileExpression(this.state.expr) };
    } catch (error) {
      return { problem: problemOf(error) };
    }
  });

  /** The variables of the expression being shown (of the last good one while the text is bad). */
  readonly variables: readonly string[] = $derived(
    'ok' in this.compiled ? this.compiled.ok.variables : (this.#lastGood?.variables ?? []),
  );

  /** Each variable's text and, when it does not parse, the problem. */
  readonly values = $derived(
    this.variables.map((name) => {
      const text = this.state.values[name] ?? DEFAULT_VALUE;
      try {
        return { name, text, value: parseValue(text), problem: null };
      } catch (error) {
        return { name, text, value: null, problem: problemOf(error) };
      }
    }),
  );

  readonly current: { model: GraphModel | null; problem: Problem | null } = $derived.by(() => {
    const attempt = (): GraphModel | Problem => {
      if ('problem' in this.compiled) return this.compiled.problem;
      const bad = this.values.find((v) => v.problem !== null);
      if (bad?.problem) return { message: `value of ${bad.name}: ${bad.problem.message}` };
      try {
        const inputs = this.values.map((v) => valueTensor(v.value ?? 0));
        return buildModel(this.compiled.ok, inputs);
      } catch (error) {
        return problemOf(error);
      }
    };
    const result = attempt();
    if ('graph' in result) this.#lastGood = result;
    return 'graph' in result
      ? { model: result, problem: null }
      : { model: this.#lastGood, problem: result };
  });

  readonly expanded: ReadonlySet<string> = $derived(openSet(this.state));

  readonly drawn: DrawnGraph | null = $derived(
    this.current.model ? drawnGraph(this.current.model, this.expanded) : null,
  );

  readonly selected: DrawnNode | null = $derived(
    this.drawn?.nodes.find((n) => n.key === this.state.sel) ?? null,
  );

  /** The drawn backward nodes in the order the backward pass computes them. */
  readonly backwardSteps: readonly DrawnNode[] = $derived(
    (this.drawn?.nodes ?? [])
      .filter((n) => n.phase === 'backward' && !(n.kind === 'node' && n.op === 'constant'))
      .sort((a, b) => a.valueId - b.valueId),
  );

  constructor(
    params: () => Readonly<Record<string, string>>,
    setParams: (p: Readonly<Record<string, string>>) => void,
  ) {
    this.params = params;
    this.setParams = setParams;
  }

  private readParams(): Readonly<Record<string, string>> {
    return this.params();
  }

  private update(change: Partial<GraphState>): void {
    this.setParams(writeState({ ...this.state, ...change }));
  }

  setExpression(expr: string): void {
    this.update({ expr });
  }

  setValue(name: string, text: string): void {
    this.update({ values: { ...this.state.values, [name]: text } });
  }

  select(key: string | null): void {
    this.update({ sel: key });
  }

  /** Expands a collapsed composite or collapses an expanded one (its backward twin follows). */
  toggle(groupKey: string): void {
    const toggle = this.current.model?.groups.get(groupKey)?.toggle ?? groupKey;
    const open = this.state.open.includes(toggle)
      ? this.state.open.filter((k) => k !== toggle)
      : [...this.state.open, toggle];
    this.update({ open });
  }

  /** Expands every composite (true) or collapses them all (false). */
  expandAll(open: boolean): void {
    const groups = [...(this.current.model?.groups.values() ?? [])];
    this.update({
      open: open ? groups.map((g) => g.toggle).filter((t, i, all) => all.indexOf(t) === i) : [],
    });
  }

  /** Selects the next (+1) or previous (-1) node of the backward pass. */
  step(delta: 1 | -1): void {
    const steps = this.backwardSteps;
    if (steps.length === 0) return;
    const i = steps.findIndex((n) => n.key === this.state.sel);
    const next =
      i < 0
        ? delta > 0
          ? 0
          : steps.length - 1
        : Math.min(steps.length - 1, Math.max(0, i + delta));
    this.select(steps[next]!.key);
  }
}
