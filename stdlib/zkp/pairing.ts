/**
 * The two pairing-friendly curves the verifiers run on, and one pairing-product check over them:
 *
 *   check([(P₁, Q₁), …, (Pₖ, Qₖ)])  ⟺  e(P₁, Q₁) · … · e(Pₖ, Qₖ) = 1 in G_T
 *
 * computed as one multi-Miller loop and one final exponentiation (noble-curves' optimal ate
 * pairing). A pair with either point at infinity contributes e = 1 and is skipped, as EIP-197
 * and EIP-2537 specify (noble's own `pairingBatch` throws on infinity instead, DESIGN.md §4).
 *
 * - `bn254` ("bn128" in snarkjs, alt_bn128 in Ethereum): EIP-196/197 curve, ~100-bit security.
 * - `bls12_381` ("bls12381" in snarkjs): EIP-2537 curve, ~128-bit security.
 *
 * The G2 side of a pair may be given prepared (`prepareG2`): its Miller-loop line coefficients,
 * computed once and reused, which saves ~1/3 of that pair's cost — verification keys are
 * prepared once and cached. Points are noble `WeierstrassPoint`s and must already be validated
 * (on the curve, in the prime-order subgroup); see `decodeG1`/`decodeG2` in `snarkjs-json.ts`.
 * @module
 */
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js'
import type { IField } from '@noble/curves/abstract/modular.js'
import type { Fp12, Fp12Bls, Fp2, Fp2Bls } from '@noble/curves/abstract/tower.js'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { bn254 } from '@noble/curves/bn254.js'

export type G1Point = WeierstrassPoint<bigint>
export type G2Point = WeierstrassPoint<Fp2>
export type { Fp12, Fp2 }

/** Miller-loop line coefficients of one G2 point (noble's precompute table). */
export interface PreparedG2 {
  readonly point: G2Point
  readonly lines: ReturnType<typeof bn254.utils.calcPairingPrecomputes>
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
  readonly Fp12: Fp12Bls
  /** Scalar field: the order r of G1, G2 and G_T. */
  readonly Fr: IField<bigint>
}

const fromNoble = (name: PairingCurve['name'], c: typeof bn254): PairingCurve => ({
  name,
  G1: c.G1.Point,
  G2: c.G2.Point,
  Fp: c.fields.Fp,
  Fp2: c.fields.Fp2,
  Fp12: c.fields.Fp12,
  Fr: c.fields.Fr,
})

/** bn254 / alt_bn128 (snarkjs "bn128"). */
export const BN254: PairingCurve = fromNoble('bn128', bn254)
/** BLS12-381 (snarkjs "bls12381"). */
export const BLS12_381: PairingCurve = fromNoble('bls12381', bls12_381)

const NOBLE = new Map<PairingCurve, typeof bn254>([
  [BN254, bn254],
  [BLS12_381, bls12_381],
])

/**
 * Computes the Miller-loop lines of a G2 point once, for reuse in many checks.
 * @param curve - BN254 or BLS12_381
 * @param Q - a valid G2 point other than infinity
 * @returns the prepared point
 * @throws {RangeError} when `Q` is the point at infinity (it has no lines; pairs with it are skipped)
 * @example
 * const gamma = prepareG2(BN254, gammaPoint)
 * pairingCheck(BN254, [[vkX, gamma], [A.negate(), B]])
 */
export function prepareG2(curve: PairingCurve, Q: G2Point): PreparedG2 {
  if (Q.is0()) throw new RangeError('cannot prepare the G2 point at infinity')
  return { point: Q, lines: NOBLE.get(curve)!.utils.calcPairingPrecomputes(Q) }
}

/**
 * The Miller-loop value ∏ f_{Qᵢ,Pᵢ} of some pairs, before the final exponentiation. A product of
 * pairings that is fixed (Groth16's e(α, β)) can be computed once this way and passed to
 * {@link pairingCheck} as `extra`.
 */
export function millerLoop(curve: PairingCurve, pairs: readonly (readonly [G1Point, G2Point | PreparedG2])[]): Fp12 {
  const noble = NOBLE.get(curve)!
  const batch: Parameters<typeof noble.millerLoopBatch>[0] = []
  for (const [P, Q] of pairs) {
    const prepared = 'lines' in Q ? Q : undefined
    if (P.is0() || (prepared ? prepared.point : (Q as G2Point)).is0()) continue
    const { x, y } = P.toAffine()
    batch.push([prepared ? prepared.lines : noble.utils.calcPairingPrecomputes(Q as G2Point), x, y])
  }
  return batch.length === 0 ? curve.Fp12.ONE : noble.millerLoopBatch(batch)
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
export function pairingCheck(
  curve: PairingCurve,
  pairs: readonly (readonly [G1Point, G2Point | PreparedG2])[],
  extra?: Fp12,
): boolean {
  const { Fp12 } = curve
  let f = millerLoop(curve, pairs)
  if (extra !== undefined) f = Fp12.mul(f, extra)
  return Fp12.eql(Fp12.finalExponentiate(f), Fp12.ONE)
}
