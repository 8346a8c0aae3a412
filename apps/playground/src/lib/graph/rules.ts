/**
 * The local derivative rules the lens typesets: for each primitive its value and the cotangents
 * its VJP sends to its inputs (ȳ is the gradient arriving at the output), and for each composite
 * the derivative that its primitives add up to.
 */
const PRIMITIVE: Record<string, string> = {
  neg: 'y = -x,\\quad \\bar x = -\\bar y',
  add: 'y = a + b,\\quad \\bar a = \\bar y,\\ \\bar b = \\bar y',
  sub: 'y = a - b,\\quad \\bar a = \\bar y,\\ \\bar b = -\\bar y',
  mul: 'y = a b,\\quad \\bar a = \\bar y\\, b,\\ \\bar b = \\bar y\\, a',
  div: 'y = a / b,\\quad \\bar a = \\bar y / b,\\ \\bar b = -\\bar y\\, a / b^2',
  exp: 'y = e^x,\\quad \\bar x = \\bar y\\, e^x',
  expm1: 'y = e^x - 1,\\quad \\bar x = \\bar y\\, e^x',
  log: 'y = \\ln x,\\quad \\bar x = \\bar y / x',
  log1p: 'y = \\ln(1 + x),\\quad \\bar x = \\bar y / (1 + x)',
  sqrt: 'y = \\sqrt{x},\\quad \\bar x = \\bar y / (2\\sqrt{x})',
  abs: 'y = |x|,\\quad \\bar x = \\bar y\\, \\operatorname{sign}(x)',
  erf: 'y = \\operatorname{erf} x,\\quad \\bar x = \\bar y\\, \\tfrac{2}{\\sqrt\\pi} e^{-x^2}',
  erfc: 'y = \\operatorname{erfc} x,\\quad \\bar x = -\\bar y\\, \\tfrac{2}{\\sqrt\\pi} e^{-x^2}',
  sin: 'y = \\sin x,\\quad \\bar x = \\bar y \\cos x',
  cos: 'y = \\cos x,\\quad \\bar x = -\\bar y \\sin x',
  maximum: 'y = \\max(a, b),\\quad \\bar a = \\bar y\\,[a > b],\\ \\bar b = \\bar y\\,[a \\le b]',
  minimum: 'y = \\min(a, b),\\quad \\bar a = \\bar y\\,[a < b],\\ \\bar b = \\bar y\\,[a \\ge b]',
  where: 'y = c\\ ?\\ a : b,\\quad \\bar a = c\\ ?\\ \\bar y : 0,\\ \\bar b = c\\ ?\\ 0 : \\bar y',
  sum: 'y = \\textstyle\\sum_i x_i,\\quad \\bar x_i = \\bar y',
  max: 'y = \\max_i x_i,\\quad \\bar x_i = \\bar y\\,[x_i = y] / \\#\\{j : x_j = y\\}',
  reshape: '\\bar x = \\operatorname{reshape}(\\bar y, \\operatorname{shape}(x))',
  transpose: '\\bar x = \\bar y^{\\top}',
  broadcastTo: '\\bar x = \\textstyle\\sum_{\\text{broadcast axes}} \\bar y',
  slice: '\\bar x = \\operatorname{pad}(\\bar y)',
  pad: '\\bar x = \\operatorname{slice}(\\bar y)',
  concat: '\\bar x_k = \\bar y[\\text{part } k]',
  cast: '\\bar x = \\operatorname{cast}(\\bar y)',
  matmul: 'Y = A B,\\quad \\bar A = \\bar Y B^{\\top},\\ \\bar B = A^{\\top} \\bar Y',
};

const COMPARISON = '\\text{a comparison: no gradient flows through it}';
for (const op of ['greater', 'greaterEqual', 'less', 'lessEqual', 'equal'])
  PRIMITIVE[op] = COMPARISON;

const COMPOSITE: Record<string, string> = {
  sigmoid: "\\sigma(x) = \\frac{1}{1 + e^{-x}},\\quad \\sigma'(x) = \\sigma(x)\\,(1 - \\sigma(x))",
  tanh: "\\tanh'(x) = 1 - \\tanh^2 x",
  softplus:
    "\\operatorname{softplus}(x) = \\ln(1 + e^x),\\quad \\operatorname{softplus}'(x) = \\sigma(x)",
  relu: "\\operatorname{relu}(x) = \\max(x, 0),\\quad \\operatorname{relu}'(x) = [x > 0]",
  silu: "\\operatorname{silu}(x) = x\\,\\sigma(x),\\quad \\operatorname{silu}'(x) = \\sigma(x)(1 + x(1 - \\sigma(x)))",
  elu: "\\operatorname{elu}'(x) = [x > 0] + [x \\le 0]\\, e^x",
  softmax:
    's_i = \\frac{e^{x_i}}{\\sum_j e^{x_j}},\\quad \\bar x = s \\odot (\\bar s - \\langle \\bar s, s\\rangle)',
  logsumexp:
    '\\operatorname{lse}(x) = \\ln \\textstyle\\sum_i e^{x_i},\\quad \\partial_{x_i} = \\operatorname{softmax}(x)_i',
  mean: 'y = \\tfrac1n \\textstyle\\sum_i x_i,\\quad \\bar x_i = \\bar y / n',
  square: 'y = x^2,\\quad \\bar x = 2 x\\, \\bar y',
  tan: "\\tan'(x) = 1 / \\cos^2 x",
  pow: 'y = x^p,\\quad \\bar x = \\bar y\\, p\\, x^{p-1},\\ \\bar p = \\bar y\\, x^p \\ln x',
  log_sigmoid: "\\log\\sigma(x)' = 1 - \\sigma(x)",
  softsign: "\\operatorname{softsign}'(x) = 1 / (1 + |x|)^2",
  gelu: "\\operatorname{gelu}(x) = x\\,\\Phi(x),\\quad \\operatorname{gelu}'(x) = \\Phi(x) + x\\,\\varphi(x)",
  mish: '\\operatorname{mish}(x) = x \\tanh(\\operatorname{softplus}(x))',
};

/** The TeX of a primitive's or composite's local rule; null when there is none to show. */
export function ruleTex(op: string, kind: 'node' | 'group'): string | null {
  if (kind === 'group') return COMPOSITE[op] ?? null;
  return PRIMITIVE[op] ?? null;
}
