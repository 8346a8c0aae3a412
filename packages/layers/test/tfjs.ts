// The full TF.js bundle (it registers the gradients and the layers), on its plain JS cpu backend.
import * as tf from '@tensorflow/tfjs';

export { tf };

/** Makes TF.js's cpu backend active (quietly: no "install tfjs-node" hint in the test output). */
export async function tfjsCpu(): Promise<typeof tf> {
  tf.env().set('IS_TEST', true);
  await tf.setBackend('cpu');
  await tf.ready();
  return tf;
}

/** Largest absolute difference between two equally long lists of numbers. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths differ: ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** A TF.js tensor with a gradflow tensor's values and shape. */
export function toTf(t: { data(): ArrayLike<number>; shape: readonly number[] }): tf.Tensor {
  return tf.tensor(Array.from(t.data()), t.shape.slice());
}
