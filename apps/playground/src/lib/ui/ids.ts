/** Unique ids for label/control pairs: a prefix plus a counter (stable for one page's lifetime). */
let next = 0;

export function uid(prefix: string): string {
  next += 1;
  return `${prefix}-${next}`;
}

/** An option of a select or button group: a value and what the user reads. */
export interface Choice<T extends string = string> {
  value: T;
  label: string;
}

/** Accepts plain strings (shown as they are) or `{ value, label }` choices. */
export function toChoices<T extends string>(options: readonly (T | Choice<T>)[]): Choice<T>[] {
  return options.map((o) => (typeof o === 'string' ? { value: o, label: o } : o));
}

/**
 * A number shown compactly: up to `digits` significant digits, no trailing zeros, exponent form
 * for very large or small magnitudes.
 */
export function formatNumber(value: number, digits = 4): string {
  if (!Number.isFinite(value)) return String(value);
  if (value === 0) return '0';
  const abs = Math.abs(value);
  if (abs >= 1e5 || abs < 1e-3) return value.toExponential(Math.max(0, digits - 2));
  return String(Number(value.toPrecision(digits)));
}

/** The decimal places a step needs (0.05 -> 2, 1 -> 0, 1e-3 -> 3). */
export function stepDecimals(step: number): number {
  if (!Number.isFinite(step) || step <= 0) return 0;
  const text = String(step);
  const e = text.match(/e-(\d+)$/);
  if (e) return Number(e[1]);
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/**
 * Parses what the user typed into a number input: a finite number within [min, max], else a
 * message saying what is expected.
 */
export function parseNumberInput(
  text: string,
  min: number,
  max: number,
  integer = false,
): { value: number } | { error: string } {
  const trimmed = text.trim();
  const value = trimmed === '' ? Number.NaN : Number(trimmed);
  const kind = integer ? 'a whole number' : 'a number';
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)))
    return { error: `enter ${kind} from ${min} to ${max}` };
  if (value < min || value > max) return { error: `${value} is outside ${min} to ${max}` };
  return { value };
}
