/*
 * Every activation is a composition of primitives, written as its formula: no activation is a
 * primitive and none carries a hand-written gradient. The derivative comes from the chain rule,
 * so what decides its accuracy, and its value at kinks, is the choice of composition:
 * - kinks are written with `where` on a strict comparison, so relu'(0) = 0,
 *   leaky_relu'(0) = negative_slope, relu6'(0) = relu6'(6) = 0, hard_tanh'(±1) = 0,
 *   hard_sigmoid'(±3) = 0 (the PyTorch/TensorFlow convention);
 * - branches that could overflow get only the inputs they are chosen for (`piecewise`, the
 *   "double where"), so the branch not taken never makes 0 * inf = NaN in the backward pass;
 * - cancellation is avoided with expm1, log1p and erfc, and with algebraically equal forms.
 * References: Keras 3 keras/src/activations/activations.py and keras/src/ops/nn.py.
 */
import { checkNumber, clip, piecewise, scoped } from './compose.js';
import { GradflowError } from '../errors.js';
import {
  abs,
  add,
  div,
  erfc,
  sign,
  exp,
  expm1,
  greater,
  greaterEqual,
  less,
  lessEqual,
  log1p,
  mul,
  neg,
  slice,
  sqrt,
  square,
  sub,
  where,
} from '../ops.js';
import { normalizeAxis } from '../shape.js';
import type { Tensor } from '../tensor.js';

export interface ReluOptions {
  /** Slope below the threshold (default 0). */
  negativeSlope?: number;
  /** Saturation value (default none). */
  maxValue?: number;
  /** Values below it are damped or zeroed (default 0). */
  threshold?: number;
}

/**
 * relu(x) = max(x, 0); Keras's general form: x for threshold < x < max_value, max_value above,
 * negative_slope * (x - threshold) below. relu'(threshold) = 0, and 0 at max_value.
 */
export const relu = scoped('relu', (x: Tensor, options: ReluOptions = {}): Tensor => {
  const a = checkNumber('relu', 'negativeSlope', options.negativeSlope ?? 0);
  const t = checkNumber('relu', 'threshold', options.threshold ?? 0);
  const m = options.maxValue;
  let y = where(lessEqual(x, t), 0, x);
  if (m !== undefined) {
    checkNumber('relu', 'maxValue', m, (v) => v >= 0, 'a number >= 0');
    y = clip(y, 0, m);
  }
  return a === 0 ? y : sub(y, mul(a, where(less(x, t), sub(t, x), 0)));
});

/** leaky_relu(x) = x if x > 0 else negative_slope * x (Keras default slope 0.2). f'(0) = negative_slope. */
export const leakyRelu = scoped(
  'leaky_relu',
  (x: Tensor, options: { negativeSlope?: number } = {}): Tensor =>
    where(
      greater(x, 0),
      x,
      mul(x, checkNumber('leaky_relu', 'negativeSlope', options.negativeSlope ?? 0.2)),
    ),
);

/** relu6(x) = min(max(x, 0), 6); derivative 0 at both kinks. */
export const relu6 = scoped('relu6', (x: Tensor): Tensor => clip(x, 0, 6));

/** elu(x) = x if x > 0 else alpha (e^x - 1), with expm1 (Clevert et al., 2015). */
export const elu = scoped('elu', (x: Tensor, options: { alpha?: number } = {}): Tensor => {
  const alpha = checkNumber('elu', 'alpha', options.alpha ?? 1);
  return piecewise(
    greater(x, 0),
    x,
    (p) => p,
    (n) => mul(alpha, expm1(n)),
  );
});

/** The SELU constants (Klambauer et al., 2017), to full double precision. */
export const SELU_ALPHA = 1.6732632423543772; // 1.6732632423543772848170429916717...
export const SELU_SCALE = 1.0507009873554805; // 1.0507009873554804934193349852946...

/** selu(x) = scale * elu(x, alpha): self-normalizing with LeCun normal initialization. */
export const selu = scoped('selu', (x: Tensor): Tensor =>
  mul(SELU_SCALE, elu(x, { alpha: SELU_ALPHA })),
);

/** celu(x) = x if x > 0 else alpha (e^(x/alpha) - 1) (Barron, 2017). */
export const celu = scoped('celu', (x: Tensor, options: { alpha?: number } = {}): Tensor => {
  const alpha = checkNumber(
    'celu',
    'alpha',
    options.alpha ?? 1,
    (v) => Number.isFinite(v) && v !== 0,
    'a finite nonzero number',
  );
  return piecewise(
    greater(x, 0),
    x,
    (p) => p,
    (n) => mul(alpha, expm1(div(n, alpha))),
  );
});

// x - tanh(x) = x^3/3 - 2x^5/15 + 17x^7/315 - ... (the Taylor series of tanh): used for |x| < 0.1,
// where tanh's own second derivative and x - tanh(x) would cancel; 7 terms leave a truncation
// error below 1e-17 relative.
const TANH_SHRINK_SERIES = [
  1 / 3,
  -2 / 15,
  17 / 315,
  -62 / 2835,
  1382 / 155925,
  -21844 / 6081075,
  929569 / 638512875,
];

/** x - tanh(x) for |x| < 0.1, by the series in Horner form (all terms of one sign per power). */
function tanhShrinkSeries(s: Tensor): Tensor {
  const s2 = square(s);
  let p = mul(s2, TANH_SHRINK_SERIES[6]!);
  for (let k = 5; k >= 1; k--) p = mul(s2, add(p, TANH_SHRINK_SERIES[k]!));
  return mul(mul(s, s2), add(p, TANH_SHRINK_SERIES[0]!));
}

/**
 * tanh(x) = sign(x) t(|x|) with t(a) = -expm1(-2a) / (expm1(-2a) + 2): exact near 0 (expm1), and
 * its derivative 4 e^-2|x| / (...)^2 keeps full relative accuracy in saturation. For |x| < 0.1 it
 * is x - (x - tanh x) by the Taylor series, so that tanh''(x) ~ -2x keeps its digits near 0; the
 * kink of |x| at 0 therefore never reaches a derivative.
 */
export const tanh = scoped('tanh', (x: Tensor): Tensor =>
  piecewise(
    less(abs(x), 0.1),
    x,
    (s) => sub(s, tanhShrinkSeries(s)),
    (l) => {
      const e = expm1(mul(abs(l), -2));
      return mul(sign(l), div(neg(e), add(e, 2)));
    },
  ),
);

/**
 * sigmoid(x) = (1 + tanh(x/2)) / 2 for x > -1, and e^x / (1 + e^x) below, where 1 + tanh
 * would cancel. The tanh form keeps sigmoid'' = -sigmoid' tanh(x/2) accurate near 0 and in
 * saturation; the exponential form keeps the value and its derivatives accurate as they
 * vanish for x << 0. Neither branch can overflow.
 */
export const sigmoid = scoped('sigmoid', (x: Tensor): Tensor =>
  piecewise(
    greater(x, -1),
    x,
    (p) => mul(add(tanh(mul(p, 0.5)), 1), 0.5),
    (n) => {
      const e = exp(n);
      return div(e, add(1, e));
    },
  ),
);

/** hard_sigmoid(x) = relu6(x + 3) / 6 (Keras 3). f'(±3) = 0. */
export const hardSigmoid = scoped('hard_sigmoid', (x: Tensor): Tensor => div(relu6(add(x, 3)), 6));

/**
 * softsign(x) = x / (1 + |x|), written sign(x) (1 - 1 / (1 + |x|)) for |x| >= 1 so that
 * softsign'(x) = 1 / (1 + |x|)^2 does not come out of a cancelling difference for large |x|.
 */
export const softsign = scoped('softsign', (x: Tensor): Tensor =>
  piecewise(
    less(abs(x), 1),
    x,
    (s) => div(s, add(1, abs(s))),
    (l) => mul(sign(l), sub(1, div(1, add(1, abs(l))))),
  ),
);

/**
 * softplus(x) = log(1 + e^x), as x + log1p(e^-x) for x > 0 and log1p(e^x) otherwise
 * (the "double where": each branch reads a masked input, so the branch not taken can never
 * turn 0 * inf into NaN in the backward pass).
 */
export const softplus = scoped('softplus', (x: Tensor): Tensor =>
  piecewise(
    greater(x, 0),
    x,
    (p) => add(p, log1p(exp(neg(p)))),
    (n) => log1p(exp(n)),
  ),
);

/** log_sigmoid(x) = -softplus(-x) (JAX's definition). */
export const logSigmoid = scoped('log_sigmoid', (x: Tensor): Tensor => neg(softplus(neg(x))));

/** silu(x) = swish(x) = x * sigmoid(x) (Ramachandran et al., 2017). */
export const silu = scoped('silu', (x: Tensor): Tensor => mul(x, sigmoid(x)));

/** hard_silu(x) = hard_swish(x) = x * hard_sigmoid(x) = x * relu6(x + 3) / 6. */
export const hardSilu = scoped('hard_silu', (x: Tensor): Tensor => mul(x, hardSigmoid(x)));

const SQRT1_2 = Math.SQRT1_2;
const SQRT_2_OVER_PI = Math.sqrt(2 / Math.PI);

/**
 * gelu(x) = x Φ(x) = x/2 erfc(-x/√2) (exact, Keras's default), accurate deep in the negative
 * tail where 1 + erf rounds to 0. approximate: x/2 (1 + tanh(√(2/π)(x + 0.044715 x³))),
 * computed as x sigmoid(2u), the same function without the cancellation of 1 + tanh.
 */
export const gelu = scoped('gelu', (x: Tensor, options: { approximate?: boolean } = {}): Tensor => {
  if (options.approximate) {
    // Beyond |x| = 100 sigmoid(2u) is 0 or 1 to the last bit and every derivative of the
    // difference underflows: there it is relu, so u = O(x^3) never overflows (inf * 0 = NaN).
    const approx = (s: Tensor) =>
      mul(s, sigmoid(mul(SQRT_2_OVER_PI * 2, add(s, mul(0.044715, mul(s, square(s)))))));
    return piecewise(greater(abs(x), 100), x, (b) => where(greater(b, 0), b, 0), approx);
  }
  return mul(mul(x, 0.5), erfc(mul(x, -SQRT1_2)));
});

/**
 * mish(x) = x tanh(softplus(x)) (Misra, 2019); x itself for x > 400, where tanh(softplus(x))
 * is 1 to the last bit and mish'' ~ -8x e^-2x underflows, so that no cotangent near the float
 * maximum can overflow and meet an underflowed 0 (inf * 0 = NaN).
 */
export const mish = scoped('mish', (x: Tensor): Tensor =>
  piecewise(
    greater(x, 400),
    x,
    (b) => b,
    (m) => mul(m, tanh(softplus(m))),
  ),
);

/** exponential(x) = e^x. */
export const exponential = scoped('exponential', (x: Tensor): Tensor => exp(x));

/** linear(x) = x. */
export const linear = (x: Tensor): Tensor => x;

/** hard_tanh(x) = clip(x, -1, 1); derivative 0 at ±1. */
export const hardTanh = scoped('hard_tanh', (x: Tensor): Tensor => clip(x, -1, 1));

/** hard_shrink(x) = x if |x| > threshold else 0 (threshold 0.5). */
export const hardShrink = scoped(
  'hard_shrink',
  (x: Tensor, options: { threshold?: number } = {}): Tensor => {
    const t = checkNumber('hard_shrink', 'threshold', options.threshold ?? 0.5);
    return where(lessEqual(abs(x), t), 0, x);
  },
);

/** soft_shrink(x) = x - threshold if x > threshold, x + threshold if x < -threshold, else 0. */
export const softShrink = scoped(
  'soft_shrink',
  (x: Tensor, options: { threshold?: number } = {}): Tensor => {
    const t = checkNumber('soft_shrink', 'threshold', options.threshold ?? 0.5);
    return where(lessEqual(abs(x), t), 0, where(greater(x, t), sub(x, t), add(x, t)));
  },
);

/** tanh_shrink(x) = x - tanh(x), by its Taylor series near 0 to avoid cancellation. */
export const tanhShrink = scoped('tanh_shrink', (x: Tensor): Tensor =>
  piecewise(less(abs(x), 0.1), x, tanhShrinkSeries, (l) => sub(l, tanh(l))),
);

/** threshold(x) = x if x > threshold else default_value (Keras requires both; get() uses 0 and 0). */
export const threshold = scoped(
  'threshold',
  (x: Tensor, options: { threshold?: number; defaultValue?: number } = {}): Tensor => {
    const t = checkNumber('threshold', 'threshold', options.threshold ?? 0);
    const d = checkNumber('threshold', 'defaultValue', options.defaultValue ?? 0);
    return where(lessEqual(x, t), d, x);
  },
);

/** sparse_plus(x) = 0 for x <= -1, (x + 1)^2 / 4 for -1 < x < 1, x for x >= 1. */
export const sparsePlus = scoped('sparse_plus', (x: Tensor): Tensor =>
  where(lessEqual(x, -1), 0, where(less(x, 1), div(square(add(x, 1)), 4), x)),
);

/** sparse_sigmoid(x) = 0 for x <= -1, (x + 1) / 2 for -1 < x < 1, 1 for x >= 1. */
export const sparseSigmoid = scoped('sparse_sigmoid', (x: Tensor): Tensor =>
  where(lessEqual(x, -1), 0, where(greaterEqual(x, 1), 1, mul(add(x, 1), 0.5))),
);

/**
 * squareplus(x) = (x + sqrt(x^2 + b)) / 2 (So, 2021), as g(-x) = b / (2 (sqrt(x^2 + b) - x)) for
 * x < 0, where the sum would cancel, and as x + g(x) for x >= 0, whose second derivative does not
 * cancel either.
 */
export const squareplus = scoped(
  'squareplus',
  (x: Tensor, options: { b?: number } = {}): Tensor => {
    const b = checkNumber(
      'squareplus',
      'b',
      options.b ?? 4,
      (v) => Number.isFinite(v) && v >= 0,
      'a finite number >= 0',
    );
    // sqrt(s^2 + b), as |s| + b / (2|s|) beyond |s| = 1e8, where the two agree to the last bit and
    // s^2 would overflow or push the second derivative through subnormal intermediates.
    const hyp = (s: Tensor) =>
      piecewise(
        greater(abs(s), 1e8),
        s,
        (l) => add(abs(l), div(b / 2, abs(l))),
        (m) => sqrt(add(square(m), b)),
      );
    // g(x) = squareplus(-x) = b / (2 (sqrt(x^2 + b) + x)) for x >= 0: squareplus(x) = x + g(x)
    const g = (s: Tensor) => (b === 0 ? mul(s, 0) : div(b, mul(add(hyp(s), s), 2)));
    return piecewise(
      greaterEqual(x, 0),
      x,
      (p) => add(p, g(p)),
      (n) => g(neg(n)),
    );
  },
);

function halves(op: string, x: Tensor, axis: number): [Tensor, Tensor] {
  const ax = normalizeAxis(op, axis, x.rank);
  const n = x.shape[ax]!;
  if (n % 2 !== 0)
    throw new GradflowError(
      op,
      `axis ${axis} of shape [${x.shape.join(', ')}] has odd size ${n}; it must split into two halves`,
    );
  const size = x.shape.map((d, i) => (i === ax ? n / 2 : d));
  const begin2 = x.shape.map((_, i) => (i === ax ? n / 2 : 0));
  return [
    slice(
      x,
      x.shape.map(() => 0),
      size,
    ),
    slice(x, begin2, size),
  ];
}

/** glu(x) = a * sigmoid(b), where a and b are the two halves of x along axis (Dauphin et al., 2017). */
export const glu = scoped('glu', (x: Tensor, options: { axis?: number } = {}): Tensor => {
  const [a, b] = halves('glu', x, options.axis ?? -1);
  return mul(a, sigmoid(b));
});

export { sparsemax } from './vector.js';
