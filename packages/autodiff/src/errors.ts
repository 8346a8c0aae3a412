/** Every error gradflow throws: the message names the op and the offending shapes, values or choices. */
export class GradflowError extends Error {
  constructor(
    readonly op: string,
    message: string,
  ) {
    super(`${op}: ${message}`);
    this.name = 'GradflowError';
  }
}

/** Formats a shape the way NumPy users read it: [2, 3]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}
