import { neg } from '@gradflow/autodiff';
import { checkBoolean, checkNumber } from '../util.js';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateStepArgs,
  type UpdateStepResult,
} from './optimizer.js';

export interface SGDOptions extends OptimizerOptions {
  /** Default 0.01. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Momentum in [0, 1] (default 0). */
  momentum?: number;
  /** Nesterov momentum (default false). */
  nesterov?: boolean;
}

/**
 * Gradient descent, Keras 3's SGD:
 * - momentum 0: w ← w - lr·g;
 * - momentum m: v ← m·v - lr·g, then w ← w + v, or with nesterov w ← w + m·v - lr·g
 *   (using the new v).
 */
export class SGD extends Optimizer {
  readonly className = 'SGD';
  readonly momentum: number;
  readonly nesterov: boolean;
  constructor(options?: SGDOptions) {
    super('SGD', options, ['momentum', 'nesterov'], { learningRate: 0.01, name: 'SGD' });
    this.momentum = checkNumber(
      'SGD',
      'momentum',
      options?.momentum ?? 0,
      (v) => v >= 0 && v <= 1,
      'a number in [0, 1]',
    );
    this.nesterov = checkBoolean('SGD', 'nesterov', options?.nesterov ?? false);
  }
  protected slotNames(): string[] {
    return this.momentum !== 0 ? ['momentum'] : [];
  }
  protected updateStep(...[g, w, slots, [lr]]: UpdateStepArgs): UpdateStepResult {
    if (this.momentum === 0) return { w: w.sub(g.mul(lr!)), slots: [] };
    const m = this.momentum;
    const step = g.mul(neg(lr!)); // -lr·g
    const v = step.add(slots[0]!.mul(m));
    return { w: this.nesterov ? w.add(step.add(v.mul(m))) : w.add(v), slots: [v] };
  }
  override getConfig(): Record<string, unknown> {
    return { ...super.getConfig(), momentum: this.momentum, nesterov: this.nesterov };
  }
}
