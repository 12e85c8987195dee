/**
 * SM2 key pairs, GB/T 32918.1-2016 §6 (key generation) and §6.2 (public key validation), with
 * SEC1-style point encodings (GB/T 32918.1 §4.2.9): uncompressed 04 ‖ x ‖ y (65 bytes) and
 * compressed 02|03 ‖ x (33 bytes). Hybrid encodings (06/07) and the point at infinity are
 * rejected.
 * @module
 */
import { abytes, aboolOpt } from './_assert.ts'
import { bigIntToBytes, bytesToBigInt } from './_bytes.ts'
import { randomBytes } from './_random.ts'
import { mulBase } from './_sm2-base.ts'
import { Sm2Point, SM2_CURVE, SM2_LENGTHS, type Sm2Point as Sm2PointType } from './sm2-curve.ts'

const { n, p } = SM2_CURVE

/**
 * Parses and range-checks a private key: 32 bytes, big-endian d with 1 ≤ d ≤ n − 2
 * (GB/T 32918.1 §6.1: n − 1 is excluded because signing needs (1 + d)⁻¹ mod n).
 * @throws {TypeError} when not a Uint8Array
 * @throws {RangeError} on wrong length or d out of range
 * @example
 * const d = privateKeyToScalar(priv) // bigint in [1, n-2]
 */
export function privateKeyToScalar(privateKey: Uint8Array, name = 'privateKey'): bigint {
  abytes(privateKey, name, SM2_LENGTHS.scalar)
  const d = bytesToBigInt(privateKey)
  if (d < 1n || d > n - 2n) throw new RangeError(`"${name}" expected an integer in [1, n-2], got a value out of range`)
  return d
}

/**
 * Generates a private key with the platform CSPRNG (`crypto.getRandomValues`), by rejection
 * sampling so d is uniform in [1, n − 2].
 * @returns 32-byte private key
 * @throws {Error} when no CSPRNG is available
 * @example
 * const priv = randomPrivateKey()
 * const pub = getPublicKey(priv)
 */
export function randomPrivateKey(): Uint8Array {
  for (;;) {
    const candidate = randomBytes(SM2_LENGTHS.scalar)
    const d = bytesToBigInt(candidate)
    if (d >= 1n && d <= n - 2n) return candidate
  }
}

/**
 * True when `privateKey` is 32 bytes encoding d in [1, n − 2]; never throws.
 * @example
 * isValidPrivateKey(new Uint8Array(32)) // false (d = 0)
 */
export function isValidPrivateKey(privateKey: unknown): boolean {
  return succeeds(() => privateKeyToScalar(privateKey as Uint8Array))
}

/** True when `fn` returns, false when it throws: the boolean form of a validating function. */
function succeeds(fn: () => unknown): boolean {
  try {
    fn()
    return true
  } catch {
    return false
  }
}

/**
 * Derives the public key P = d·G (constant-time, blinded scalar multiplication).
 * @param privateKey - 32-byte private key
 * @param compressed - return the 33-byte compressed form instead of 65-byte 04 ‖ x ‖ y (default false)
 * @returns encoded public key
 * @throws {TypeError} on a wrong argument type
 * @throws {RangeError} when the private key has the wrong length or is out of range
 * @example
 * bytesToHex(getPublicKey(priv)) // '04…' (130 hex characters)
 */
export function getPublicKey(privateKey: Uint8Array, compressed = false): Uint8Array {
  const d = privateKeyToScalar(privateKey)
  return mulBase(d).toBytes(aboolOpt(compressed, 'compressed', false))
}

/**
 * Decodes and validates an encoded public key (GB/T 32918.1 §6.2): 65 bytes 04 ‖ x ‖ y or
 * 33 bytes 02|03 ‖ x, coordinates in [0, p), on the curve, not infinity. With cofactor 1 that
 * also puts it in the order-n subgroup.
 * @returns the point
 * @throws {TypeError} when not a Uint8Array
 * @throws {RangeError} on a wrong length or prefix, a coordinate ≥ p, or a point not on the curve
 * @example
 * const { x, y } = decodePublicKey(pub).toAffine()
 */
export function decodePublicKey(publicKey: Uint8Array, name = 'publicKey'): Sm2PointType {
  abytes(publicKey, name, SM2_LENGTHS.uncompressed, SM2_LENGTHS.compressed)
  const prefix = publicKey[0]!
  const expected = publicKey.length === SM2_LENGTHS.uncompressed ? [0x04] : [0x02, 0x03]
  if (!expected.includes(prefix)) {
    throw new RangeError(
      `"${name}" of length ${publicKey.length} expected prefix ${expected.map((b) => '0' + b).join(' or ')}, got 0x${prefix.toString(16).padStart(2, '0')}`,
    )
  }
  if (bytesToBigInt(publicKey.subarray(1, 33)) >= p) throw new RangeError(`"${name}" x coordinate is not below the field prime p`)
  if (publicKey.length === SM2_LENGTHS.uncompressed && bytesToBigInt(publicKey.subarray(33)) >= p) {
    throw new RangeError(`"${name}" y coordinate is not below the field prime p`)
  }
  try {
    return Sm2Point.fromBytes(publicKey)
  } catch {
    throw new RangeError(`"${name}" is not a point on the SM2 curve`)
  }
}

/**
 * Checks a public key and throws a descriptive error if it is invalid (see {@link decodePublicKey}).
 * @throws {TypeError} when not a Uint8Array
 * @throws {RangeError} when malformed or not on the curve
 * @example
 * validatePublicKey(pub) // returns nothing, or throws RangeError: "publicKey" is not a point on the SM2 curve
 */
export function validatePublicKey(publicKey: Uint8Array): void {
  decodePublicKey(publicKey)
}

/**
 * True when `publicKey` is a valid encoded SM2 public key; never throws.
 * @example
 * isValidPublicKey(getPublicKey(priv)) // true
 */
export function isValidPublicKey(publicKey: unknown): boolean {
  return succeeds(() => decodePublicKey(publicKey as Uint8Array))
}

/**
 * Converts a public key to the 33-byte compressed form.
 * @throws {TypeError | RangeError} as {@link validatePublicKey}
 * @example
 * compressPublicKey(pub65).length // 33
 */
export function compressPublicKey(publicKey: Uint8Array): Uint8Array {
  return decodePublicKey(publicKey).toBytes(true)
}

/**
 * Converts a public key to the 65-byte uncompressed form 04 ‖ x ‖ y (recovering y from x for a
 * compressed key).
 * @throws {TypeError | RangeError} as {@link validatePublicKey}
 * @example
 * decompressPublicKey(pub33).length // 65
 */
export function decompressPublicKey(publicKey: Uint8Array): Uint8Array {
  return decodePublicKey(publicKey).toBytes(false)
}

/** 32-byte big-endian encoding of a scalar or field element. */
export const scalarToBytes = (value: bigint): Uint8Array => bigIntToBytes(value, SM2_LENGTHS.scalar)
