// @vitest-environment jsdom
import './helpers/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import FlowRoute from '../src/routes/flow/FlowRoute.svelte';

afterEach(cleanup);

// A small network, so that the measurement (on the main thread under jsdom) stays quick.
const params = {
  depth: '4',
  width: '64',
  batch: '32',
  act: 'sigmoid',
  init: 'random_normal',
  std: '1',
};

describe('FlowRoute', () => {
  it('measures the network from the URL and shows the per-layer charts and numbers', async () => {
    render(FlowRoute, { params, setParams: vi.fn() });
    const chart = await waitFor(() => screen.getByTestId('flow-chart'));
    expect(chart.querySelectorAll('[role="img"]')).toHaveLength(4);
    const saturated = Number(screen.getByTestId('flow-saturated').dataset.value);
    expect(saturated).toBeGreaterThan(0.3);
    expect(screen.getAllByTestId('flow-layer-row')).toHaveLength(5);
    await waitFor(() =>
      expect(screen.getByTestId('flow-status').textContent!.replace(/\s+/g, ' ')).toMatch(
        /4 × 64 sigmoid, RandomNormal\(0, 1\), batch 32: loss/,
      ),
    );
  });

  it('writes presets and settings to the URL and explains the preset', async () => {
    const setParams = vi.fn();
    render(FlowRoute, { params: { ...params, preset: 'logistic' }, setParams });
    expect(screen.getByTestId('flow-preset').textContent).toMatch(/Glorot & Bengio \(2010\)/);
    expect(screen.getByTestId('flow-preset').textContent).toMatch(/changed the settings/);
    await fireEvent.click(screen.getByRole('button', { name: /ReLU \+ He/ }));
    expect(setParams).toHaveBeenLastCalledWith(
      expect.objectContaining({ preset: 'relu', act: 'relu', init: 'he_normal', depth: '32' }),
    );
    await fireEvent.change(screen.getByLabelText('Kernel initializer (hidden layers)'), {
      target: { value: 'variance_scaling' },
    });
    expect(setParams).toHaveBeenLastCalledWith(
      expect.objectContaining({ init: 'variance_scaling', depth: '4', preset: 'logistic' }),
    );
    await waitFor(() => screen.getByTestId('flow-chart'));
  });

  it('shows VarianceScaling options only when it is chosen', async () => {
    render(FlowRoute, { params: { ...params, init: 'variance_scaling' }, setParams: vi.fn() });
    expect(screen.getByLabelText('mode')).toBeTruthy();
    expect(screen.getByLabelText('distribution')).toBeTruthy();
    expect(screen.queryByLabelText('stddev')).toBeNull();
    await waitFor(() => screen.getByTestId('flow-chart'));
  });
});
