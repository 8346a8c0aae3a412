// @vitest-environment jsdom
import './helpers/dom-stubs.js';
import { cleanup, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as compute from '../src/routes/flow/compute.js';
import FlowRoute from '../src/routes/flow/FlowRoute.svelte';

// Count the measurements (under jsdom they run on the main thread, through compute.ts).
vi.mock('../src/routes/flow/compute.js', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../src/routes/flow/compute.js')>();
  return { ...actual, runFlow: vi.fn(actual.runFlow) };
});

afterEach(cleanup);

const base = { depth: '4', width: '16', batch: '8', act: 'tanh', init: 'glorot_uniform' };

describe('FlowRoute while a slider is dragged', () => {
  it('measures the first settings at once, then only the settings the drag stops at', async () => {
    const runFlow = vi.mocked(compute.runFlow);
    const { rerender } = render(FlowRoute, { params: base, setParams: vi.fn() });
    await waitFor(() => expect(runFlow).toHaveBeenCalledTimes(1));
    await waitFor(() => screen.getByTestId('flow-chart'));
    // a drag: the depth slider passes 5, 6, ... 9 faster than a measurement
    for (let depth = 5; depth <= 9; depth++)
      await rerender({ params: { ...base, depth: String(depth) } });
    await waitFor(() =>
      expect(screen.getByTestId('flow-status').textContent!.replace(/\s+/g, ' ')).toMatch(
        /^9 × 16 tanh/,
      ),
    );
    expect(runFlow).toHaveBeenCalledTimes(2);
    expect(runFlow.mock.calls.map(([s]) => s.depth)).toEqual([4, 9]);
    expect(screen.getAllByTestId('flow-layer-row')).toHaveLength(10);
  });
});
