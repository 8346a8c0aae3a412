/*
 * erf and erfc in float64, after fdlibm's s_erf.c (Sun Microsystems, freely redistributable):
 * rational approximations on [0, 0.84375), [0.84375, 1.25), [1.25, 1/0.35), [1/0.35, 28), with
 * erfc computed directly (never as 1 - erf) so it keeps full relative accuracy in the tail,
 * down to underflow near x = 27.2.
 */
const erx = 8.45062911510467529297e-1;
const efx = 1.28379167095512586316e-1;
const pp = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5,
];
const qq = [
  3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.9602282787753681232e-6,
];
const pa = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2,
  -2.166375594868790843e-3,
];
const qa = [
  1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.1984499846799107417e-2,
];
const ra = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2,
  -8.12874355063065934246e1, -9.81432934416914548592,
];
const sa = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2,
];
const rb = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3,
  -4.83519191608651397019e2,
];
const sb = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1,
];

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const LO = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 0 : 1;

/** x with the low 32 bits of its representation cleared (fdlibm's SET_LOW_WORD(z, 0)). */
function truncLow(x: number): number {
  f64[0] = x;
  u32[LO] = 0;
  return f64[0];
}

function tail(ax: number): number {
  // exp(-z^2 - 0.5625) * exp((z - x)(z + x) + R/S) / x, for 1.25 <= ax < 28
  const s = 1 / (ax * ax);
  let R: number;
  let S: number;
  if (ax < 1 / 0.35) {
    R =
      ra[0]! +
      s *
        (ra[1]! +
          s * (ra[2]! + s * (ra[3]! + s * (ra[4]! + s * (ra[5]! + s * (ra[6]! + s * ra[7]!))))));
    S =
      1 +
      s *
        (sa[0]! +
          s *
            (sa[1]! +
              s *
                (sa[2]! + s * (sa[3]! + s * (sa[4]! + s * (sa[5]! + s * (sa[6]! + s * sa[7]!)))))));
  } else {
    R =
      rb[0]! +
      s * (rb[1]! + s * (rb[2]! + s * (rb[3]! + s * (rb[4]! + s * (rb[5]! + s * rb[6]!)))));
    S =
      1 +
      s *
        (sb[0]! +
          s * (sb[1]! + s * (sb[2]! + s * (sb[3]! + s * (sb[4]! + s * (sb[5]! + s * sb[6]!))))));
  }
  const z = truncLow(ax);
  return (Math.exp(-z * z - 0.5625) * Math.exp((z - ax) * (z + ax) + R / S)) / ax;
}

/** y with erf(x) = x + x*y for |x| < 0.84375. */
function smallRatio(x: number): number {
  const z = x * x;
  const r = pp[0]! + z * (pp[1]! + z * (pp[2]! + z * (pp[3]! + z * pp[4]!)));
  const s = 1 + z * (qq[0]! + z * (qq[1]! + z * (qq[2]! + z * (qq[3]! + z * qq[4]!))));
  return r / s;
}

function mid(ax: number): number {
  // erf(ax) - erx for 0.84375 <= ax < 1.25
  const s = ax - 1;
  const P =
    pa[0]! + s * (pa[1]! + s * (pa[2]! + s * (pa[3]! + s * (pa[4]! + s * (pa[5]! + s * pa[6]!)))));
  const Q =
    1 + s * (qa[0]! + s * (qa[1]! + s * (qa[2]! + s * (qa[3]! + s * (qa[4]! + s * qa[5]!)))));
  return P / Q;
}

export function erf(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -28) return x + efx * x;
    return x + x * smallRatio(x);
  }
  if (ax < 1.25) return x >= 0 ? erx + mid(ax) : -erx - mid(ax);
  if (ax >= 6) return x > 0 ? 1 : -1;
  const r = 1 - tail(ax);
  return x >= 0 ? r : -r;
}

export function erfc(x: number): number {
  if (x !== x) return x;
  const ax = Math.abs(x);
  if (ax < 0.84375) {
    if (ax < 2 ** -56) return 1 - x;
    const e = x * smallRatio(x); // erf(x) - x
    if (x < 0.25) return 1 - (x + e);
    return 0.5 - (x - 0.5 + e);
  }
  if (ax < 1.25) return x >= 0 ? 1 - erx - mid(ax) : 1 + erx + mid(ax);
  if (ax < 28) {
    if (x < -6) return 2;
    const t = tail(ax);
    return x > 0 ? t : 2 - t;
  }
  return x > 0 ? 0 : 2;
}
