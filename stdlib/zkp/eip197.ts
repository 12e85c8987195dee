/**
 * bn254 pairing check with the EVM precompile ABI of EIP-197 (address 0x08):
 *
 *   input  = k × (G1 point ‖ G2 point), 192 bytes per pair, k ≥ 0
 *   output = 32-byte big-endian 1 if e(P₁, Q₁) · … · e(Pₖ, Qₖ) = 1, else 0 (empty input → 1)
 *
 * Encoding (EIP-197 "Encoding"): G1 as in EIP-196 (x ‖ y); a G2 point is four 32-byte
 * big-endian integers x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 — the IMAGINARY part first, the reverse of
 * snarkjs JSON and of noble's (c0, c1) — over Fp² = Fp[u]/(u² + 1); all zeros is infinity.
 * The precompile fails (here `RangeError`) when the length is not a multiple of 192, a
 * coordinate is ≥ p, a point is not on its curve, or a G2 point is not in the order-r subgroup.
 * A pair with a point at infinity contributes 1.
 * @module
 */
import { abytes } from './_assert.ts'
import { decodeG1Point, readFp } from './eip196.ts'
import { assertValidPoint, BN254, pairingCheck, type G1Point, type G2Point } from './pairing.ts'

const { G2, Fp2 } = BN254

/** Bytes per (G1, G2) pair. */
export const EIP197_PAIR_SIZE = 192

/**
 * The G2 point x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 at `offset` (EIP-197), in the subgroup.
 * @throws {RangeError} when a coordinate is ≥ p, or the point is off the twist or outside the subgroup
 */
export function decodeG2Point(bytes: Uint8Array, offset: number, name: string): G2Point {
  const [x1, x0, y1, y0] = [0, 1, 2, 3].map((i) => readFp(bytes, offset + 32 * i, `${name} coordinate ${i}`))
  const x = Fp2.fromBigTuple([x0!, x1!])
  const y = Fp2.fromBigTuple([y0!, y1!])
  if (Fp2.is0(x) && Fp2.is0(y)) return G2.ZERO
  const Q = G2.fromAffine({ x, y })
  assertValidPoint(BN254, Q, name)
  return Q
}

/**
 * The EIP-197 pairing check.
 * @param input - k × 192 bytes
 * @returns 32 bytes: 0…01 when the product of pairings is 1, 0…00 otherwise
 * @throws {TypeError} when `input` is not a Uint8Array; {RangeError} for a length that is not a
 *   multiple of 192 or an invalid point
 * @example
 * bn254Pairing(new Uint8Array()) // 0…01: the empty product
 */
export function bn254Pairing(input: Uint8Array): Uint8Array {
  abytes(input, 'input')
  if (input.length % EIP197_PAIR_SIZE !== 0) {
    throw new RangeError(`"input" expected a multiple of ${EIP197_PAIR_SIZE} bytes, got length=${input.length}`)
  }
  const pairs: [G1Point, G2Point][] = []
  for (let at = 0; at < input.length; at += EIP197_PAIR_SIZE) {
    const i = at / EIP197_PAIR_SIZE
    pairs.push([decodeG1Point(input, at, `pair ${i} G1`), decodeG2Point(input, at + 64, `pair ${i} G2`)])
  }
  const out = new Uint8Array(32)
  out[31] = pairingCheck(BN254, pairs) ? 1 : 0
  return out
}
