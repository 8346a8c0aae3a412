import { describe, expect, it } from 'vitest';
import { decodeConfig } from '../../src/lib/train/config.js';
import { parseHash } from '../../src/lib/routes.js';
import readme from '../../../../README.md?raw';

describe("the README's training link", () => {
  it('opens the training view with every setting it names, and no problem', () => {
    const link = readme.match(/^#\/train\?\S+$/m)?.[0];
    expect(link).toBeDefined();
    const location = parseHash(link!);
    expect(location).toMatchObject({ route: 'train' });
    expect(location.problem).toBeUndefined();
    const { config, problems } = decodeConfig(location.params);
    expect(problems).toEqual([]);
    expect(config).toMatchObject({
      dataset: 'spiral',
      noise: 0.1,
      features: ['x1', 'x2', 'x1sq', 'x2sq', 'sinx1', 'sinx2'],
      layers: [
        { units: 8, activation: 'tanh' },
        { units: 8, activation: 'tanh' },
        { units: 4, activation: 'tanh' },
      ],
      optimizer: 'adam',
      learningRate: 0.03,
      showTest: true,
    });
  });
});
