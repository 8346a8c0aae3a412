import { describe, expect, it } from 'vitest';
import { summarize } from '../src/measure.js';
import { formatMs, formatTable, ratio } from '../src/table.js';

describe('formatTable', () => {
  it('shows every contender side by side with gradflow/backend ratios', () => {
    const table = formatTable([
      {
        name: 'add',
        results: {
          gradflow: summarize([2, 2, 2]),
          'tfjs-cpu': summarize([1, 1, 1]),
          'tfjs-wasm': summarize([4, 4, 4]),
        },
      },
      { name: 'matmul', results: { 'tfjs-cpu': summarize([3]) } },
    ]);
    const [header, rule, add, matmul] = table.split('\n');
    expect(header).toMatch(/case .*gradflow median.*tfjs-cpu median.*tfjs-wasm median/);
    expect(header).toMatch(/gradflow\/tfjs-cpu +gradflow\/tfjs-wasm$/);
    expect(rule).toMatch(/^-+( +-+)+$/);
    expect(add).toMatch(/2\.00 ms \[2\.00 ms, 2\.00 ms\].* 2\.00x +0\.50x$/);
    expect(matmul).toMatch(/^matmul +n\/a +3\.00 ms.* n\/a +n\/a$/);
  });

  it('picks a readable unit', () => {
    expect(formatMs(0.0005)).toBe('500 ns');
    expect(formatMs(0.0123)).toBe('12.3 µs');
    expect(formatMs(12.34)).toBe('12.3 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(ratio(undefined, summarize([1]))).toBe('n/a');
  });
});
