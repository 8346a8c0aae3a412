// @vitest-environment jsdom
import './helpers/dom-stubs.js';
import { cleanup, fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { afterEach, describe, expect, it, vi } from 'vitest';
import ActivationsRoute from '../src/routes/activations/ActivationsRoute.svelte';

afterEach(cleanup);

describe('ActivationsRoute', () => {
  it('shows the activation from the URL, its error, saturation and snippets', async () => {
    render(ActivationsRoute, { params: { a: 'tanh', c: 'relu' }, setParams: vi.fn() });
    const select = screen.getByTestId('activation-select') as HTMLSelectElement;
    expect(select.value).toBe('tanh');
    // the numbers come from the gallery's runner (a worker; on this thread under jsdom)
    expect(screen.getByText(/Computing f, f′ and f″/)).toBeTruthy();
    expect((await screen.findByRole('img')).getAttribute('aria-label')).toMatch(
      /^tanh, its derivatives: tanh\(x\), f' \(autodiff\), f'' \(autodiff\), f' \(analytic\), relu\(x\), relu' against x from -6 to 6; 2 shaded ranges/,
    );
    expect(screen.getByTestId('activation-error').textContent).toMatch(
      /^max \|difference\| \S+ over 961 points$/,
    );
    expect(screen.getByText(/shaded where \|f′\| < 5% of max \|f′\| = 1/)).toBeTruthy();
    expect(
      screen.getByText(/activation: 'tanh', kernelInitializer: 'glorot_uniform'/),
    ).toBeTruthy();
  });

  it('writes choices to the URL state', async () => {
    const setParams = vi.fn();
    render(ActivationsRoute, { params: { a: 'elu' }, setParams });
    await fireEvent.change(screen.getByTestId('activation-select'), { target: { value: 'relu' } });
    expect(setParams).toHaveBeenLastCalledWith({
      a: 'relu',
      'p.negativeSlope': '0',
      'p.threshold': '0',
      x0: '-6',
      x1: '6',
    });
    await fireEvent.input(screen.getByLabelText('alpha'), { target: { value: '2' } });
    expect(setParams).toHaveBeenLastCalledWith({ a: 'elu', 'p.alpha': '2', x0: '-6', x1: '6' });
    await fireEvent.change(screen.getByLabelText('Compare with'), { target: { value: 'selu' } });
    expect(setParams).toHaveBeenLastCalledWith(expect.objectContaining({ a: 'elu', c: 'selu' }));
  });

  it('explains the slice shown for a non-elementwise activation and bad URL values', async () => {
    render(ActivationsRoute, { params: { a: 'softmax', x0: 'abc' }, setParams: vi.fn() });
    expect(await screen.findByText(/softmax on the pair \(x, 0\): its first output/)).toBeTruthy();
    expect(screen.getByText(/gradientFlow reports no saturated fraction for softmax/)).toBeTruthy();
    expect(screen.queryByTestId('activation-error')).toBeNull();
    expect(screen.getByText(/the x-range must satisfy .* got "abc" to ""/)).toBeTruthy();
  });

  it('switches to a newly chosen activation and keeps the plot while the numbers are computed', async () => {
    const { rerender } = render(ActivationsRoute, { params: { a: 'tanh' }, setParams: vi.fn() });
    const label = async () => (await screen.findByRole('img')).getAttribute('aria-label');
    expect(await label()).toMatch(/^tanh, its derivatives/);
    await rerender({ params: { a: 'elu', 'p.alpha': '1.5' } });
    expect(screen.getByRole('img')).toBeTruthy();
    await waitFor(async () => expect(await label()).toMatch(/^elu, its derivatives: elu\(x\)/));
    expect(screen.getByTestId('activation-error').textContent).toMatch(/over 961 points$/);
  });
});
