import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  EXPERIMENTS,
  formatTable,
  meanField,
  num,
  pct,
  renderSvg,
  runAll,
  teacherData,
} from '../src/index.js';

describe('meanField', () => {
  it('ReLU with σ_w² = 2 keeps E[a²] = E[x²]; with σ_w² = 1 it halves it (E[relu(z)²] = q/2)', () => {
    const he = meanField('relu', 5, 2);
    for (const l of he) expect(l.activationSecondMoment).toBeCloseTo(1, 6);
    meanField('relu', 5, 1).forEach((l, i) =>
      expect(l.activationSecondMoment).toBeCloseTo(0.5 ** (i + 1), 6),
    );
  });

  it('linear layers: q_l = (σ_w²)^l and χ = σ_w²', () => {
    meanField('linear', 4, 0.5).forEach((l, i) => {
      expect(l.preActivationVariance).toBeCloseTo(0.5 ** (i + 1), 10);
      expect(l.activationMean).toBeCloseTo(0, 10);
      expect(l.chi).toBeCloseTo(0.5, 10);
    });
  });

  it('SELU with σ_w² = 1 sits at its fixed point (mean 0, variance 1)', () => {
    const [l] = meanField('selu', 1, 1);
    expect(l!.activationMean).toBeCloseTo(0, 4);
    expect(l!.activationVariance).toBeCloseTo(1, 4);
  });

  it('sigmoid: E[a] = 1/2 for any q (σ(z) - 1/2 is odd), and χ at q → 0 is σ_w²/16', () => {
    expect(meanField('sigmoid', 1, 100)[0]!.activationMean).toBeCloseTo(0.5, 10);
    expect(meanField('sigmoid', 1, 1e-8, 1)[0]!.chi).toBeCloseTo(1e-8 / 16, 14);
  });
});

describe('tables', () => {
  it('num: 3 significant figures, exponents outside [1e-3, 1e4), and the non-finite values', () => {
    expect([
      num(0.123456),
      num(1234.5),
      num(12345),
      num(0.00012),
      num(0),
      num(NaN),
      num(Infinity),
      num(null),
    ]).toEqual(['0.123', '1.23e+3', '1.23e+4', '1.20e-4', '0', 'NaN', '∞', '–']);
    expect(pct(0.5153)).toBe('51.5%');
  });

  it('formatTable: a padded Markdown table with title and notes', () => {
    const text = formatTable({
      title: 'T',
      columns: ['a', 'bb'],
      rows: [
        ['x', '1'],
        ['yyyy', '22'],
      ],
      notes: ['n'],
    });
    expect(text).toBe(
      [
        '**T**',
        '',
        '| a    |  bb |',
        '| ---- | --: |',
        '| x    |   1 |',
        '| yyyy |  22 |',
        '',
        'n',
      ].join('\n'),
    );
  });
});

describe('renderSvg', () => {
  const chart = {
    file: 'c',
    title: 'A <title> & more',
    xLabel: 'x',
    yLabel: 'y',
    series: [
      {
        name: 'one',
        points: [
          [1, 1],
          [2, 10],
          [3, 100],
        ] as [number, number][],
      },
      {
        name: 'two',
        dashed: true,
        points: [
          [1, 5],
          [2, NaN],
          [3, 50],
        ] as [number, number][],
      },
    ],
  };

  it('draws one path per series with its legend, escaping text', () => {
    const svg = renderSvg(chart);
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(svg).toContain('A &lt;title&gt; &amp; more');
    expect(svg.match(/<path d="M/g)).toHaveLength(2);
    expect(svg).toContain('stroke-dasharray');
    expect(svg).toContain('>one</text>');
  });

  it('leaves a gap at a NaN (two segments: two M commands) and marks where a series breaks off', () => {
    const svg = renderSvg(chart);
    const second = svg.match(/<path d="([^"]*)"[^>]*stroke-dasharray/)![1]!;
    expect(second.match(/M/g)).toHaveLength(2);
    expect(svg).toContain('✕ NaN');
  });

  it('a log axis labels decades and skips values ≤ 0; a chart with nothing to draw is an error', () => {
    const svg = renderSvg({
      ...chart,
      yScale: 'log',
      series: [
        {
          name: 's',
          points: [
            [0, 1e-7],
            [1, 0],
            [2, 10],
          ],
        },
      ],
    });
    expect(svg).toContain('>1e-7</text>');
    expect(svg).toContain('>10</text>');
    expect(() => renderSvg({ ...chart, series: [{ name: 's', points: [[0, NaN]] }] })).toThrow(
      /renderSvg: chart "c" has no point to draw/,
    );
  });
});

describe('data and the runner', () => {
  it('teacherData is seeded: the same seed gives the same data', () => {
    const a = teacherData(16, 4, 1);
    const b = teacherData(16, 4, 1);
    expect(Array.from(a.y.data())).toEqual(Array.from(b.y.data()));
    expect(a.y.shape).toEqual([16, 1]);
    expect(() => teacherData(4, 3, 1)).toThrow(/features must be at least 4/);
  });

  it('runAll prints the tables and writes the charts of the chosen experiments', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gradflow-experiments-'));
    try {
      const printed: string[] = [];
      const written = await runAll({ only: [5], outDir: dir, print: (t) => printed.push(t) });
      expect(written.map((p) => p.slice(dir.length + 1))).toEqual([
        '5-exploding-depth.svg',
        '5-exploding-clipnorm.svg',
      ]);
      expect(await readFile(written[0]!, 'utf8')).toContain('<svg');
      const text = printed.join('\n');
      expect(text).toContain('## Result 5.');
      expect(text).toContain('**5a. Gradient of the first layer');
      await expect(runAll({ only: [EXPERIMENTS.length + 1], outDir: dir })).rejects.toThrow(
        `unknown experiment ${EXPERIMENTS.length + 1}; valid ids: 1 to ${EXPERIMENTS.length}`,
      );
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
