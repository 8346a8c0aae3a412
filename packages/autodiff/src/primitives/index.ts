import type { Primitive, PrimitiveName } from '../primitive.js';
import { neg } from './neg.js';
import { add } from './add.js';
import { sub } from './sub.js';
import { mul } from './mul.js';
import { div } from './div.js';
import { exp } from './exp.js';
import { expm1 } from './expm1.js';
import { log } from './log.js';
import { log1p } from './log1p.js';
import { sqrt } from './sqrt.js';
import { abs } from './abs.js';
import { erf } from './erf.js';
import { erfc } from './erfc.js';
import { sin } from './sin.js';
import { cos } from './cos.js';
import { maximum } from './maximum.js';
import { minimum } from './minimum.js';
import { greater } from './greater.js';
import { greaterEqual } from './greaterEqual.js';
import { less } from './less.js';
import { lessEqual } from './lessEqual.js';
import { equal } from './equal.js';
import { where } from './where.js';
import { sum } from './sum.js';
import { max } from './max.js';
import { reshape } from './reshape.js';
import { transpose } from './transpose.js';
import { broadcastTo } from './broadcastTo.js';
import { slice } from './slice.js';
import { pad } from './pad.js';
import { concat } from './concat.js';
import { cast } from './cast.js';
import { matmul } from './matmul.js';

/**
 * The closed primitive set, one row per primitive. `satisfies` makes the compiler reject a
 * missing or extra entry, so the registry cannot drift from PrimitiveName.
 */
// prettier-ignore
export const primitives = {
  neg, add, sub, mul, div,
  exp, expm1, log, log1p, sqrt, abs, erf, erfc, sin, cos,
  maximum, minimum,
  greater, greaterEqual, less, lessEqual, equal, where,
  sum, max,
  reshape, transpose, broadcastTo, slice, pad, concat, cast,
  matmul,
} satisfies Record<PrimitiveName, Primitive<never>>;

export type Primitives = typeof primitives;

/** The primitive names, in registry order. */
export const primitiveNames = Object.keys(primitives) as PrimitiveName[];

export function isPrimitiveName(op: string): op is PrimitiveName {
  return Object.hasOwn(primitives, op);
}
