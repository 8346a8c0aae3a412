// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import '../helpers/dom-stubs.js';
import TrainRoute from '../../src/routes/train/TrainRoute.svelte';
import { localConnection } from '../../src/lib/train/client.js';
import { TrainerHost } from '../../src/lib/train/host.js';
import { ManualScheduler } from './manual-scheduler.js';
import { decodeConfig } from '../../src/lib/train/config.js';
import { GRID } from '../../src/lib/train/trainer.js';

function setup(params: Record<string, string> = {}) {
  const scheduler = new ManualScheduler();
  const setParams = vi.fn();
  const view = render(TrainRoute, {
    props: {
      params,
      setParams,
      connect: () => localConnection(new TrainerHost(scheduler, 35)),
    },
  });
  const loss = () => Number(screen.getByTestId('train-loss').textContent);
  const lastParams = () => setParams.mock.calls.at(-1)![0] as Record<string, string>;
  return { scheduler, setParams, view, loss, lastParams };
}

const stat = (name: string) => {
  const dt = screen.getByText(name, { selector: 'dt' });
  return Number(dt.nextElementSibling!.textContent);
};

// jsdom has no 2-D canvas: the shared stubs stand in for uPlot, and the heatmap's pixels are
// recorded here.
const drawn: ImageData[] = [];
beforeEach(() => {
  drawn.length = 0;
  const stub = HTMLCanvasElement.prototype.getContext;
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockImplementation(function (
    this: HTMLCanvasElement,
    ...args: Parameters<typeof stub>
  ) {
    const ctx = stub.apply(this, args) as CanvasRenderingContext2D;
    return new Proxy(ctx, {
      get(target, key) {
        if (key === 'createImageData')
          return (w: number, h: number) =>
            ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) }) as ImageData;
        if (key === 'putImageData') return (image: ImageData) => drawn.push(image);
        return target[key as keyof CanvasRenderingContext2D];
      },
    });
  } as typeof stub);
});
afterEach(() => cleanup());

describe('TrainRoute', () => {
  it('shows the untrained loss, writes the full settings into the URL, and play lowers the loss', async () => {
    const { scheduler, setParams, loss, lastParams } = setup();
    const before = loss();
    expect(before).toBeGreaterThan(0.3);
    expect(setParams).toHaveBeenCalled();
    expect(decodeConfig(lastParams())).toEqual(decodeConfig({}));
    // The decision boundary is painted: one opaque pixel per grid cell.
    expect(drawn.length).toBeGreaterThan(0);
    expect(drawn.at(-1)!.width).toBe(GRID);
    expect(
      drawn
        .at(-1)!
        .data.filter((_, i) => i % 4 === 3)
        .every((a) => a === 255),
    ).toBe(true);
    const play = screen.getByTestId('train-play');
    expect(play.textContent?.trim()).toBe('Play');
    await fireEvent.click(play);
    expect(play.textContent?.trim()).toBe('Pause');
    scheduler.flush(40);
    await Promise.resolve();
    expect(stat('Step')).toBeGreaterThan(100);
    expect(loss()).toBeLessThan(before);
    await fireEvent.click(play);
    expect(play.textContent?.trim()).toBe('Play');
  });

  it('step takes one step and reset goes back to step 0 with the first loss', async () => {
    const { loss } = setup();
    const first = loss();
    await fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    expect(stat('Step')).toBe(2);
    await fireEvent.click(screen.getByRole('button', { name: 'Reset' }));
    expect(stat('Step')).toBe(0);
    expect(loss()).toBe(first);
  });

  it('restores every setting from the URL into labelled controls', () => {
    setup({
      data: 'xor',
      noise: '0.2',
      seed: '9',
      feat: 'x1,x2,x1x2',
      layers: '3',
      act: 'relu',
      init: 'he_normal',
      opt: 'adam',
      lr: '0.01',
      batch: '20',
      test: '1',
    });
    expect(screen.getByRole('button', { name: 'Exclusive or' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
    expect(screen.getByRole('button', { name: 'Circle' }).getAttribute('aria-pressed')).toBe(
      'false',
    );
    expect(screen.getByLabelText('Noise')).toHaveProperty('value', '0.2');
    expect(screen.getByLabelText('Seed')).toHaveProperty('value', '9');
    expect(screen.getByLabelText('x₁·x₂')).toHaveProperty('checked', true);
    expect(screen.getByLabelText('x₁²')).toHaveProperty('checked', false);
    expect(screen.getByLabelText('Units, layer 1')).toHaveProperty('value', '3');
    expect(screen.getByLabelText('Activation, layer 1')).toHaveProperty('value', 'relu');
    expect(screen.queryByLabelText('Units, layer 2')).toBeNull();
    expect(screen.getByLabelText('Kernel initializer')).toHaveProperty('value', 'he_normal');
    expect(screen.getByLabelText('Optimizer')).toHaveProperty('value', 'adam');
    expect(screen.getByLabelText('Learning rate')).toHaveProperty('value', '0.01');
    expect(screen.queryByLabelText('Momentum')).toBeNull();
    expect(screen.getByLabelText('Batch size')).toHaveProperty('value', '20');
    expect(screen.getByLabelText('Show test data')).toHaveProperty('checked', true);
  });

  it('changing controls writes the URL and retrains from step 0', async () => {
    const { lastParams } = setup();
    await fireEvent.click(screen.getByRole('button', { name: 'Step' }));
    await fireEvent.click(screen.getByRole('button', { name: 'Moons' }));
    expect(lastParams().data).toBe('moons');
    expect(stat('Step')).toBe(0);
    await fireEvent.click(screen.getByRole('button', { name: 'Add layer' }));
    expect(lastParams().layers).toBe('4,2,2');
    expect(screen.getByLabelText('Units, layer 3')).toBeTruthy();
    await fireEvent.click(screen.getByRole('button', { name: 'Remove layer 1' }));
    expect(lastParams().layers).toBe('2,2');
    const units = screen.getByLabelText('Units, layer 1');
    await fireEvent.change(units, { target: { value: '7' } });
    expect(lastParams().layers).toBe('7,2');
    await fireEvent.change(units, { target: { value: '99' } });
    expect(lastParams().layers).toBe('7,2');
    expect(screen.getByText(/99 is outside 1 to 8/)).toBeTruthy();
    await fireEvent.change(screen.getByLabelText('Activation, layer 2'), {
      target: { value: 'gelu' },
    });
    expect(lastParams().act).toBe('tanh,gelu');
    await fireEvent.click(screen.getByLabelText('sin(x₁)'));
    expect(lastParams().feat).toBe('x1,x2,sinx1');
    await fireEvent.change(screen.getByLabelText('Optimizer'), { target: { value: 'rmsprop' } });
    expect(lastParams().opt).toBe('rmsprop');
  });

  it('the last feature cannot be switched off', () => {
    setup({ feat: 'x1' });
    expect(screen.getByLabelText('x₁')).toHaveProperty('disabled', true);
  });

  it('draws one bar per layer with weights and reports unreadable links', () => {
    setup({ layers: '3,3,3', act: 'relu,relu,relu', lr: 'fast' });
    const table = screen.getByRole('table', { name: /gradient/ });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(within(table).getByText('output')).toBeTruthy();
    expect(screen.getByText(/lr="fast" is not one of/).closest('[role=status]')).toBeTruthy();
  });

  it('shows a trainer error as an alert', async () => {
    const port = {
      onError: (_m: string) => {},
      listen(_f: unknown, onError: (m: string) => void) {
        this.onError = onError;
      },
      configure() {
        this.onError('Trainer: something the layers package rejected');
      },
      play() {},
      pause() {},
      step() {},
      reset() {},
    };
    render(TrainRoute, {
      props: { params: {}, setParams: () => {}, connect: () => ({ port, close() {} }) },
    });
    expect(screen.getByRole('alert').textContent).toBe(
      'Trainer: something the layers package rejected',
    );
  });
});
