import type { GradflowTensor } from '../gradflow.js';
import type { tf } from '../tfjs.js';
import type { Answer, Prepared } from './types.js';

type Tf = typeof tf;
type TfTensor = ReturnType<Tf['tensor']>;

/**
 * A tfjs side: `compute` runs inside `tf.tidy` and every tensor it returns is read with
 * `dataSync()` inside the timed call, so lazy or asynchronous work is included and nothing
 * outlives the call. (The typed arrays are carried out of the tidy through a variable: handing
 * them back as tidy's result would make tidy walk a million indices looking for tensors.)
 */
export function tfjsSide(
  tfjs: Tf,
  inputs: readonly TfTensor[],
  compute: () => TfTensor | readonly TfTensor[],
): Prepared {
  return {
    run: () => {
      let out: ArrayLike<number>[] = [];
      tfjs.tidy(() => {
        const r = compute();
        out = (Array.isArray(r) ? r : [r]).map((t: TfTensor) => t.dataSync());
      });
      return out;
    },
    read: (output) => output as Answer,
    dispose: () => {
      for (const t of inputs) t.dispose();
    },
  };
}

/**
 * A gradflow side: tensors are computed eagerly into JS memory, so the timed call is the
 * computation itself; the answer is read (copied) with `data()` only for the check.
 */
export function gradflowSide(compute: () => GradflowTensor | readonly GradflowTensor[]): Prepared {
  return {
    run: compute,
    read: (output) => {
      const r = output as GradflowTensor | readonly GradflowTensor[];
      return (Array.isArray(r) ? r : [r]).map((t: GradflowTensor) => t.data());
    },
  };
}
