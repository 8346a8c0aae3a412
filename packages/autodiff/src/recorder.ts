import type { PrimitiveName } from './primitive.js';
import type { Tensor } from './tensor.js';

/** Receives every primitive application and leaf while `trace` runs. */
export interface Recorder {
  onApply(
    prim: PrimitiveName,
    inputs: readonly Tensor[],
    attrs: unknown,
    output: Tensor,
    scope: readonly string[],
  ): void;
  onAlias(alias: Tensor, source: Tensor): void;
  /**
   * True when the output's values are not needed (jit traces shapes only: its compiled program
   * computes the values): the op then gets zeros of the right shape instead of running its kernel.
   */
  skipForward?(inputs: readonly Tensor[]): boolean;
  /**
   * False when the recorder never differentiates what it records (jit compiles the graph, it does
   * not run a backward pass over it): a gradient taken inside then builds no nodes for its own
   * backward pass, which the recorder still sees op by op.
   */
  readonly differentiates?: boolean;
}
