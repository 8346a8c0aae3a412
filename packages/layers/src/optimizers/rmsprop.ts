import type { Tensor } from '@gradflow/autodiff';
import { checkBoolean, checkNumber } from '../util.js';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateStepArgs,
  type UpdateStepResult,
} from './optimizer.js';

export interface RMSpropOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay of the moving average of squared gradients, in [0, 1) (default 0.9). */
  rho?: number;
  /** Momentum in [0, 1) (default 0). */
  momentum?: number;
  /** Added to the mean square inside the square root (default 1e-7). */
  epsilon?: number;
  /** Normalise by the estimated variance (mean square minus squared mean) instead (default false). */
  centered?: boolean;
}

/**
 * RMSprop, with Keras 3's formulas:
 *   s ← ρ s + (1 - ρ) g²;  (centered: ḡ ← ρ ḡ + (1 - ρ) g, denominator s - ḡ² + ε, else s + ε)
 *   Δ = lr · g / sqrt(denominator);
 *   momentum 0: w ← w - Δ; else u ← momentum · u + Δ, w ← w - u.
 */
export class RMSprop extends Optimizer {
  readonly className = 'RMSprop';
  readonly rho: number;
  readonly momentum: number;
  readonly epsilon: number;
  readonly centered: boolean;
  constructor(options?: RMSpropOptions) {
    super('RMSprop', options, ['rho', 'momentum', 'epsilon', 'centered'], {
      learningRate: 0.001,
      name: 'rmsprop',
    });
    const unit = (v: number) => v >= 0 && v < 1;
    this.rho = checkNumber('RMSprop', 'rho', options?.rho ?? 0.9, unit, 'a number in [0, 1)');
    this.momentum = checkNumber(
      'RMSprop',
      'momentum',
      options?.momentum ?? 0,
      unit,
      'a number in [0, 1)',
    );
    this.epsilon = checkNumber(
      'RMSprop',
      'epsilon',
      options?.epsilon ?? 1e-7,
      (v) => Number.isFinite(v) && v >= 0,
      'a finite number >= 0',
    );
    this.centered = checkBoolean('RMSprop', 'centered', options?.centered ?? false);
  }
  protected slotNames(): string[] {
    return [
      'velocity',
      ...(this.momentum > 0 ? ['momentum'] : []),
      ...(this.centered ? ['average_gradient'] : []),
    ];
  }
  protected updateStep(...[g, w, slots, [lr]]: UpdateStepArgs): UpdateStepResult {
    const rho = this.rho;
    const names = this.slotNames();
    const slot = (name: string) => slots[names.indexOf(name)]!;
    const s = slot('velocity')
      .mul(rho)
      .add(g.square().mul(1 - rho));
    const next = [s];
    let denominator: Tensor;
    let a: Tensor | null = null;
    if (this.centered) {
      a = slot('average_gradient')
        .mul(rho)
        .add(g.mul(1 - rho));
      denominator = s.sub(a.square()).add(this.epsilon);
    } else {
      denominator = s.add(this.epsilon);
    }
    let increment = g.mul(lr!).div(denominator.sqrt());
    if (this.momentum > 0) {
      increment = slot('momentum').mul(this.momentum).add(increment);
      next.push(increment);
    }
    if (a !== null) next.push(a);
    return { w: w.sub(increment), slots: next };
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      rho: this.rho,
      momentum: this.momentum,
      epsilon: this.epsilon,
      centered: this.centered,
    };
  }
}
