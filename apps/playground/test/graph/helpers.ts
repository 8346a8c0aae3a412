import { tensor } from '@gradflow/autodiff';
import ELK from 'elkjs/lib/elk.bundled.js';
import { compileExpression } from '../../src/lib/expr/index.js';
import type { LayoutFn } from '../../src/lib/graph/layout.js';
import { buildModel } from '../../src/lib/graph/model.js';

/** The model of an expression with the given variable values (float64). */
export function modelOf(source: string, ...values: (number | number[])[]) {
  const compiled = compileExpression(source);
  return buildModel(
    compiled,
    values.map((v) => tensor(v, { dtype: 'float64' })),
  );
}

/** ELK run directly (no worker), as the worker runs it. */
export const elkLayout: LayoutFn = (g) => new ELK().layout(g);
