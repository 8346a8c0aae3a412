import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { GradflowError, linspace, reshape, tensor, zeros } from '../src/index.js';
import { expectError } from './core-helpers.js';

describe('tensor printing (NumPy-like)', () => {
  it('summarizes beyond 1000 elements with the first and last 3 entries of every long axis', () => {
    const t = reshape(linspace(0, 1199, 1200, 'float32'), [40, 30]);
    expect(String(t)).toBe(
      [
        'tensor([[   0,    1,    2, ...,   27,   28,   29],',
        '        [  30,   31,   32, ...,   57,   58,   59],',
        '        [  60,   61,   62, ...,   87,   88,   89],',
        '        ...,',
        '        [1110, 1111, 1112, ..., 1137, 1138, 1139],',
        '        [1140, 1141, 1142, ..., 1167, 1168, 1169],',
        '        [1170, 1171, 1172, ..., 1197, 1198, 1199]], shape=[40, 30], dtype=float32)',
      ].join('\n'),
    );
  });

  it('prints exactly 1000 elements in full, wrapping rows at 75 characters', () => {
    const s = String(zeros([1000]));
    expect(s).not.toContain('...');
    expect(s.match(/\b0\b/g)!.length).toBe(1000);
    for (const line of s.split('\n').slice(0, -1)) expect(line.length).toBeLessThanOrEqual(75);
  });

  it('separates the blocks of a 3-D tensor with a blank line, as NumPy does', () => {
    expect(String(tensor([[[1]], [[2]]]))).toBe(
      'tensor([[[1]],\n\n        [[2]]], shape=[2, 1, 1], dtype=float32)',
    );
  });

  it('a 100x100 tensor prints in a few hundred characters, not every value', () => {
    expect(String(zeros([100, 100])).length).toBeLessThan(400);
  });

  it('zeros([2 ** 28]) prints without building its nested arrays', () => {
    expect(String(zeros([2 ** 28]))).toBe(
      'tensor([0, 0, 0, ..., 0, 0, 0], shape=[268435456], dtype=float32)',
    );
  });

  it('util.inspect, and so console.log, shows the values instead of the internal fields', () => {
    const t = tensor([1.5, -2]);
    expect(inspect(t)).toBe(t.toString());
    expect(inspect({ w: t })).toContain('tensor([1.5,  -2], shape=[2], dtype=float32)');
    expect(inspect(t)).not.toContain('_data');
  });

  it('toArray of a tensor too large for nested arrays throws a GradflowError naming the size', () => {
    expectError(() => zeros([2 ** 25 + 1]).toArray(), 'toArray', '33554433', '.data()');
    expect(zeros([2 ** 25 + 1]).data().length).toBe(2 ** 25 + 1);
  });
});

describe('impossible sizes name the op and the shape', () => {
  it('rejects more than 2^31 - 1 elements before allocating', () => {
    expectError(() => zeros([2 ** 40]), 'zeros', '[1099511627776]', '2147483647');
    expectError(() => zeros([2 ** 16, 2 ** 16]), 'zeros', '[65536, 65536]');
    expectError(() => tensor([1], { shape: [2 ** 31] }), 'tensor', '[2147483648]');
    expectError(
      () => zeros([2 ** 16, 1]).add(zeros([1, 2 ** 16])),
      'add',
      '[65536, 65536]',
      '4294967296',
    );
    expect(() => zeros([2 ** 40])).toThrow(GradflowError);
  });

  it('negative, fractional, non-numeric dimensions and more than 64 axes are rejected', () => {
    expectError(() => zeros([-1]), 'zeros', '-1');
    expectError(() => zeros([2.5]), 'zeros', '2.5');
    expectError(() => zeros(['3'] as never), 'zeros', '"3" (a string)');
    expectError(() => zeros(new Array<number>(65).fill(1)), 'zeros', '65 axes', '64');
  });
});
