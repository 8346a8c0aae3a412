// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import type { ElkNode } from 'elkjs/lib/elk-api.js';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ExpressionError, parseExpression } from '../../src/lib/expr/index.js';
import type { LayoutFn } from '../../src/lib/graph/layout.js';
import ExpressionField from '../../src/routes/graph/ExpressionField.svelte';
import GraphRoute from '../../src/routes/graph/GraphRoute.svelte';

afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

/** jsdom has no layout and no Worker: stack every child in a column (containers around theirs). */
const columnLayout: LayoutFn = async (root) => {
  const place = (n: ElkNode): ElkNode => {
    let y = 20;
    const children = (n.children ?? []).map((c) => {
      const placed = place(c);
      const out = { ...placed, x: 10, y };
      y += (placed.height ?? 0) + 10;
      return out;
    });
    const width = Math.max(n.width ?? 0, ...children.map((c) => (c.width ?? 0) + 20));
    return { ...n, children, width, height: Math.max(n.height ?? 0, y) };
  };
  return place(root);
};

function parseErrorOf(source: string): ExpressionError {
  try {
    parseExpression(source);
  } catch (error) {
    return error as ExpressionError;
  }
  throw new Error('parsed');
}

describe('ExpressionField', () => {
  it('shows the reason, the position and a caret under the offending column', () => {
    const error = parseErrorOf('sigmoid(x');
    render(ExpressionField, {
      value: 'sigmoid(x',
      problem: { message: error.message, error },
      oncommit: () => {},
    });
    const box = screen.getByTestId('expression-error');
    expect(box.textContent).toMatch(
      /expected a "," or a closing "\)", found the end of the expression/,
    );
    expect(box.textContent).toMatch(/line 1, column 10/);
    expect(box.querySelector('pre')!.textContent).toBe('sigmoid(x\n         ^');
    expect(screen.getByTestId('expression-input').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows user text as text, never as markup', () => {
    const source = '<b>x</b>';
    const error = parseErrorOf(source);
    render(ExpressionField, {
      value: source,
      problem: { message: error.message, error },
      oncommit: () => {},
    });
    const box = screen.getByTestId('expression-error');
    expect(box.querySelector('b')).toBeNull();
    expect(box.textContent).toContain(source);
  });

  it('commits once typing pauses, and at once on Enter', async () => {
    vi.useFakeTimers();
    const oncommit = vi.fn();
    render(ExpressionField, { value: 'x', problem: null, oncommit, debounce: 250 });
    const input = screen.getByTestId('expression-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'x +' } });
    await fireEvent.input(input, { target: { value: 'x + 1' } });
    expect(oncommit).not.toHaveBeenCalled();
    vi.advanceTimersByTime(250);
    expect(oncommit).toHaveBeenCalledExactlyOnceWith('x + 1');
    await fireEvent.input(input, { target: { value: 'tanh(x)' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    expect(oncommit).toHaveBeenLastCalledWith('tanh(x)');
    expect(screen.queryByTestId('expression-error')).toBeNull();
  });
});

describe('GraphRoute controls', () => {
  it('draws the collapsed graph with an injected layout and writes expansion to the URL', async () => {
    const setParams = vi.fn();
    render(GraphRoute, { params: { expr: 'sigmoid(x)' }, setParams, layout: columnLayout });
    await waitFor(() => expect(screen.getAllByTestId('graph-node').length).toBeGreaterThan(2));
    const boxes = screen.getAllByTestId('graph-node').filter((n) => n.dataset.op === 'sigmoid');
    expect(boxes.map((b) => b.dataset.phase)).toEqual(['forward', 'backward']);
    await fireEvent.click(boxes[0]!);
    expect(setParams).toHaveBeenCalledWith({
      expr: 'sigmoid(x)',
      open: expect.stringMatching(/sigmoid$/),
    });
  });

  it('Expand all opens every composite (each once), Collapse all closes them', async () => {
    const setParams = vi.fn();
    render(GraphRoute, {
      params: { expr: 'sigmoid(x) + mean([x, 1])' },
      setParams,
      layout: columnLayout,
    });
    await fireEvent.click(screen.getByRole('button', { name: 'Expand all' }));
    const open = (setParams.mock.lastCall![0] as Record<string, string>).open!.split(',');
    expect(open.some((k) => k.endsWith('-sigmoid'))).toBe(true);
    expect(open.some((k) => k.endsWith('-tanh'))).toBe(true);
    expect(open.some((k) => k.endsWith('-mean'))).toBe(true);
    expect(new Set(open).size).toBe(open.length);
    await fireEvent.click(screen.getByRole('button', { name: 'Collapse all' }));
    expect(setParams.mock.lastCall![0]).toEqual({ expr: 'sigmoid(x) + mean([x, 1])' });
  });

  it('offers a labelled value per variable and writes a changed value to the URL', async () => {
    const setParams = vi.fn();
    render(GraphRoute, {
      params: { expr: 'x * y', 'val.y': '[1, 2]' },
      setParams,
      layout: columnLayout,
    });
    expect((screen.getByLabelText('x =') as HTMLInputElement).value).toBe('0.5');
    expect((screen.getByLabelText('y =') as HTMLInputElement).value).toBe('[1, 2]');
    expect(screen.getByText(/the backward pass starts from ones/)).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('x ='), { target: { value: '-3' } });
    expect(setParams).toHaveBeenCalledWith({ expr: 'x * y', 'val.x': '-3', 'val.y': '[1, 2]' });
  });

  it('reports a bad value next to its input and in the error box', async () => {
    render(GraphRoute, {
      params: { expr: 'exp(x)', 'val.x': '[1,' },
      setParams: () => {},
      layout: columnLayout,
    });
    expect(screen.getByText(/^x: parse: expected a number/).getAttribute('role')).toBe('alert');
    expect(screen.getByTestId('expression-error').textContent).toMatch(/value of x/);
    expect(screen.getByLabelText('x =').getAttribute('aria-invalid')).toBe('true');
  });

  it('shows a parse error for the expression in the URL without drawing anything', () => {
    render(GraphRoute, { params: { expr: '2 +* x' }, setParams: () => {}, layout: columnLayout });
    expect(screen.getByTestId('expression-error').textContent).toMatch(/column 4/);
    expect(screen.queryAllByTestId('graph-node')).toEqual([]);
  });
});
