/**
 * BLS12-381 operations with the EVM precompile ABI of EIP-2537 (final, as activated in Prague):
 *
 *   op                       input                          output   subgroup check
 *   G1ADD        (0x0b)      2 × G1 = 256 bytes             G1       no (on-curve only)
 *   G1MSM        (0x0c)      k × (G1 ‖ scalar) = k·160      G1       yes
 *   G2ADD        (0x0d)      2 × G2 = 512 bytes             G2       no (on-curve only)
 *   G2MSM        (0x0e)      k × (G2 ‖ scalar) = k·288      G2       yes
 *   PAIRING_CHECK (0x0f)     k × (G1 ‖ G2) = k·384          32-byte 0…01 / 0…00   yes
 *   MAP_FP_TO_G1 (0x10)      Fp = 64 bytes                  G1
 *   MAP_FP2_TO_G2 (0x11)     Fp² = 128 bytes                G2
 *
 * Encoding (EIP-2537 "Fine points and encoding"): an Fp element is 64 bytes big-endian whose top
 * 16 bytes are zero and whose value is < p; Fp² is c0 ‖ c1 (real part first, unlike EIP-197);
 * G1 is x ‖ y (128 bytes), G2 is x ‖ y (256 bytes); infinity is all zeros; a scalar is 32 bytes
 * big-endian, any value (not reduced or checked against r). Lengths must be exact (MSM and
 * pairing: k ≥ 1). Every violation — wrong length, bad padding, element ≥ p, point off the
 * curve, point outside the subgroup where checked — makes the precompile fail: `RangeError` here.
 * The maps are RFC 9380 `map_to_curve` (simplified SWU + 11-/3-isogeny) followed by
 * `clear_cofactor`, i.e. the BLS12381G1/G2_XMD:SHA-256_SSWU_NU_ encoding without its hashing.
 * Arithmetic is noble-curves' `bls12_381`.
 * @module
 */
import { pippenger } from '@noble/curves/abstract/curve.js'
import { bls12_381 } from '@noble/curves/bls12-381.js'
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js'
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js'
import { abytes } from './_assert.ts'
import { BLS12_381, pairingCheck, type Fp2, type G1Point, type G2Point } from './pairing.ts'

const { G1, G2, Fp, Fp2: F2, Fr } = BLS12_381

/** Encoded sizes in bytes. */
export const EIP2537 = {
  fp: 64,
  fp2: 128,
  g1: 128,
  g2: 256,
  scalar: 32,
  g1MsmPair: 160,
  g2MsmPair: 288,
  pairingPair: 384,
} as const

function readFp(bytes: Uint8Array, offset: number, name: string): bigint {
  for (let i = 0; i < 16; i++) {
    if (bytes[offset + i] !== 0) throw new RangeError(`${name}: the top 16 bytes of a field element must be zero`)
  }
  const n = bytesToNumberBE(bytes.subarray(offset + 16, offset + 64))
  if (n >= Fp.ORDER) throw new RangeError(`${name} is not a field element (≥ p)`)
  return n
}

function readFp2(bytes: Uint8Array, offset: number, name: string): Fp2 {
  return F2.fromBigTuple([readFp(bytes, offset, `${name}.c0`), readFp(bytes, offset + 64, `${name}.c1`)])
}

function writeFp(out: Uint8Array, offset: number, n: bigint): void {
  out.set(numberToBytesBE(n, 48), offset + 16)
}

// noble's hasher `mapToCurve` returns the cleared projective point (createHasher), though its
// declared type is the affine `MapToCurve` of the un-cleared map.
const mapToG1 = bls12_381.G1.mapToCurve as unknown as (u: bigint) => G1Point
const mapToG2 = bls12_381.G2.mapToCurve as unknown as (u: [bigint, bigint]) => G2Point

const B1 = G1.CURVE().b
const B2 = G2.CURVE().b

/** Subgroup membership for MSM and pairing inputs; the ADDs take any point on the curve. */
function inSubgroup<P extends G1Point | G2Point>(P: P, subgroup: boolean, name: string): P {
  if (subgroup && !P.isTorsionFree()) throw new RangeError(`${name} is not in the prime-order subgroup`)
  return P
}

function readG1(bytes: Uint8Array, offset: number, subgroup: boolean, name: string): G1Point {
  const x = readFp(bytes, offset, `${name}.x`)
  const y = readFp(bytes, offset + 64, `${name}.y`)
  if (x === 0n && y === 0n) return G1.ZERO
  // y² = x³ + 4, checked here rather than by assertValidity(), which also demands the subgroup
  if (!Fp.eql(Fp.sqr(y), Fp.add(Fp.mul(Fp.sqr(x), x), B1))) throw new RangeError(`${name} is not on the curve`)
  return inSubgroup(G1.fromAffine({ x, y }), subgroup, name)
}

function readG2(bytes: Uint8Array, offset: number, subgroup: boolean, name: string): G2Point {
  const x = readFp2(bytes, offset, `${name}.x`)
  const y = readFp2(bytes, offset + 128, `${name}.y`)
  if (F2.is0(x) && F2.is0(y)) return G2.ZERO
  if (!F2.eql(F2.sqr(y), F2.add(F2.mul(F2.sqr(x), x), B2))) throw new RangeError(`${name} is not on the curve`)
  return inSubgroup(G2.fromAffine({ x, y }), subgroup, name)
}

function writeG1(P: G1Point): Uint8Array {
  const out = new Uint8Array(EIP2537.g1)
  if (P.is0()) return out
  const { x, y } = P.toAffine()
  writeFp(out, 0, x)
  writeFp(out, 64, y)
  return out
}

function writeG2(P: G2Point): Uint8Array {
  const out = new Uint8Array(EIP2537.g2)
  if (P.is0()) return out
  const { x, y } = P.toAffine()
  writeFp(out, 0, x.c0)
  writeFp(out, 64, x.c1)
  writeFp(out, 128, y.c0)
  writeFp(out, 192, y.c1)
  return out
}

function exact(input: Uint8Array, length: number): Uint8Array {
  abytes(input, 'input')
  if (input.length !== length) throw new RangeError(`"input" expected Uint8Array of length ${length}, got length=${input.length}`)
  return input
}

function multiple(input: Uint8Array, size: number): number {
  abytes(input, 'input')
  if (input.length === 0 || input.length % size !== 0) {
    throw new RangeError(`"input" expected a non-zero multiple of ${size} bytes, got length=${input.length}`)
  }
  return input.length / size
}

/** The scalar at `offset`, reduced mod r (the points it multiplies are in the order-r subgroup). */
const readScalar = (bytes: Uint8Array, offset: number) => bytesToNumberBE(bytes.subarray(offset, offset + 32)) % Fr.ORDER

/**
 * G1ADD: P + Q for points on the curve (not necessarily in the subgroup).
 * @param input - 256 bytes
 * @returns 128 bytes
 * @throws {RangeError} for a wrong length, bad encoding or a point off the curve
 */
export function bls12381G1Add(input: Uint8Array): Uint8Array {
  exact(input, 2 * EIP2537.g1)
  return writeG1(readG1(input, 0, false, 'first point').add(readG1(input, EIP2537.g1, false, 'second point')))
}

/**
 * G2ADD: P + Q for points on the twist (not necessarily in the subgroup).
 * @param input - 512 bytes
 * @returns 256 bytes
 * @throws {RangeError} for a wrong length, bad encoding or a point off the curve
 */
export function bls12381G2Add(input: Uint8Array): Uint8Array {
  exact(input, 2 * EIP2537.g2)
  return writeG2(readG2(input, 0, false, 'first point').add(readG2(input, EIP2537.g2, false, 'second point')))
}

/** Σ sᵢ·Pᵢ over k × (point ‖ 32-byte scalar); subgroup-checked points, so scalars act mod r. */
function msm<T>(
  input: Uint8Array,
  pointSize: number,
  read: (bytes: Uint8Array, offset: number, subgroup: boolean, name: string) => WeierstrassPoint<T>,
  Point: WeierstrassPointCons<T>,
): WeierstrassPoint<T> {
  const k = multiple(input, pointSize + EIP2537.scalar)
  const points: WeierstrassPoint<T>[] = []
  const scalars: bigint[] = []
  for (let i = 0; i < k; i++) {
    const at = i * (pointSize + EIP2537.scalar)
    points.push(read(input, at, true, `point ${i}`))
    scalars.push(readScalar(input, at + pointSize))
  }
  return k === 1 ? points[0]!.multiplyUnsafe(scalars[0]!) : pippenger(Point, points, scalars)
}

/**
 * G1MSM: Σ sᵢ·Pᵢ (k = 1 is a scalar multiplication).
 * @param input - k × (128-byte point ‖ 32-byte scalar), k ≥ 1
 * @returns 128 bytes
 * @throws {RangeError} for a wrong length, bad encoding, or a point off the curve or outside the subgroup
 */
export function bls12381G1Msm(input: Uint8Array): Uint8Array {
  return writeG1(msm(input, EIP2537.g1, readG1, G1))
}

/**
 * G2MSM: Σ sᵢ·Qᵢ.
 * @param input - k × (256-byte point ‖ 32-byte scalar), k ≥ 1
 * @returns 256 bytes
 * @throws {RangeError} for a wrong length, bad encoding, or a point off the curve or outside the subgroup
 */
export function bls12381G2Msm(input: Uint8Array): Uint8Array {
  return writeG2(msm(input, EIP2537.g2, readG2, G2))
}

/**
 * PAIRING_CHECK: 0…01 if e(P₁, Q₁) · … · e(Pₖ, Qₖ) = 1, else 0…00.
 * @param input - k × (128-byte G1 ‖ 256-byte G2), k ≥ 1
 * @returns 32 bytes
 * @throws {RangeError} for a wrong length, bad encoding, or a point off the curve or outside the subgroup
 */
export function bls12381Pairing(input: Uint8Array): Uint8Array {
  const k = multiple(input, EIP2537.pairingPair)
  const pairs: [G1Point, G2Point][] = []
  for (let i = 0; i < k; i++) {
    const at = i * EIP2537.pairingPair
    pairs.push([readG1(input, at, true, `pair ${i} G1`), readG2(input, at + EIP2537.g1, true, `pair ${i} G2`)])
  }
  const out = new Uint8Array(32)
  out[31] = pairingCheck(BLS12_381, pairs) ? 1 : 0
  return out
}

/**
 * MAP_FP_TO_G1: clear_cofactor(map_to_curve(u)) (RFC 9380 §6.6.3, §8.8.1).
 * @param input - one 64-byte field element u
 * @returns 128 bytes
 * @throws {RangeError} for a wrong length or bad encoding
 */
export function bls12381MapFpToG1(input: Uint8Array): Uint8Array {
  exact(input, EIP2537.fp)
  return writeG1(mapToG1(readFp(input, 0, 'u')))
}

/**
 * MAP_FP2_TO_G2: clear_cofactor(map_to_curve(u)) over Fp² (RFC 9380 §6.6.3, §8.8.2).
 * @param input - one 128-byte Fp² element u = c0 ‖ c1
 * @returns 256 bytes
 * @throws {RangeError} for a wrong length or bad encoding
 */
export function bls12381MapFp2ToG2(input: Uint8Array): Uint8Array {
  exact(input, EIP2537.fp2)
  const u = readFp2(input, 0, 'u')
  return writeG2(mapToG2([u.c0, u.c1]))
}
