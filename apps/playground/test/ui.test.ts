// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen } from '@testing-library/svelte';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ButtonGroup,
  NumberInput,
  Select,
  Slider,
  Toggle,
  formatNumber,
  parseNumberInput,
  stepDecimals,
} from '../src/lib/ui/index.js';

afterEach(cleanup);

describe('Select', () => {
  it('is labelled, shows the value and reports a choice', async () => {
    const onchange = vi.fn();
    render(Select, {
      label: 'Activation',
      value: 'relu',
      options: ['relu', { value: 'tanh', label: 'tanh (hyperbolic)' }],
      onchange,
      testid: 'activation-select',
    });
    const select = screen.getByLabelText('Activation') as HTMLSelectElement;
    expect(select.dataset.testid).toBe('activation-select');
    expect(select.value).toBe('relu');
    expect(screen.getByRole('option', { name: 'tanh (hyperbolic)' })).toBeTruthy();
    await fireEvent.change(select, { target: { value: 'tanh' } });
    expect(onchange).toHaveBeenCalledWith('tanh');
  });

  it('links a hint with aria-describedby', () => {
    render(Select, { label: 'Mode', value: 'a', options: ['a', 'b'], hint: 'how fans count' });
    const select = screen.getByLabelText('Mode');
    const hint = document.getElementById(select.getAttribute('aria-describedby')!);
    expect(hint?.textContent).toBe('how fans count');
  });
});

describe('Slider', () => {
  it('shows the value as text and reports moves', async () => {
    const onchange = vi.fn();
    render(Slider, { label: 'alpha', value: 0.25, min: 0, max: 1, step: 0.05, onchange });
    const input = screen.getByLabelText('alpha') as HTMLInputElement;
    expect(input.type).toBe('range');
    expect(input.getAttribute('aria-valuetext')).toBe('0.25');
    expect(document.querySelector('output')?.textContent).toBe('0.25');
    await fireEvent.input(input, { target: { value: '0.5' } });
    expect(onchange).toHaveBeenCalledWith(0.5);
    expect(document.querySelector('output')?.textContent).toBe('0.5');
  });

  it('uses a custom format for the readout', () => {
    render(Slider, { label: 'depth', value: 10, min: 1, max: 100, format: (v) => `${v} layers` });
    expect(screen.getByLabelText('depth').getAttribute('aria-valuetext')).toBe('10 layers');
  });
});

describe('NumberInput', () => {
  it('commits valid numbers and explains invalid ones without committing them', async () => {
    const onchange = vi.fn();
    render(NumberInput, { label: 'Seed', value: 1, min: 0, max: 1000, integer: true, onchange });
    const input = screen.getByLabelText('Seed') as HTMLInputElement;
    await fireEvent.change(input, { target: { value: '42' } });
    expect(onchange).toHaveBeenLastCalledWith(42);
    await fireEvent.change(input, { target: { value: '1.5' } });
    expect(onchange).toHaveBeenCalledTimes(1);
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByRole('alert').textContent).toBe('enter a whole number from 0 to 1000');
    await fireEvent.change(input, { target: { value: '7' } });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(onchange).toHaveBeenLastCalledWith(7);
  });
});

describe('Toggle', () => {
  it('is a labelled checkbox that reports its state', async () => {
    const onchange = vi.fn();
    render(Toggle, { label: 'Compare', checked: false, onchange });
    const box = screen.getByLabelText('Compare') as HTMLInputElement;
    expect(box.type).toBe('checkbox');
    await fireEvent.click(box);
    expect(onchange).toHaveBeenCalledWith(true);
  });
});

describe('ButtonGroup', () => {
  it('marks the chosen button pressed and reports clicks', async () => {
    const onchange = vi.fn();
    render(ButtonGroup, { label: 'Scale', value: 'log', options: ['linear', 'log'], onchange });
    expect(screen.getByRole('group', { name: 'Scale' })).toBeTruthy();
    expect(screen.getByRole('button', { name: 'log' }).getAttribute('aria-pressed')).toBe('true');
    await fireEvent.click(screen.getByRole('button', { name: 'linear' }));
    expect(onchange).toHaveBeenCalledWith('linear');
    expect(screen.getByRole('button', { name: 'linear' }).getAttribute('aria-pressed')).toBe(
      'true',
    );
  });
});

describe('number helpers', () => {
  it('parseNumberInput accepts exactly the finite numbers in range', () => {
    fc.assert(
      fc.property(fc.double({ min: -1e6, max: 1e6, noNaN: true }), (v) => {
        const r = parseNumberInput(String(v), -10, 10);
        expect('value' in r).toBe(v >= -10 && v <= 10);
        if ('value' in r) expect(r.value === v).toBe(true); // -0 parses as 0
      }),
    );
    expect(parseNumberInput('', 0, 1)).toEqual({ error: 'enter a number from 0 to 1' });
    expect(parseNumberInput('abc', 0, 1)).toEqual({ error: 'enter a number from 0 to 1' });
  });

  it('formatNumber keeps four significant digits and switches to exponents at the ends', () => {
    expect(formatNumber(0.123456)).toBe('0.1235');
    expect(formatNumber(12)).toBe('12');
    expect(formatNumber(1.5e-7)).toBe('1.50e-7');
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(Number.NaN)).toBe('NaN');
  });

  it('stepDecimals counts the decimals of a step', () => {
    expect([1, 0.1, 0.05, 1e-3, 1e-7].map(stepDecimals)).toEqual([0, 1, 2, 3, 7]);
  });
});
