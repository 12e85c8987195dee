/**
 * Pedersen commitments on ristretto255 (RFC 9496): C = v·G + r·H, hiding (r uniform) and
 * binding (nobody knows log_G H), and additively homomorphic: C(v₁, r₁) + C(v₂, r₂) = C(v₁ + v₂, r₁ + r₂).
 *
 * Generators, as in FISCO BCOS WeDPR and the dalek `bulletproofs` crate (`PedersenGens`):
 *   G = the ristretto255 base point          (value base, WeDPR BASEPOINT_G1)
 *   H = from_uniform_bytes(SHA3-512(encode(G)))   (blinding base, WeDPR BASEPOINT_G2,
 *       RFC 9496 §4.3.4 element derivation; encodes to 8c9240b4…48871134)
 *
 * Encodings (dalek / RFC 9496): a point is its 32-byte canonical ristretto255 encoding; a scalar
 * is 32 bytes little-endian and must be canonical (< ℓ = 2²⁵² + 27742317777372353535851937790883648493).
 * Anything else throws `RangeError`.
 * @module
 */
import { ristretto255, ristretto255_hasher } from '@noble/curves/ed25519.js'
import { bytesToNumberLE, numberToBytesLE, randomBytes } from '@noble/curves/utils.js'
import { sha3_512 } from '@noble/hashes/sha3.js'
import { abytes } from './_assert.ts'

export const RistrettoPoint = ristretto255.Point
export type RistrettoPoint = InstanceType<typeof ristretto255.Point>

/** ℓ, the order of ristretto255 and the modulus of its scalars. */
export const SCALAR_ORDER: bigint = RistrettoPoint.Fn.ORDER

/** The value base G and the blinding base H. */
export const PEDERSEN_G: RistrettoPoint = RistrettoPoint.BASE
export const PEDERSEN_H: RistrettoPoint = ristretto255_hasher.deriveToCurve!(sha3_512(PEDERSEN_G.toBytes())).precompute(8)

/** x mod ℓ, in [0, ℓ). */
export const modL = (x: bigint): bigint => RistrettoPoint.Fn.create(x)

/**
 * A 32-byte ristretto255 encoding, decoded.
 * @throws {TypeError} when not a Uint8Array; {RangeError} when not 32 bytes or not a canonical encoding
 */
export function decodePoint(bytes: unknown, name: string): RistrettoPoint {
  abytes(bytes, name, 32)
  try {
    return RistrettoPoint.fromBytes(bytes as Uint8Array)
  } catch {
    throw new RangeError(`"${name}" is not a valid ristretto255 encoding`)
  }
}

/**
 * A 32-byte little-endian canonical scalar (< ℓ).
 * @throws {TypeError} when not a Uint8Array; {RangeError} when not 32 bytes or ≥ ℓ
 */
export function decodeScalar(bytes: unknown, name: string): bigint {
  abytes(bytes, name, 32)
  const n = bytesToNumberLE(bytes as Uint8Array)
  if (n >= SCALAR_ORDER) throw new RangeError(`"${name}" is not a canonical scalar (≥ ℓ)`)
  return n
}

/** A scalar in [0, ℓ) as 32 bytes little-endian. */
export function encodeScalar(s: bigint): Uint8Array {
  return numberToBytesLE(modL(s), 32)
}

/** A uniformly random scalar from the platform CSPRNG (64 random bytes reduced mod ℓ). */
export function randomScalar(): bigint {
  return modL(bytesToNumberLE(randomBytes(64)))
}

/**
 * The value of a commitment as a scalar: a bigint in [0, ℓ).
 * @throws {TypeError} when not a bigint; {RangeError} when outside [0, ℓ)
 */
export function valueScalar(value: unknown, name: string): bigint {
  if (typeof value !== 'bigint') throw new TypeError(`"${name}" expected bigint, got ${typeof value}`)
  if (value < 0n || value >= SCALAR_ORDER) throw new RangeError(`"${name}" must be in [0, ℓ)`)
  return value
}

/** v·G + r·H (variable time: for public or verification data). */
export function commitPoint(value: bigint, blinding: bigint): RistrettoPoint {
  return PEDERSEN_G.multiplyUnsafe(value).add(PEDERSEN_H.multiplyUnsafe(blinding))
}

/**
 * The Pedersen commitment C = v·G + r·H.
 * @param value - v, a bigint in [0, ℓ) (amounts are small non-negative integers)
 * @param blinding - r, 32 bytes little-endian < ℓ (use {@link randomScalar} and {@link encodeScalar})
 * @returns C, 32 bytes
 * @throws {TypeError}/{RangeError} for a value or blinding out of range
 * @example
 * const r = randomScalar()
 * const c = pedersenCommit(100n, encodeScalar(r))
 */
export function pedersenCommit(value: bigint, blinding: Uint8Array): Uint8Array {
  return commitPoint(valueScalar(value, 'value'), decodeScalar(blinding, 'blinding')).toBytes()
}

/**
 * C₁ + C₂: a commitment to v₁ + v₂ with blinding r₁ + r₂.
 * @throws {RangeError} for an invalid encoding
 */
export function commitmentAdd(c1: Uint8Array, c2: Uint8Array): Uint8Array {
  return decodePoint(c1, 'c1').add(decodePoint(c2, 'c2')).toBytes()
}

/**
 * C₁ − C₂: a commitment to v₁ − v₂ (mod ℓ) with blinding r₁ − r₂.
 * @throws {RangeError} for an invalid encoding
 */
export function commitmentSub(c1: Uint8Array, c2: Uint8Array): Uint8Array {
  return decodePoint(c1, 'c1').subtract(decodePoint(c2, 'c2')).toBytes()
}
