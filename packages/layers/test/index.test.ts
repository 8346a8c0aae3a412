import { describe, expect, it } from 'vitest';
import * as layers from '../src/index.js';

describe('@gradflow/layers entry point', () => {
  it('loads and names itself', () => {
    expect(layers.PACKAGE_NAME).toBe('@gradflow/layers');
  });
});
