/**
 * bn254's tower Fp¹² = Fp⁶[w]/(w² − v), Fp⁶ = Fp²[v]/(v³ − ξ), Fp² = Fp[u]/(u² + 1), ξ = 9 + u —
 * the tower of EIP-197 and noble-curves — with lazy reduction, and the final exponentiation.
 *
 * Why: in V8 a 254-bit bigint product costs ~95 ns but reducing it mod p costs ~320 ns, and
 * noble reduces after every operation. Here an Fp¹² product is computed as sums of unreduced
 * products (Karatsuba over Fp⁶, schoolbook Fp²) and each of its 12 coefficients is reduced once:
 * ~3.4× faster than noble's `Fp12.mul` (M. Scott, "Implementing cryptographic pairings", 2007,
 * §4 on lazy reduction; formulas as in noble-curves' `tower.ts`, so results are bit-identical and
 * tested against it).
 *
 * An Fp¹² element is a `bigint[12]` of reduced coefficients in noble's order: c0.c0.c0, c0.c0.c1,
 * c0.c1.c0, …, c1.c2.c1 (Fp⁶ c0 then c1; Fp² c0, c1, c2 each; real then imaginary).
 * @module
 */
import { invert } from '@noble/curves/abstract/modular.js'
import { bn254 } from '@noble/curves/bn254.js'

export type Fp12 = bigint[]
/** An Fp² element (c0, c1) = c0 + c1·u. */
export type Fp2 = readonly [bigint, bigint]

export const P = 0x30644e72e131a029b85045b68181585d97816a916871ca8d3c208c16d87cfd47n
/** The bn254 seed x: the Miller loop runs over 6x + 2, the final exponentiation over x. */
export const BN_X = 4965661367192848881n

/** x mod p in [0, p), for any sign. */
export function mod(x: bigint): bigint {
  const r = x % P
  return r < 0n ? r + P : r
}

// ── Fp², reduced (for point arithmetic) ──

/** a + b and a − b for reduced a, b: a conditional correction instead of a division. */
const addp = (a: bigint, b: bigint): bigint => {
  const s = a + b
  return s >= P ? s - P : s
}
const subp = (a: bigint, b: bigint): bigint => {
  const s = a - b
  return s < 0n ? s + P : s
}

export const f2add = (a: Fp2, b: Fp2): Fp2 => [addp(a[0], b[0]), addp(a[1], b[1])]
export const f2sub = (a: Fp2, b: Fp2): Fp2 => [subp(a[0], b[0]), subp(a[1], b[1])]
export const f2neg = (a: Fp2): Fp2 => [subp(0n, a[0]), subp(0n, a[1])]
export const f2dbl = (a: Fp2): Fp2 => [addp(a[0], a[0]), addp(a[1], a[1])]
export const f2triple = (a: Fp2): Fp2 => f2add(f2dbl(a), a)
/** a/2: x/2 for even x, (x + p)/2 for odd x. */
export const f2half = (a: Fp2): Fp2 => [(a[0] & 1n ? a[0] + P : a[0]) >> 1n, (a[1] & 1n ? a[1] + P : a[1]) >> 1n]
export const f2mul = (a: Fp2, b: Fp2): Fp2 => [mod(a[0] * b[0] - a[1] * b[1]), mod(a[0] * b[1] + a[1] * b[0])]
export const f2sqr = (a: Fp2): Fp2 => [mod((a[0] + a[1]) * (a[0] - a[1])), mod(2n * a[0] * a[1])]
export const f2conj = (a: Fp2): Fp2 => [a[0], subp(0n, a[1])]
export const f2eq = (a: Fp2, b: Fp2): boolean => a[0] === b[0] && a[1] === b[1]
export const f2isZero = (a: Fp2): boolean => a[0] === 0n && a[1] === 0n
export function f2inv(a: Fp2): Fp2 {
  const t = invert(mod(a[0] * a[0] + a[1] * a[1]), P)
  return [mod(a[0] * t), mod(-a[1] * t)]
}
/** a^e by square-and-multiply (setup only). */
export function f2pow(a: Fp2, e: bigint): Fp2 {
  let r: Fp2 = [1n, 0n]
  for (let i = BigInt(e.toString(2).length - 1); i >= 0n; i--) {
    r = f2sqr(r)
    if ((e >> i) & 1n) r = f2mul(r, a)
  }
  return r
}

// ── Fp⁶ and Fp¹², lazily reduced ──

/**
 * Unreduced Fp⁶ product (Karatsuba: 6 Fp² products) of (a0+a1u, a2+a3u, a4+a5u) and (b0…b5);
 * returns 6 unreduced coefficients.
 */
function fp6mul(a0: bigint, a1: bigint, a2: bigint, a3: bigint, a4: bigint, a5: bigint, b0: bigint, b1: bigint, b2: bigint, b3: bigint, b4: bigint, b5: bigint): bigint[] {
  const v00 = a0 * b0 - a1 * b1
  const v01 = a0 * b1 + a1 * b0
  const v10 = a2 * b2 - a3 * b3
  const v11 = a2 * b3 + a3 * b2
  const v20 = a4 * b4 - a5 * b5
  const v21 = a4 * b5 + a5 * b4
  let x0 = a2 + a4
  let x1 = a3 + a5
  let y0 = b2 + b4
  let y1 = b3 + b5
  const s0 = x0 * y0 - x1 * y1 - v10 - v20
  const s1 = x0 * y1 + x1 * y0 - v11 - v21
  x0 = a0 + a2
  x1 = a1 + a3
  y0 = b0 + b2
  y1 = b1 + b3
  const t0 = x0 * y0 - x1 * y1 - v00 - v10
  const t1 = x0 * y1 + x1 * y0 - v01 - v11
  x0 = a0 + a4
  x1 = a1 + a5
  y0 = b0 + b4
  y1 = b1 + b5
  return [
    v00 + 9n * s0 - s1, // c0 = v0 + ξ·((a1 + a2)(b1 + b2) − v1 − v2)
    v01 + s0 + 9n * s1,
    t0 + 9n * v20 - v21, // c1 = (a0 + a1)(b0 + b1) − v0 − v1 + ξ·v2
    t1 + v20 + 9n * v21,
    x0 * y0 - x1 * y1 - v00 + v10 - v20, // c2 = (a0 + a2)(b0 + b2) − v0 + v1 − v2
    x0 * y1 + x1 * y0 - v01 + v11 - v21,
  ]
}

/** (t1 + v·t2, t3 − t1 − t2) reduced: the Karatsuba recombination of an Fp¹² product. */
function combine(t1: bigint[], t2: bigint[], t3: bigint[]): Fp12 {
  return [
    mod(t1[0]! + 9n * t2[4]! - t2[5]!),
    mod(t1[1]! + t2[4]! + 9n * t2[5]!),
    mod(t1[2]! + t2[0]!),
    mod(t1[3]! + t2[1]!),
    mod(t1[4]! + t2[2]!),
    mod(t1[5]! + t2[3]!),
    mod(t3[0]! - t1[0]! - t2[0]!),
    mod(t3[1]! - t1[1]! - t2[1]!),
    mod(t3[2]! - t1[2]! - t2[2]!),
    mod(t3[3]! - t1[3]! - t2[3]!),
    mod(t3[4]! - t1[4]! - t2[4]!),
    mod(t3[5]! - t1[5]! - t2[5]!),
  ]
}

export const FP12_ONE: Fp12 = [1n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n, 0n]

export function fp12mul(a: Fp12, b: Fp12): Fp12 {
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = a as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  const [b0, b1, b2, b3, b4, b5, b6, b7, b8, b9, b10, b11] = b as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  return combine(
    fp6mul(a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5),
    fp6mul(a6, a7, a8, a9, a10, a11, b6, b7, b8, b9, b10, b11),
    fp6mul(a0 + a6, a1 + a7, a2 + a8, a3 + a9, a4 + a10, a5 + a11, b0 + b6, b1 + b7, b2 + b8, b3 + b9, b4 + b10, b5 + b11),
  )
}

/** a² = ((c0 + v·c1)(c0 + c1) − c0c1 − v·c0c1) + 2·c0c1·w: 2 Fp⁶ products. */
export function fp12sqr(a: Fp12): Fp12 {
  const [a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11] = a as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  const ab = fp6mul(a0, a1, a2, a3, a4, a5, a6, a7, a8, a9, a10, a11)
  // c0 + v·c1 = (c0.c0 + ξ·c1.c2, c0.c1 + c1.c0, c0.c2 + c1.c1)
  const t = fp6mul(a0 + 9n * a10 - a11, a1 + a10 + 9n * a11, a2 + a6, a3 + a7, a4 + a8, a5 + a9, a0 + a6, a1 + a7, a2 + a8, a3 + a9, a4 + a10, a5 + a11)
  return [
    mod(t[0]! - ab[0]! - 9n * ab[4]! + ab[5]!),
    mod(t[1]! - ab[1]! - ab[4]! - 9n * ab[5]!),
    mod(t[2]! - ab[2]! - ab[0]!),
    mod(t[3]! - ab[3]! - ab[1]!),
    mod(t[4]! - ab[4]! - ab[2]!),
    mod(t[5]! - ab[5]! - ab[3]!),
    mod(2n * ab[0]!),
    mod(2n * ab[1]!),
    mod(2n * ab[2]!),
    mod(2n * ab[3]!),
    mod(2n * ab[4]!),
    mod(2n * ab[5]!),
  ]
}

/**
 * f · ℓ for a line ℓ = (o0, 0, 0) + (o3, o4, 0)·w, sparse in the 0, 3, 4 slots (a D-type twist
 * line, noble's `mul034`): 13 Fp² products instead of 18.
 */
export function fp12mulLine(f: Fp12, o0: Fp2, o3: Fp2, o4: Fp2): Fp12 {
  const [a0, a1, a2, a3, a4, a5, b0, b1, b2, b3, b4, b5] = f as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  const [p0, p1] = o0
  // t1 = A·o0
  const t1 = [a0 * p0 - a1 * p1, a0 * p1 + a1 * p0, a2 * p0 - a3 * p1, a2 * p1 + a3 * p0, a4 * p0 - a5 * p1, a4 * p1 + a5 * p0]
  const t2 = mul01(b0, b1, b2, b3, b4, b5, o3[0], o3[1], o4[0], o4[1])
  const t3 = mul01(a0 + b0, a1 + b1, a2 + b2, a3 + b3, a4 + b4, a5 + b5, p0 + o3[0], p1 + o3[1], o4[0], o4[1])
  return combine(t1, t2, t3)
}

/** Unreduced (x0 + x1·v + x2·v²)(y0 + y1·v): 5 Fp² products. */
function mul01(x00: bigint, x01: bigint, x10: bigint, x11: bigint, x20: bigint, x21: bigint, y00: bigint, y01: bigint, y10: bigint, y11: bigint): bigint[] {
  const m00 = x00 * y00 - x01 * y01
  const m01 = x00 * y01 + x01 * y00
  const m10 = x10 * y10 - x11 * y11
  const m11 = x10 * y11 + x11 * y10
  // c0 = ξ·((x1 + x2)·y1 − m1) + m0
  let s0 = x10 + x20
  let s1 = x11 + x21
  const u0 = s0 * y10 - s1 * y11 - m10
  const u1 = s0 * y11 + s1 * y10 - m11
  // c1 = (y0 + y1)(x0 + x1) − m0 − m1
  s0 = x00 + x10
  s1 = x01 + x11
  const z0 = y00 + y10
  const z1 = y01 + y11
  // c2 = (x0 + x2)·y0 − m0 + m1
  const w0 = x00 + x20
  const w1 = x01 + x21
  return [
    9n * u0 - u1 + m00,
    u0 + 9n * u1 + m01,
    s0 * z0 - s1 * z1 - m00 - m10,
    s0 * z1 + s1 * z0 - m01 - m11,
    w0 * y00 - w1 * y01 - m00 + m10,
    w0 * y01 + w1 * y00 - m01 + m11,
  ]
}

export function fp12conj(a: Fp12): Fp12 {
  return [a[0]!, a[1]!, a[2]!, a[3]!, a[4]!, a[5]!, subp(0n, a[6]!), subp(0n, a[7]!), subp(0n, a[8]!), subp(0n, a[9]!), subp(0n, a[10]!), subp(0n, a[11]!)]
}

export function fp12eq(a: Fp12, b: Fp12): boolean {
  for (let i = 0; i < 12; i++) if (a[i] !== b[i]) return false
  return true
}

/** a⁻¹ through noble (once per final exponentiation). */
function fp12inv(a: Fp12): Fp12 {
  const { Fp12: F } = bn254.fields
  return toFlat(F.inv(fromFlat(a)))
}

/** From noble's nested Fp12 object. */
export function toFlat(f: ReturnType<typeof bn254.fields.Fp12.create>): Fp12 {
  return [f.c0.c0.c0, f.c0.c0.c1, f.c0.c1.c0, f.c0.c1.c1, f.c0.c2.c0, f.c0.c2.c1, f.c1.c0.c0, f.c1.c0.c1, f.c1.c1.c0, f.c1.c1.c1, f.c1.c2.c0, f.c1.c2.c1]
}

/** To noble's nested Fp12 object. */
export function fromFlat(a: Fp12): ReturnType<typeof bn254.fields.Fp12.create> {
  return bn254.fields.Fp12.fromBigTwelve(a as Parameters<typeof bn254.fields.Fp12.fromBigTwelve>[0])
}

// ── Frobenius: x ↦ x^(p^k), k = 1, 2, 3 ──

/** ξ^((p^k − 1)/6), with Fp⁶'s γ₁ = ξ^((p^k − 1)/3) = c², γ₂ = c⁴ (c = this). */
const FROBENIUS = [1n, 2n, 3n].map((k) => f2pow([9n, 1n], (P ** k - 1n) / 6n))

export function fp12frobenius(a: Fp12, k: 1 | 2 | 3): Fp12 {
  const c = FROBENIUS[k - 1]!
  const g1 = f2sqr(c)
  const g2 = f2sqr(g1)
  const conj = (i: number): Fp2 => (k % 2 === 1 ? [a[i]!, subp(0n, a[i + 1]!)] : [a[i]!, a[i + 1]!])
  const coeffs: Fp2[] = [
    conj(0),
    f2mul(conj(2), g1),
    f2mul(conj(4), g2),
    f2mul(conj(6), c),
    f2mul(f2mul(conj(8), g1), c),
    f2mul(f2mul(conj(10), g2), c),
  ]
  return coeffs.flat()
}

// ── Cyclotomic squaring and the final exponentiation ──

/**
 * Squaring in the cyclotomic subgroup (R. Granger, M. Scott, "Faster Squaring in the Cyclotomic
 * Subgroup of Sixth Degree Extensions", PKC 2010, §3.2): three Fp⁴ squarings, 18 products.
 */
export function fp12cyclotomicSqr(a: Fp12): Fp12 {
  const [c000, c001, c010, c011, c020, c021, c100, c101, c110, c111, c120, c121] = a as [bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]
  const [t30, t31, t40, t41] = fp4Square(c000, c001, c110, c111)
  const [t50, t51, t60, t61] = fp4Square(c100, c101, c020, c021)
  const [t70, t71, t80, t81] = fp4Square(c010, c011, c120, c121)
  const t90 = 9n * t80 - t81 // t9 = ξ·t8
  const t91 = t80 + 9n * t81
  return [
    mod(3n * t30 - 2n * c000), // 2·(t3 − c0.c0) + t3
    mod(3n * t31 - 2n * c001),
    mod(3n * t50 - 2n * c010),
    mod(3n * t51 - 2n * c011),
    mod(3n * t70 - 2n * c020),
    mod(3n * t71 - 2n * c021),
    mod(3n * t90 + 2n * c100), // 2·(t9 + c1.c0) + t9
    mod(3n * t91 + 2n * c101),
    mod(3n * t40 + 2n * c110),
    mod(3n * t41 + 2n * c111),
    mod(3n * t60 + 2n * c120),
    mod(3n * t61 + 2n * c121),
  ]
}

/**
 * The Fp⁴ = Fp²[s]/(s² − ξ) squaring of x + y·s, unreduced: (ξ·y² + x², (x + y)² − x² − y²),
 * each Fp² square as (a0 + a1)(a0 − a1) + 2·a0·a1·u.
 */
function fp4Square(x0: bigint, x1: bigint, y0: bigint, y1: bigint): [bigint, bigint, bigint, bigint] {
  const a0 = (x0 + x1) * (x0 - x1)
  const a1 = 2n * x0 * x1
  const b0 = (y0 + y1) * (y0 - y1)
  const b1 = 2n * y0 * y1
  const s0 = x0 + y0
  const s1 = x1 + y1
  return [9n * b0 - b1 + a0, b0 + 9n * b1 + a1, (s0 + s1) * (s0 - s1) - a0 - b0, 2n * s0 * s1 - a1 - b1]
}

function cyclotomicSqrN(a: Fp12, n: number): Fp12 {
  for (let i = 0; i < n; i++) a = fp12cyclotomicSqr(a)
  return a
}

/** a^x for a in the cyclotomic subgroup: noble's addition chain for x = 0x44e992b44a6909f1. */
function cyclotomicExpX(a: Fp12): Fp12 {
  const x10 = fp12cyclotomicSqr(a)
  const x100 = fp12cyclotomicSqr(x10)
  const x1000 = fp12cyclotomicSqr(x100)
  const x10000 = fp12cyclotomicSqr(x1000)
  const x10001 = fp12mul(x10000, a)
  const x10011 = fp12mul(x10001, x10)
  const x10100 = fp12mul(x10011, a)
  const x11001 = fp12mul(x1000, x10001)
  const x100010 = fp12cyclotomicSqr(x10001)
  const x100111 = fp12mul(x10011, x10100)
  const x101001 = fp12mul(x10, x100111)
  let r = cyclotomicSqrN(x100010, 6)
  r = fp12mul(fp12mul(r, x100), x11001)
  r = fp12mul(cyclotomicSqrN(r, 7), x11001)
  r = cyclotomicSqrN(r, 8)
  r = fp12mul(fp12mul(r, x101001), x10)
  r = fp12mul(cyclotomicSqrN(r, 6), x10001)
  r = fp12mul(cyclotomicSqrN(r, 8), x101001)
  r = fp12mul(cyclotomicSqrN(r, 6), x101001)
  r = fp12mul(cyclotomicSqrN(r, 10), x100111)
  r = fp12mul(fp12mul(cyclotomicSqrN(r, 6), x101001), x1000)
  return r
}

const powMinusX = (a: Fp12) => fp12conj(cyclotomicExpX(a))

/**
 * f^((p¹² − 1)/r): the easy part (p⁶ − 1)(p² + 1), then the hard part (p⁴ − p² + 1)/r with the
 * chain of noble-curves' bn254 (after L. Fuentes-Castañeda, E. Knapp, F. Rodríguez-Henríquez,
 * "Faster hashing to G2", SAC 2011), so the result equals noble's `finalExponentiate`.
 */
export function finalExponentiate(f: Fp12): Fp12 {
  const r0 = fp12mul(fp12conj(f), fp12inv(f))
  const r = fp12mul(fp12frobenius(r0, 2), r0)
  const y1 = fp12cyclotomicSqr(powMinusX(r))
  const y2 = fp12mul(fp12cyclotomicSqr(y1), y1)
  const y4 = powMinusX(y2)
  const y6 = powMinusX(fp12cyclotomicSqr(y4))
  const y8 = fp12mul(fp12mul(fp12conj(y6), y4), fp12conj(y2))
  const y9 = fp12mul(y8, y1)
  return fp12mul(
    fp12frobenius(fp12mul(fp12conj(r), y9), 3),
    fp12mul(fp12frobenius(y8, 2), fp12mul(fp12frobenius(y9, 1), fp12mul(fp12mul(y8, y4), r))),
  )
}
