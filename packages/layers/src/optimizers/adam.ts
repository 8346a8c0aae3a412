import { maximum } from '@gradflow/autodiff';
import { checkBoolean, checkNumber } from '../util.js';
import {
  Optimizer,
  type OptimizerOptions,
  type UpdateStepArgs,
  type UpdateStepResult,
} from './optimizer.js';

export interface AdamOptions extends OptimizerOptions {
  /** Default 0.001. */
  learningRate?: OptimizerOptions['learningRate'];
  /** Decay of the first-moment estimate, in [0, 1) (default 0.9). */
  beta1?: number;
  /** Decay of the second-moment estimate, in [0, 1) (default 0.999). */
  beta2?: number;
  /** Added to sqrt(v) in the denominator (default 1e-7). */
  epsilon?: number;
  /** Use the running maximum of v (AMSGrad; default false). */
  amsgrad?: boolean;
}

/**
 * Adam, with Keras 3's formulas (Kingma & Ba's "epsilon hat" form): at step t,
 *   m ← m + (g - m)(1 - β1),  v ← v + (g² - v)(1 - β2),
 *   α = lr · sqrt(1 - β2^t) / (1 - β1^t),
 *   w ← w - α · m / (sqrt(v) + ε).
 * The bias correction is folded into α, so ε is added to the uncorrected sqrt(v).
 */
export class Adam extends Optimizer {
  readonly className = 'Adam';
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
  readonly amsgrad: boolean;
  constructor(options?: AdamOptions) {
    super('Adam', options, ['beta1', 'beta2', 'epsilon', 'amsgrad'], {
      learningRate: 0.001,
      name: 'adam',
    });
    const unit = (v: number) => v >= 0 && v < 1;
    this.beta1 = checkNumber('Adam', 'beta1', options?.beta1 ?? 0.9, unit, 'a number in [0, 1)');
    this.beta2 = checkNumber('Adam', 'beta2', options?.beta2 ?? 0.999, unit, 'a number in [0, 1)');
    this.epsilon = checkNumber(
      'Adam',
      'epsilon',
      options?.epsilon ?? 1e-7,
      (v) => Number.isFinite(v) && v >= 0,
      'a finite number >= 0',
    );
    this.amsgrad = checkBoolean('Adam', 'amsgrad', options?.amsgrad ?? false);
  }
  protected slotNames(): string[] {
    return this.amsgrad ? ['m', 'v', 'vhat'] : ['m', 'v'];
  }
  /** α = lr·√(1 - β2^t) / (1 - β1^t), the bias corrections folded into the step size. */
  protected override stepScalars(lr: number, t: number): number[] {
    const { beta1: b1, beta2: b2 } = this;
    return [(lr * Math.sqrt(1 - b2 ** t)) / (1 - b1 ** t)];
  }
  protected updateStep(...[g, w, [m, v, vhat], [alpha]]: UpdateStepArgs): UpdateStepResult {
    const { beta1: b1, beta2: b2 } = this;
    const m1 = m!.add(g.sub(m!).mul(1 - b1));
    const v1 = v!.add(
      g
        .square()
        .sub(v!)
        .mul(1 - b2),
    );
    const vmax = this.amsgrad ? maximum(vhat!, v1) : v1;
    const slots = this.amsgrad ? [m1, v1, vmax] : [m1, v1];
    return { w: w.sub(m1.mul(alpha!).div(vmax.sqrt().add(this.epsilon))), slots };
  }
  override getConfig(): Record<string, unknown> {
    return {
      ...super.getConfig(),
      beta_1: this.beta1,
      beta_2: this.beta2,
      epsilon: this.epsilon,
      amsgrad: this.amsgrad,
    };
  }
}
