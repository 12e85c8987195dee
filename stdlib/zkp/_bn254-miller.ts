/**
 * The optimal ate Miller loop of bn254 (F. Vercauteren, "Optimal pairings", IEEE TIT 2010;
 * loop over 6x + 2 in non-adjacent form, then the two Frobenius lines of Q₁ = ψ(Q) and
 * −Q₂ = −ψ²(Q)), and the G2 subgroup test, on the lazily reduced tower of `_bn254-tower.ts`.
 *
 * Line coefficients come from noble-curves' projective doubling and addition steps on the twist
 * (`pointDouble`/`pointAdd` in abstract/bls.ts, after C. Costello, T. Lange, M. Naehrig,
 * "Faster pairing computations on curves with high-degree twists", PKC 2010), so a Miller value
 * here equals noble's `millerLoopBatch` for the same pairs — what the tests check.
 * @module
 */
import {
  BN_X,
  f2add,
  f2conj,
  f2dbl,
  f2eq,
  f2half,
  f2isZero,
  f2mul,
  f2neg,
  f2pow,
  f2sqr,
  f2sub,
  f2triple,
  FP12_ONE,
  fp12mul,
  fp12mulLine,
  fp12sqr,
  mod,
  P,
  type Fp12,
  type Fp2,
} from './_bn254-tower.ts'

/** b′ = 3/(9 + u), the twist's constant (EIP-197). */
const B2: Fp2 = [19485874751759354771024239261021720505790618469301721065564631296452457478373n, 266929791119991161246907387137283842545076965332900288569378510910307636690n]
/** ψ(x, y) = (x̄·ξ^((p−1)/3), ȳ·ξ^((p−1)/2)), the untwist-Frobenius-twist endomorphism. */
const PSI_X = f2pow([9n, 1n], (P - 1n) / 3n)
const PSI_Y = f2pow([9n, 1n], (P - 1n) / 2n)

/** Non-adjacent form of `n`, most significant digit first, without the leading 1. */
function naf(n: bigint): number[] {
  const digits: number[] = []
  for (; n > 1n; n >>= 1n) {
    if ((n & 1n) === 0n) digits.unshift(0)
    else if ((n & 3n) === 3n) {
      digits.unshift(-1)
      n += 1n
    } else digits.unshift(1)
  }
  return digits
}
const ATE_NAF = naf(6n * BN_X + 2n)

/** One line: coefficients (c0, c1, c2) in noble's convention; evaluated at P as (c2·y, c1·x, c0). */
type Line = readonly [Fp2, Fp2, Fp2]
/** The lines of one G2 point: for each loop step, the one or two lines it multiplies in. */
export type Lines = readonly (readonly Line[])[]

export function psi(x: Fp2, y: Fp2): [Fp2, Fp2] {
  return [f2mul(f2conj(x), PSI_X), f2mul(f2conj(y), PSI_Y)]
}

/**
 * The Miller-loop lines of Q = (x, y), a point of G2 other than infinity.
 * @example
 * const lines = g2Lines(Q)   // reusable for every P
 */
export function g2Lines(Qx: Fp2, Qy: Fp2): Lines {
  let X = Qx
  let Y = Qy
  let Z: Fp2 = [1n, 0n]
  const negQy = f2neg(Qy)
  const steps: Line[][] = []
  const add = (step: Line[], x: Fp2, y: Fp2) => {
    const t0 = f2sub(Y, f2mul(y, Z))
    const t1 = f2sub(X, f2mul(x, Z))
    step.push([f2sub(f2mul(t0, x), f2mul(t1, y)), f2neg(t0), t1])
    const t2 = f2sqr(t1)
    const t3 = f2mul(t2, t1)
    const t4 = f2mul(t2, X)
    const t5 = f2add(f2sub(t3, f2dbl(t4)), f2mul(f2sqr(t0), Z))
    X = f2mul(t1, t5)
    Y = f2sub(f2mul(f2sub(t4, t5), t0), f2mul(t3, Y))
    Z = f2mul(Z, t3)
  }
  for (const digit of ATE_NAF) {
    const step: Line[] = []
    // doubling
    const t0 = f2sqr(Y)
    const t1 = f2sqr(Z)
    const t2 = f2mul(f2triple(t1), B2)
    const t3 = f2triple(t2)
    const t4 = f2sub(f2sub(f2sqr(f2add(Y, Z)), t1), t0)
    step.push([f2sub(t2, t0), f2triple(f2sqr(X)), f2neg(t4)])
    X = f2half(f2mul(f2mul(f2sub(t0, t3), X), Y))
    Y = f2sub(f2sqr(f2half(f2add(t0, t3))), f2triple(f2sqr(t2)))
    Z = f2mul(t0, t4)
    if (digit !== 0) add(step, Qx, digit === 1 ? Qy : negQy)
    steps.push(step)
  }
  const last = steps[steps.length - 1]!
  const [q1x, q1y] = psi(Qx, Qy)
  add(last, q1x, q1y)
  const [q2x, q2y] = psi(q1x, q1y)
  add(last, q2x, f2neg(q2y))
  return steps
}

/**
 * ∏ᵢ f_{Qᵢ}(Pᵢ) for affine G1 points Pᵢ = (x, y) and prepared G2 points, times `extra`;
 * the final exponentiation is left to the caller.
 */
export function millerLoop(pairs: readonly (readonly [bigint, bigint, Lines])[], extra?: Fp12): Fp12 {
  let f = FP12_ONE
  for (let i = 0; i < ATE_NAF.length; i++) {
    if (i !== 0) f = fp12sqr(f)
    for (const [x, y, lines] of pairs) {
      for (const [c0, c1, c2] of lines[i]!) f = fp12mulLine(f, [mod(c2[0] * y), mod(c2[1] * y)], [mod(c1[0] * x), mod(c1[1] * x)], c0)
    }
  }
  return extra ? fp12mul(f, extra) : f
}

// ── G2 subgroup membership (Y. El Housni, A. Guillevic, T. Piellard, "Co-factor clearing and
// subgroup membership testing on pairing-friendly curves", AFRICACRYPT 2022, §5.1 for BN curves;
// gnark-crypto's bn254 `IsInSubGroup`): Q ∈ G2 ⟺ [x+1]Q + ψ([x]Q) + ψ²([x]Q) = ψ³([2x]Q).
// A 63-bit scalar instead of the 127-bit 6x² of the test ψ(Q) = [6x²]Q. ──

const X_NAF = naf(BN_X)

/** Jacobian (X, Y, Z): x = X/Z², y = Y/Z³; Z = 0 is infinity. */
type Jacobian = readonly [Fp2, Fp2, Fp2]
const INFINITY: Jacobian = [[1n, 0n], [1n, 0n], [0n, 0n]]

function jDouble([X, Y, Z]: Jacobian): Jacobian {
  // dbl-2009-l (a = 0)
  const A = f2sqr(X)
  const B = f2sqr(Y)
  const C = f2sqr(B)
  const D = f2dbl(f2sub(f2sub(f2sqr(f2add(X, B)), A), C))
  const E = f2triple(A)
  const X3 = f2sub(f2sqr(E), f2dbl(D))
  return [X3, f2sub(f2mul(E, f2sub(D, X3)), f2dbl(f2dbl(f2dbl(C)))), f2dbl(f2mul(Y, Z))]
}

/** P + Q (add-2007-bl), with the doubling, inverse and infinity cases. */
function jAdd(P: Jacobian, Q: Jacobian): Jacobian {
  const [X1, Y1, Z1] = P
  const [X2, Y2, Z2] = Q
  if (f2isZero(Z1)) return Q
  if (f2isZero(Z2)) return P
  const Z1Z1 = f2sqr(Z1)
  const Z2Z2 = f2sqr(Z2)
  const U1 = f2mul(X1, Z2Z2)
  const U2 = f2mul(X2, Z1Z1)
  const S1 = f2mul(f2mul(Y1, Z2), Z2Z2)
  const S2 = f2mul(f2mul(Y2, Z1), Z1Z1)
  const H = f2sub(U2, U1)
  const r = f2dbl(f2sub(S2, S1))
  if (f2isZero(H)) return f2isZero(r) ? jDouble(P) : INFINITY
  const I = f2sqr(f2dbl(H))
  const J = f2mul(H, I)
  const V = f2mul(U1, I)
  const X3 = f2sub(f2sub(f2sqr(r), J), f2dbl(V))
  const Y3 = f2sub(f2mul(r, f2sub(V, X3)), f2dbl(f2mul(S1, J)))
  const Z3 = f2mul(f2sub(f2sub(f2sqr(f2add(Z1, Z2)), Z1Z1), Z2Z2), H)
  return [X3, Y3, Z3]
}

/** ψ on Jacobian coordinates: conjugation commutes with the division by Z², Z³. */
function jPsi([X, Y, Z]: Jacobian): Jacobian {
  return [f2mul(f2conj(X), PSI_X), f2mul(f2conj(Y), PSI_Y), f2conj(Z)]
}

function jEqual([X1, Y1, Z1]: Jacobian, [X2, Y2, Z2]: Jacobian): boolean {
  if (f2isZero(Z1) || f2isZero(Z2)) return f2isZero(Z1) && f2isZero(Z2)
  const Z1Z1 = f2sqr(Z1)
  const Z2Z2 = f2sqr(Z2)
  return f2eq(f2mul(X1, Z2Z2), f2mul(X2, Z1Z1)) && f2eq(f2mul(f2mul(Y1, Z2), Z2Z2), f2mul(f2mul(Y2, Z1), Z1Z1))
}

/**
 * Whether the point (x, y) of the twist E′(Fp²) (already checked to be on it) lies in the
 * order-r subgroup G2.
 */
export function g2InSubgroup(x: Fp2, y: Fp2): boolean {
  const Q: Jacobian = [x, y, [1n, 0n]]
  const minusQ: Jacobian = [x, f2neg(y), [1n, 0n]]
  let xQ: Jacobian = Q
  for (const digit of X_NAF) {
    xQ = jDouble(xQ)
    if (digit !== 0) xQ = jAdd(xQ, digit === 1 ? Q : minusQ)
  }
  const psi1 = jPsi(xQ)
  const psi2 = jPsi(psi1)
  const lhs = jAdd(jAdd(jAdd(xQ, Q), psi1), psi2)
  return jEqual(lhs, jDouble(jPsi(psi2)))
}

/** (x, y) on the twist y² = x³ + b′. */
export function onTwist(x: Fp2, y: Fp2): boolean {
  return f2eq(f2sqr(y), f2add(f2mul(f2sqr(x), x), B2))
}

