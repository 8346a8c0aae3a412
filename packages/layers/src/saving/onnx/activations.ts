/*
 * Keras activations as ONNX: the operator where ONNX has one for exactly that function (with
 * Keras's default parameters), otherwise a composition of ONNX operators. Both forms are checked
 * against gradflow's own activations in ONNX Runtime.
 */
import { SELU_ALPHA, SELU_SCALE } from '@gradflow/autodiff';
import type { OnnxGraph } from './graph.js';

type Emit = (g: OnnxGraph, x: string) => string;

const unary =
  (op: string, attributes = {}): Emit =>
  (g, x) =>
    g.node(op, [x], attributes);

const clip =
  (min: number, max: number): Emit =>
  (g, x) =>
    g.node('Clip', [x, g.scalar(min), g.scalar(max)]);

/** x · f(x). */
const timesSelf =
  (f: Emit): Emit =>
  (g, x) =>
    g.node('Mul', [x, f(g, x)]);

/** softplus and tanh exist since opset 1 and 6: mish(x) = x tanh(softplus(x)). */
const mishComposed = timesSelf((g, x) => g.node('Tanh', [g.node('Softplus', [x])]));

/** gelu(x) = x/2 (1 + erf(x / √2)), Keras's exact default. */
const geluComposed = timesSelf((g, x) => {
  const erf = g.node('Erf', [g.node('Mul', [x, g.scalar(Math.SQRT1_2)])]);
  return g.node('Mul', [g.node('Add', [erf, g.scalar(1)]), g.scalar(0.5)]);
});

/** sparse_plus(x) = 0 (x <= -1), (x + 1)² / 4 (-1 < x < 1), x (x >= 1). */
const sparsePlus: Emit = (g, x) => {
  const shifted = g.node('Add', [x, g.scalar(1)]);
  const middle = g.node('Div', [g.node('Mul', [shifted, shifted]), g.scalar(4)]);
  const upper = g.node('Where', [g.node('Less', [x, g.scalar(1)]), middle, x]);
  return g.node('Where', [g.node('LessOrEqual', [x, g.scalar(-1)]), g.scalar(0), upper]);
};

/** squareplus(x) = (x + sqrt(x² + 4)) / 2 (b = 4). */
const squareplus: Emit = (g, x) => {
  const root = g.node('Sqrt', [g.node('Add', [g.node('Mul', [x, x]), g.scalar(4)])]);
  return g.node('Mul', [g.node('Add', [x, root]), g.scalar(0.5)]);
};

/** glu(x) = a · sigmoid(b) with a, b the halves of the last axis. */
const glu: Emit = (g, x) => {
  const a = g.fresh('glu_a');
  const b = g.fresh('glu_b');
  g.nodes.push({
    op: 'Split',
    inputs: [x],
    outputs: [a, b],
    attributes: { axis: { i: -1 }, num_outputs: { i: 2 } },
  });
  return g.node('Mul', [a, g.node('Sigmoid', [b])]);
};

/** The ONNX form of each Keras activation id, for an opset (some operators are recent). */
export function onnxActivation(id: string, opset: number): Emit | undefined {
  const table: Record<string, Emit> = {
    relu: unary('Relu'),
    // threshold with Keras's defaults (threshold 0, default_value 0) is relu.
    threshold: unary('Relu'),
    sigmoid: unary('Sigmoid'),
    tanh: unary('Tanh'),
    elu: unary('Elu', { alpha: { f: 1 } }),
    selu: unary('Selu', { alpha: { f: SELU_ALPHA }, gamma: { f: SELU_SCALE } }),
    celu: unary('Celu', { alpha: { f: 1 } }),
    softplus: unary('Softplus'),
    softsign: unary('Softsign'),
    // Keras 3: relu6(x + 3) / 6, i.e. slope 1/6 (ONNX's default is 0.2, Keras 2's).
    hard_sigmoid: unary('HardSigmoid', { alpha: { f: 1 / 6 }, beta: { f: 0.5 } }),
    leaky_relu: unary('LeakyRelu', { alpha: { f: 0.2 } }),
    hard_silu: unary('HardSwish'),
    hard_swish: unary('HardSwish'),
    mish: opset >= 18 ? unary('Mish') : mishComposed,
    gelu: opset >= 20 ? unary('Gelu', { approximate: { s: 'none' } }) : geluComposed,
    exponential: unary('Exp'),
    softmax: unary('Softmax', { axis: { i: -1 } }),
    log_softmax: unary('LogSoftmax', { axis: { i: -1 } }),
    relu6: clip(0, 6),
    hard_tanh: clip(-1, 1),
    sparse_sigmoid: (g, x) =>
      clip(0, 1)(g, g.node('Mul', [g.node('Add', [x, g.scalar(1)]), g.scalar(0.5)])),
    silu: timesSelf(unary('Sigmoid')),
    swish: timesSelf(unary('Sigmoid')),
    log_sigmoid: (g, x) => g.node('Neg', [g.node('Softplus', [g.node('Neg', [x])])]),
    tanh_shrink: (g, x) => g.node('Sub', [x, g.node('Tanh', [x])]),
    soft_shrink: unary('Shrink', { lambd: { f: 0.5 }, bias: { f: 0.5 } }),
    hard_shrink: unary('Shrink', { lambd: { f: 0.5 }, bias: { f: 0 } }),
    sparse_plus: sparsePlus,
    squareplus,
    // Split's num_outputs (an unknown axis size split in halves) arrived in opset 18.
    ...(opset >= 18 ? { glu } : {}),
    linear: (_g, x) => x,
  };
  return Object.hasOwn(table, id) ? table[id] : undefined;
}
