/**
 * Decoding of the snarkjs JSON formats (snarkjs 0.7: `verification_key.json`, `proof.json`,
 * `public.json`) into validated noble points and scalars.
 *
 * snarkjs writes every number as a decimal string and points in projective form:
 *   G1: `[x, y, z]`                       z = "1" (affine) or "0" (infinity, written `["0","1","0"]`)
 *   G2: `[[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]`   z = ["1","0"] or ["0","0"]
 * with Fp2 elements as (c0, c1) = c0 + c1·u. EVM calldata (EIP-197) puts c1 first instead.
 *
 * Stricter than snarkjs, which checks only that proof points are on the curve (DESIGN.md §4):
 * every coordinate must be < p, every point on the curve AND in the prime-order subgroup
 * (the G2 cofactor of both curves and the G1 cofactor of BLS12-381 are not 1), every scalar < r.
 * Anything else throws `RangeError` (or `TypeError` for a wrong JSON shape), never returns false.
 * @module
 */
import { aarray, aint } from './_assert.ts'
import { assertValidPoint, BLS12_381, BN254, type G1Point, type G2Point, type PairingCurve } from './pairing.ts'

/**
 * The curve named by a snarkjs `curve` field.
 * @throws {RangeError} for a name other than "bn128" or "bls12381"
 */
export function curveByName(name: unknown): PairingCurve {
  if (name === 'bn128') return BN254
  if (name === 'bls12381') return BLS12_381
  throw new RangeError(`"curve" expected 'bn128' or 'bls12381', got ${typeof name === 'string' ? `'${name.slice(0, 20)}'` : typeof name}`)
}

/**
 * A scalar (field element of Fr): a decimal string or bigint in [0, r).
 * @throws {TypeError} for another type; {RangeError} when ≥ r
 */
export function decodeScalar(curve: PairingCurve, value: unknown, name: string): bigint {
  return aint(value, name, curve.Fr.ORDER)
}

/** z = 1 → affine, z = 0 → infinity; anything else is not what snarkjs writes. */
function isInfinity(z: unknown, name: string): boolean {
  if (z === '1' || z === 1n) return false
  if (z === '0' || z === 0n) return true
  throw new RangeError(`"${name}" expected "1" (affine) or "0" (infinity)`)
}

/** The point, once it is known to be on its curve and in the subgroup. */
function validated<P extends G1Point | G2Point>(curve: PairingCurve, point: P, name: string): P {
  assertValidPoint(curve, point, name)
  return point
}

/**
 * A G1 point `[x, y, z]`: coordinates < p, on the curve, in the subgroup.
 * @throws {TypeError} for a wrong shape; {RangeError} for an invalid point
 * @example
 * decodeG1(BN254, proof.pi_a, 'proof.pi_a')
 */
export function decodeG1(curve: PairingCurve, value: unknown, name: string): G1Point {
  const [x, y, z] = aarray(value, name, 3)
  if (isInfinity(z, `${name}[2]`)) return curve.G1.ZERO
  const p = curve.Fp.ORDER
  const X = aint(x, `${name}[0]`, p)
  const Y = aint(y, `${name}[1]`, p)
  // (0, 0) is noble's (and Ethereum's) infinity encoding; with z = 1 it is an invalid point here.
  if (X === 0n && Y === 0n) throw new RangeError(`"${name}" is not a valid point: (0, 0) is not on the curve`)
  return validated(curve, curve.G1.fromAffine({ x: X, y: Y }), name)
}

function decodeFp2(curve: PairingCurve, value: unknown, name: string) {
  const [c0, c1] = aarray(value, name, 2)
  const p = curve.Fp.ORDER
  return curve.Fp2.fromBigTuple([aint(c0, `${name}[0]`, p), aint(c1, `${name}[1]`, p)])
}

/**
 * A G2 point `[[x.c0, x.c1], [y.c0, y.c1], [z.c0, z.c1]]`: on the twist, in the subgroup.
 * @throws {TypeError} for a wrong shape; {RangeError} for an invalid point
 */
export function decodeG2(curve: PairingCurve, value: unknown, name: string): G2Point {
  const [x, y, z] = aarray(value, name, 3)
  const [z0, z1] = aarray(z, `${name}[2]`, 2)
  if (z1 !== '0' && z1 !== 0n) throw new RangeError(`"${name}[2]" expected ["1","0"] (affine) or ["0","0"] (infinity)`)
  if (isInfinity(z0, `${name}[2][0]`)) return curve.G2.ZERO
  const X = decodeFp2(curve, x, `${name}[0]`)
  const Y = decodeFp2(curve, y, `${name}[1]`)
  if (curve.Fp2.is0(X) && curve.Fp2.is0(Y)) throw new RangeError(`"${name}" is not a valid point: (0, 0) is not on the curve`)
  return validated(curve, curve.G2.fromAffine({ x: X, y: Y }), name)
}

/**
 * Public signals (`public.json`): an array of exactly `count` scalars < r.
 * @throws {TypeError} when not an array; {RangeError} for a wrong count or a signal ≥ r
 */
export function decodePublicSignals(curve: PairingCurve, value: unknown, count: number): bigint[] {
  const signals = aarray(value, 'publicSignals')
  if (signals.length !== count) {
    throw new RangeError(`"publicSignals" expected ${count} signals (the key's nPublic), got ${signals.length}`)
  }
  return signals.map((s, i) => decodeScalar(curve, s, `publicSignals[${i}]`))
}
