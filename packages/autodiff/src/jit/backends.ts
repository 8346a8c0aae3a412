import { GradflowError } from '../errors.js';
import type { Schedule } from './schedule.js';
import { type Executable, compileTape } from './tape.js';

/** A compiler from a schedule to something that runs. */
export interface Backend {
  readonly name: 'tape' | 'wasm';
  compile(s: Schedule): Executable;
}

export type BackendChoice = 'auto' | 'tape' | 'wasm';

export const tapeBackend: Backend = { name: 'tape', compile: compileTape };

const CHOICES: readonly BackendChoice[] = ['auto', 'tape', 'wasm'];

export function chooseBackend(choice: BackendChoice): Backend {
  if (!CHOICES.includes(choice))
    throw new GradflowError(
      'jit',
      `unknown backend ${JSON.stringify(choice)}; valid backends: ${CHOICES.join(', ')}`,
    );
  return tapeBackend;
}
