import { describe, expect, it } from 'vitest';
import {
  concat,
  full,
  logSoftmax,
  logsumexp,
  max,
  mean,
  pad,
  slice,
  softmax,
  sum,
  tensor,
  transpose,
  zeros,
} from '../src/index.js';
import { expectError, valuesOf } from './core-helpers.js';

describe('arguments of the wrong type get a GradflowError naming the op and the argument', () => {
  const t = zeros([2, 3]);

  it('axes: a string is not an axis', () => {
    expectError(() => sum(t, '0' as never), 'sum', 'axis', '"0" (a string)');
    expectError(() => max(t, ['1'] as never), 'max', 'axis[0]', '"1" (a string)');
    expectError(() => mean(t, {} as never), 'mean', 'axis');
    expectError(() => softmax(t, '1' as never), 'softmax', '"1" (a string)');
    expectError(() => concat([t, t], '0' as never), 'concat', '"0" (a string)');
  });

  it('keepDims must be a boolean', () => {
    expectError(() => sum(t, 0, 'yes' as never), 'sum', 'keepDims', '"yes" (a string)');
    expectError(() => max(t, 0, 1 as never), 'max', 'keepDims', '1 (a number)');
    expectError(() => mean(t, 0, 'no' as never), 'mean', 'keepDims');
    expectError(() => logsumexp(t, 0, 'no' as never), 'logsumexp', 'keepDims');
  });

  it('permutations, slice positions and paddings must be arrays of numbers', () => {
    expectError(() => transpose(t, '10' as never), 'transpose', 'perm', '"10" (a string)');
    expectError(() => transpose(t, [1, '0'] as never), 'transpose', 'perm[1]');
    expectError(() => slice(t, 0 as never, [1, 1]), 'slice', 'begin', '0 (a number)');
    expectError(() => slice(t, [0, 0], ['1', 1] as never), 'slice', 'size[0]');
    expectError(() => pad(t, 1 as never), 'pad', 'paddings');
    expectError(() => pad(t, [1, 2] as never), 'pad', 'paddings');
  });

  it('fill values must be numbers', () => {
    expectError(() => full([2], 'x' as never), 'full', 'value', '"x" (a string)');
    expectError(() => full([2], null as never), 'full', 'value', 'null');
    expect(valuesOf(full([2], NaN))).toEqual([NaN, NaN]);
  });

  it('the ops reject a non-tensor operand by name', () => {
    expectError(() => mean('x' as never), 'mean', 'Tensor or a number');
    expectError(() => softmax([1, 2] as never), 'softmax', 'wrap it with tensor()');
  });

  it('data nested 20000 arrays deep is rejected without overflowing the stack', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 20000; i++) deep = [deep];
    expectError(() => tensor(deep as never), 'tensor', 'nested more than 64', '64 axes');
    let ragged: unknown = 1;
    for (let i = 0; i < 20000; i++) ragged = [ragged];
    expectError(() => tensor([[1], ragged] as never), 'tensor', 'nested more than 64');
  });
});

describe('empty tensors', () => {
  it('softmax and logSoftmax of an empty tensor are empty, as in JAX and PyTorch', () => {
    expect(softmax(zeros([0])).shape).toEqual([0]);
    expect(logSoftmax(zeros([2, 0])).shape).toEqual([2, 0]);
    expect(softmax(zeros([0, 3]), 0).shape).toEqual([0, 3]);
  });

  it('logsumexp over an empty axis is -inf (the log of an empty sum), as NumPy', () => {
    expect(valuesOf(logsumexp(zeros([2, 0]), 1))).toEqual([-Infinity, -Infinity]);
    expect(logsumexp(zeros([0, 3]), 1).shape).toEqual([0]);
  });
});
