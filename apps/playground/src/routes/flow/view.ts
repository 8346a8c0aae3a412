/*
 * What the flow lab draws from one measurement: the plot specs (gradient norms on a log scale,
 * activation statistics, saturated fractions) and the summary numbers.
 */
import type { GradientFlow } from '@gradflow/layers';
import type { PlotSpec } from '../../lib/plot/index.js';

const layerAxis = (flow: GradientFlow) => flow.layers.map((_, i) => i + 1);
/** The hidden layers (all but the linear output unit, whose statistics say nothing of the activation). */
const hidden = (flow: GradientFlow) => flow.layers.slice(0, -1);
const nul = (v: number | null) => v ?? Number.NaN;

/** ‖∂loss/∂a‖ and ‖∂loss/∂W‖ per layer (log y), and the kernel norms after clipnorm if set. */
export function gradientSpec(flow: GradientFlow, clipnorm: number | null): PlotSpec {
  const kernel = flow.layers.map((l) => nul(l.kernelGradNorm));
  return {
    x: layerAxis(flow),
    xLabel: 'layer (1 = first hidden, last = output)',
    yLabel: 'gradient norm',
    logY: true,
    series: [
      { label: '‖∂loss/∂a‖ (layer output)', values: flow.layers.map((l) => l.outputGradNorm) },
      { label: '‖∂loss/∂W‖ (kernel)', values: kernel },
      ...(clipnorm === null
        ? []
        : [
            {
              label: `‖∂loss/∂W‖ after clipnorm ${clipnorm}`,
              values: kernel.map((v) => Math.min(v, clipnorm)),
              dash: [6, 4],
            },
          ]),
    ],
  };
}

export function activationSpec(flow: GradientFlow): PlotSpec {
  const h = hidden(flow);
  return {
    x: h.map((_, i) => i + 1),
    xLabel: 'hidden layer',
    yLabel: 'activation',
    series: [
      { label: 'std of the outputs', values: h.map((l) => l.activationStd) },
      { label: 'mean of the outputs', values: h.map((l) => l.activationMean) },
    ],
  };
}

export function saturationSpec(flow: GradientFlow): PlotSpec {
  const h = hidden(flow);
  return {
    x: h.map((_, i) => i + 1),
    xLabel: 'hidden layer',
    yLabel: 'fraction of units',
    yRange: [0, 1],
    series: [
      {
        label: "saturated (|f'| < 5% of max)",
        values: h.map((l) => nul(l.saturatedFraction)),
      },
      { label: "dead (f' = 0)", values: h.map((l) => nul(l.deadFraction)), dash: [4, 3] },
    ],
  };
}

export interface FlowSummary {
  /** ‖∂W₁‖ / ‖∂W_out‖: below 1 the first layer learns slower than the last (vanishing). */
  firstKernelRatio: number | null;
  /** Per-layer factor of ‖∂a‖ going down the hidden layers: (‖∂a₁‖ / ‖∂a_L‖)^(1/(L-1)). */
  gradientFactor: number | null;
  /** Mean saturated fraction over the hidden layers (null where not defined). */
  saturated: number | null;
  firstStd: number;
  lastStd: number;
  loss: number;
}

export function summarize(flow: GradientFlow): FlowSummary {
  const h = hidden(flow);
  const first = h[0] ?? flow.layers[0]!;
  const last = h[h.length - 1] ?? first;
  const sats = h.map((l) => l.saturatedFraction);
  return {
    firstKernelRatio: flow.layers[0]!.kernelGradRatio,
    gradientFactor:
      h.length > 1 && last.outputGradNorm > 0
        ? (first.outputGradNorm / last.outputGradNorm) ** (1 / (h.length - 1))
        : null,
    saturated:
      sats.length && sats.every((s) => s !== null)
        ? (sats as number[]).reduce((a, b) => a + b, 0) / sats.length
        : null,
    firstStd: first.activationStd,
    lastStd: last.activationStd,
    loss: flow.loss,
  };
}
