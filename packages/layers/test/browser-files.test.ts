// tf.io.browserFiles (a model.json and its .bin picked in a file input) is an IOHandler that
// loadModel takes as it is. Node has File but no FileReader: a minimal one stands in for the
// browser's (readAsText / readAsArrayBuffer, then onload with event.target.result).
import { randomNormal } from '@gradflow/autodiff';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Dense, Dropout, Sequential, loadModel, modelArtifacts } from '../src/index.js';
import { sameBits } from './helpers.js';
import { tf, tfjsCpu } from './tfjs.js';

class NodeFileReader {
  onload: ((e: { target: { result: unknown } }) => void) | null = null;
  onerror: ((e: unknown) => void) | null = null;
  private read(p: Promise<unknown>): void {
    p.then(
      (result) => this.onload?.({ target: { result } }),
      (e) => this.onerror?.(e),
    );
  }
  readAsText(b: Blob): void {
    this.read(b.text());
  }
  readAsArrayBuffer(b: Blob): void {
    this.read(b.arrayBuffer());
  }
}

const g = globalThis as { FileReader?: unknown };
const saved = g.FileReader;
beforeAll(async () => {
  await tfjsCpu();
  g.FileReader = NodeFileReader;
});
afterAll(() => {
  g.FileReader = saved;
});

describe('tf.io.browserFiles', () => {
  it('loads a model.json and its shard, in the layout file:// writes, picked as Files', async () => {
    const model = new Sequential([
      new Dense({ units: 4, inputShape: [3], activation: 'tanh', kernelInitializer: 'he_normal' }),
      new Dropout({ rate: 0.5 }),
      new Dense({ units: 2 }),
    ]);
    const a = modelArtifacts(model);
    const json = {
      modelTopology: a.modelTopology,
      format: a.format,
      weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs }],
    };
    const files = [
      new File([JSON.stringify(json)], 'model.json', { type: 'application/json' }),
      new File([a.weightData as ArrayBuffer], 'group1-shard1of1.bin'),
    ];
    const back = await loadModel(tf.io.browserFiles(files as never) as never);
    const x = randomNormal([5, 3], { seed: 1 });
    expect(sameBits(back.predict(x), model.predict(x))).toBe(true);
  });
});
