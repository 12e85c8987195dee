/**
 * The two pairing-friendly curves the verifiers run on, point validation, and one
 * pairing-product check over them:
 *
 *   check([(P₁, Q₁), …, (Pₖ, Qₖ)])  ⟺  e(P₁, Q₁) · … · e(Pₖ, Qₖ) = 1 in G_T
 *
 * computed as one multi-Miller loop and one final exponentiation (optimal ate pairing). A pair
 * with either point at infinity contributes e = 1 and is skipped, as EIP-197 and EIP-2537
 * specify (noble's own `pairingBatch` throws on infinity instead, DESIGN.md §4).
 *
 * - `BN254` ("bn128" in snarkjs, alt_bn128 in Ethereum): EIP-196/197 curve, ~100-bit security.
 *   Pairings and G2 membership run in WebAssembly (`_bn254-wasm.ts`, bit-identical to
 *   noble-curves and several times faster).
 * - `BLS12_381` ("bls12381" in snarkjs): EIP-2537 curve, ~128-bit security; noble-curves.
 *
 * Points are noble `WeierstrassPoint`s. The G2 side of a pair may be given prepared
 * (`prepareG2`: its Miller-loop lines, computed once), which saves ~1/4 of that pair's cost;
 * verification keys are prepared once and cached.
 * @module
 */
import type { IField } from '@noble/curves/abstract/modular.js'
import type { Fp2, Fp2Bls } from '@noble/curves/abstract/tower.js'
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { bn254 } from '@noble/curves/bn254.js'
import { g1Msm as bnMsm, g2IsValid, g2Lines, GT_ONE, gtMul, isOneAfterFinalExponentiation, millerLoop as bnMillerLoop, type Fp2 as Fp2Pair, type Gt } from './_bn254-wasm.ts'

export type G1Point = WeierstrassPoint<bigint>
export type G2Point = WeierstrassPoint<Fp2>
export type { Fp2 }

/** The value of a Miller loop before the final exponentiation (curve-specific, opaque). */
export type MillerValue = { readonly __miller: unique symbol }

/** A G2 point with its Miller-loop lines, computed once for many pairings. */
export interface PreparedG2 {
  readonly point: G2Point
  readonly lines: unknown
}

/** A pairing-friendly curve as the verifiers need it. */
export interface PairingCurve {
  /** The snarkjs name: `bn128` or `bls12381`. */
  readonly name: 'bn128' | 'bls12381'
  readonly G1: WeierstrassPointCons<bigint>
  readonly G2: WeierstrassPointCons<Fp2>
  /** Base field (coordinates). */
  readonly Fp: IField<bigint>
  readonly Fp2: Fp2Bls
  /** Scalar field: the order r of G1, G2 and G_T. */
  readonly Fr: IField<bigint>
}

/** How one curve computes lines, Miller loops and the final check. */
interface Engine {
  lines(Q: G2Point): unknown
  /** The Miller loop of affine G1 points (x, y) with G2 sides given as `lines(Q)` or as a point Q. */
  miller(pairs: [bigint, bigint, unknown][]): unknown
  one: unknown
  mul(a: unknown, b: unknown): unknown
  isOneAfterFinalExponentiation(f: unknown): boolean
  /** Throws unless Q (on the curve or not) is on the curve and in G2. */
  validateG2(Q: G2Point): void
}

const fields = (name: PairingCurve['name'], c: typeof bn254): PairingCurve => ({
  name,
  G1: c.G1.Point,
  G2: c.G2.Point,
  Fp: c.fields.Fp,
  Fp2: c.fields.Fp2,
  Fr: c.fields.Fr,
})

/** bn254 / alt_bn128 (snarkjs "bn128"). */
export const BN254: PairingCurve = fields('bn128', bn254)
/** BLS12-381 (snarkjs "bls12381"). */
export const BLS12_381: PairingCurve = fields('bls12381', bls12_381)

/** Affine coordinates of a G2 point as pairs (c0, c1). */
function affine2(Q: G2Point): [Fp2Pair, Fp2Pair] {
  const { x, y } = Q.toAffine()
  return [[x.c0, x.c1], [y.c0, y.c1]]
}

const bnEngine: Engine = {
  lines: (Q) => g2Lines(...affine2(Q)),
  miller: (pairs) => bnMillerLoop(pairs.map(([x, y, q]) => [x, y, q instanceof Uint8Array ? q : affine2(q as G2Point)])),
  one: GT_ONE,
  mul: (a, b) => gtMul(a as Gt, b as Gt),
  isOneAfterFinalExponentiation: (f) => isOneAfterFinalExponentiation(f as Gt),
  validateG2(Q) {
    if (Q.is0()) return
    const { onCurve, inSubgroup } = g2IsValid(...affine2(Q))
    if (!onCurve) throw new Error('bad point: equation left != right')
    if (!inSubgroup) throw new Error('bad point: not in prime-order subgroup')
  },
}

function nobleEngine(c: typeof bls12_381): Engine {
  const { Fp12 } = c.fields
  type Lines = ReturnType<typeof c.utils.calcPairingPrecomputes>
  return {
    lines: (Q) => c.utils.calcPairingPrecomputes(Q),
    miller: (pairs) =>
      c.millerLoopBatch(pairs.map(([x, y, q]) => [(Array.isArray(q) ? q : c.utils.calcPairingPrecomputes(q as G2Point)) as Lines, x, y])),
    one: Fp12.ONE,
    mul: (a, b) => Fp12.mul(a as typeof Fp12.ONE, b as typeof Fp12.ONE),
    isOneAfterFinalExponentiation: (f) => Fp12.eql(Fp12.finalExponentiate(f as typeof Fp12.ONE), Fp12.ONE),
    validateG2: (Q) => Q.assertValidity(),
  }
}

const ENGINES = new Map<PairingCurve, Engine>([
  [BN254, bnEngine],
  [BLS12_381, nobleEngine(bls12_381)],
])
const engine = (curve: PairingCurve) => ENGINES.get(curve)!

/**
 * Checks that a G1 or G2 point is on its curve and in the prime-order subgroup; infinity passes.
 * @throws {RangeError} naming the point (`name`) otherwise
 */
export function assertValidPoint(curve: PairingCurve, P: G1Point | G2Point, name: string): void {
  try {
    if (typeof P.x === 'bigint') (P as G1Point).assertValidity()
    else engine(curve).validateG2(P as G2Point)
  } catch (error) {
    throw new RangeError(`"${name}" is not a valid point: ${(error as Error).message}`)
  }
}

/**
 * Computes the Miller-loop lines of a G2 point once, for reuse in many checks.
 * @param curve - BN254 or BLS12_381
 * @param Q - a valid G2 point other than infinity
 * @throws {RangeError} when `Q` is the point at infinity (it has no lines; pairs with it are skipped)
 * @example
 * const gamma = prepareG2(BN254, gammaPoint)
 * pairingCheck(BN254, [[vkX, gamma], [A.negate(), B]])
 */
export function prepareG2(curve: PairingCurve, Q: G2Point): PreparedG2 {
  if (Q.is0()) throw new RangeError('cannot prepare the G2 point at infinity')
  return { point: Q, lines: engine(curve).lines(Q) }
}

/**
 * The Miller-loop value ∏ f_{Qᵢ,Pᵢ} of some pairs, before the final exponentiation. A product of
 * pairings that is fixed (Groth16's e(α, β)) can be computed once this way and passed to
 * {@link pairingCheck} as `extra`.
 */
export function millerLoop(curve: PairingCurve, pairs: readonly (readonly [G1Point, G2Point | PreparedG2])[]): MillerValue {
  const e = engine(curve)
  const batch: [bigint, bigint, unknown][] = []
  for (const [P, Q] of pairs) {
    const prepared = 'lines' in Q ? Q : undefined
    if (P.is0() || (prepared ? prepared.point : (Q as G2Point)).is0()) continue
    const { x, y } = P.toAffine()
    batch.push([x, y, prepared ? prepared.lines : Q])
  }
  return (batch.length === 0 ? e.one : e.miller(batch)) as MillerValue
}

/**
 * Whether e(P₁, Q₁) · … · e(Pₖ, Qₖ) · extra^((p¹²−1)/r) = 1. Pairs with a point at infinity
 * are skipped; an empty product is 1 (true).
 * @param curve - BN254 or BLS12_381
 * @param pairs - validated points; G2 sides may be prepared
 * @param extra - an optional Miller-loop value to multiply in (see {@link millerLoop})
 * @example
 * pairingCheck(BN254, [[P, Q], [P.negate(), Q]]) // true
 */
export function pairingCheck(curve: PairingCurve, pairs: readonly (readonly [G1Point, G2Point | PreparedG2])[], extra?: MillerValue): boolean {
  const e = engine(curve)
  let f: unknown = millerLoop(curve, pairs)
  if (extra !== undefined) f = e.mul(f, extra)
  return e.isOneAfterFinalExponentiation(f)
}

/**
 * Σ sᵢ·Pᵢ over G1 (a multi-scalar multiplication) for valid points and scalars in [0, r).
 * On bn254 it runs in WebAssembly (interleaved 4-bit windows); on BLS12-381 in noble.
 * @example
 * g1Msm(BN254, [IC0, IC1], [1n, signal]) // vk_x
 */
export function g1Msm(curve: PairingCurve, points: readonly G1Point[], scalars: readonly bigint[]): G1Point {
  if (points.length !== scalars.length) throw new RangeError('g1Msm: as many scalars as points expected')
  const G1 = curve.G1
  if (curve !== BN254) return points.reduce((acc, P, i) => acc.add(P.multiplyUnsafe(scalars[i]!)), G1.ZERO)
  const terms = points.flatMap((P, i) => (P.is0() || scalars[i] === 0n ? [] : [[P.toAffine(), scalars[i]!] as const]))
  const sum = bnMsm(
    terms.map(([{ x, y }]) => [x, y] as const),
    terms.map(([, s]) => s),
  )
  return sum === undefined ? G1.ZERO : G1.fromAffine({ x: sum[0], y: sum[1] })
}
