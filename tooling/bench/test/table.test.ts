import { describe, expect, it } from 'vitest';
import { relativeError } from '../src/check.js';
import { summarize } from '../src/measure.js';
import {
  formatBytes,
  formatDetails,
  formatMs,
  formatTable,
  formatThroughput,
  markdownTable,
  ratio,
} from '../src/table.js';

describe('formatTable', () => {
  it('shows every contender side by side with eager and jit ratios against each tfjs backend', () => {
    const table = formatTable([
      {
        name: 'add',
        results: {
          gradflow: summarize([2, 2, 2]),
          'gradflow-jit': summarize([1, 1, 1]),
          'tfjs-cpu': summarize([1, 1, 1]),
          'tfjs-wasm': summarize([4, 4, 4]),
        },
      },
      { name: 'matmul', results: { 'tfjs-cpu': summarize([3]) } },
    ]);
    const [header, rule, add, matmul] = table.split('\n');
    expect(header).toMatch(
      /^\| case .*gradflow median.*gradflow-jit median.*tfjs-cpu median.*tfjs-wasm median/,
    );
    expect(header).toMatch(
      /gradflow\/tfjs-cpu +\| gradflow\/tfjs-wasm +\| gradflow-jit\/tfjs-cpu +\| gradflow-jit\/tfjs-wasm \|$/,
    );
    expect(rule).toMatch(/^\| -+ (\| -+: )+\|$/);
    expect(add).toMatch(
      /2\.00 ms \[2\.00 ms, 2\.00 ms\].* 2\.00x \| +0\.50x \| +1\.00x \| +0\.25x \|$/,
    );
    expect(matmul).toMatch(/^\| matmul +\| +n\/a \| +n\/a \| +3\.00 ms.* n\/a \| +n\/a \|$/);
  });

  it('marks a contender that failed or answered wrongly instead of timing it', () => {
    const table = formatTable([
      {
        name: 'grad of grad',
        results: { gradflow: summarize([5]) },
        outcomes: {
          'tfjs-cpu': { status: 'failed', message: 'no gradient' },
          'tfjs-wasm': { status: 'wrong', message: 'off by 1' },
        },
      },
    ]);
    const row = table.split('\n')[2];
    expect(row).toMatch(
      /5\.00 ms .*\| +n\/a \| +FAILED \| +WRONG \| +n\/a \| +n\/a \| +n\/a \| +n\/a \|$/,
    );
  });
});

describe('formatDetails', () => {
  it('lists the errors, the bytes per call (marking lower bounds) and the jit first call', () => {
    const details = formatDetails([
      {
        name: 'exp',
        results: {},
        errors: { gradflow: 5e-8, 'gradflow-jit': 5e-8, 'tfjs-cpu': 0, 'tfjs-wasm': NaN },
        memory: { gradflow: { bytes: 4_194_304, lowerBound: true }, 'tfjs-cpu': { bytes: 4096 } },
        firstCall: { 'gradflow-jit': 120 },
      },
    ]);
    const row = details.split('\n')[2];
    expect(row).toMatch(
      /\| exp +\| +5\.0e-8 \| +5\.0e-8 \| +0 \| +NaN \| +>=4\.19 MB \| +n\/a \| +4\.10 kB \| +n\/a \| +120 ms \|$/,
    );
  });
});

describe('markdownTable', () => {
  it('pads every column to its widest cell and right-aligns all but the first', () => {
    const t = markdownTable(
      ['a', 'bb'],
      [
        ['long name', '1'],
        ['x', '22'],
      ],
    );
    expect(t.split('\n')).toEqual([
      '| a         |  bb |',
      '| --------- | --: |',
      '| long name |   1 |',
      '| x         |  22 |',
    ]);
  });
});

describe('formatMs, formatBytes and ratio', () => {
  it('picks a unit that keeps three significant figures', () => {
    expect(formatMs(0.0000123)).toBe('12 ns');
    expect(formatMs(0.0123)).toBe('12.3 µs');
    expect(formatMs(12.3)).toBe('12.3 ms');
    expect(formatMs(1234)).toBe('1.23 s');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(4096)).toBe('4.10 kB');
    expect(formatBytes(4_194_304)).toBe('4.19 MB');
    expect(formatBytes(2.5e9)).toBe('2.50 GB');
  });

  it('divides the medians and gives n/a when a side is missing', () => {
    expect(ratio(summarize([3]), summarize([2]))).toBe('1.50x');
    expect(ratio(undefined, summarize([2]))).toBe('n/a');
    expect(ratio(summarize([3]), undefined)).toBe('n/a');
  });
});

describe('relativeError', () => {
  it('is the worst |got - ref| / (|ref| + rms(ref)) over all parts', () => {
    const ref = [Float64Array.of(3, 4), Float64Array.of(10)];
    expect(relativeError([Float32Array.of(3, 4), Float32Array.of(10)], ref)).toBe(0);
    // rms of [3, 4] is sqrt(12.5); the error 0.5 on 4 counts against 4 + sqrt(12.5)
    expect(relativeError([Float32Array.of(3, 4.5), Float32Array.of(10)], ref)).toBeCloseTo(
      0.5 / (4 + Math.sqrt(12.5)),
    );
  });

  it('is NaN for a NaN the reference does not have, or a different layout', () => {
    expect(relativeError([Float32Array.of(NaN)], [Float64Array.of(1)])).toBeNaN();
    expect(relativeError([Float32Array.of(1, 2)], [Float64Array.of(1)])).toBeNaN();
    expect(relativeError([], [Float64Array.of(1)])).toBeNaN();
  });
});

describe('formatThroughput', () => {
  it('gives GFLOP/s for cases with flops and time per op for cases with perOp, with ratios', () => {
    const table = formatThroughput([
      {
        name: 'matmul_512',
        flops: 2e9,
        results: { gradflow: summarize([50]), 'tfjs-wasm': summarize([100]) },
      },
      {
        name: 'scalar_graph',
        perOp: 2000,
        results: { gradflow: summarize([100]), 'tfjs-cpu': summarize([400]) },
      },
      { name: 'add', results: { gradflow: summarize([1]) } },
    ]);
    const [header, , mm, scalar, extra] = table.split('\n');
    expect(header).toMatch(/gradflow\/tfjs-cpu .*gradflow\/tfjs-wasm/);
    // 2e9 flops in 50 ms is 40 GFLOP/s; in 100 ms 20: gradflow reaches 2x tfjs-wasm's rate
    expect(mm).toMatch(/40\.0 GFLOP\/s .*20\.0 GFLOP\/s/);
    expect(mm).toContain('2.00x');
    // 100 ms over 2000 ops is 50 µs per op, 400 ms 200 µs: a quarter of tfjs-cpu's time
    expect(scalar).toMatch(/50\.0 µs\/op .*200 µs\/op/);
    expect(scalar).toContain('0.25x');
    expect(extra).toBeUndefined(); // a case with neither is left out
  });
});
