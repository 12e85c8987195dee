/**
 * SM2 public-key encryption, GB/T 32918.4-2016 (GM/T 0003.4-2012): encryption §6.1,
 * decryption §7.1.
 *
 * Ciphertext layout (all raw bytes, no ASN.1):
 *
 *   C1 (65 bytes)   04 ‖ x₁ ‖ y₁     the ephemeral point k·G, uncompressed, WITH the 04 prefix
 *   C3 (32 bytes)   SM3(x₂ ‖ M ‖ y₂)  integrity check over the plaintext
 *   C2 (|M| bytes)  M ⊕ KDF(x₂ ‖ y₂, |M|)
 *
 *   mode 'C1C3C2' (default, the 2016 standard's order) = C1 ‖ C3 ‖ C2
 *   mode 'C1C2C3' (the 2010 draft order)               = C1 ‖ C2 ‖ C3
 *
 * so a ciphertext is exactly 97 + |M| bytes. Interop: sm-crypto / sm-crypto-v2 output hex
 * WITHOUT the 04 prefix (prepend '04' before decrypting here, strip it for them) and number the
 * modes cipherMode 1 = C1C3C2, 0 = C1C2C3. OpenSSL and GM/T 0009 certificates use an ASN.1
 * SEQUENCE { x INTEGER, y INTEGER, C3 OCTET STRING, C2 OCTET STRING } instead; not supported here.
 *
 * Empty plaintexts are rejected: with |M| = 0 the KDF output is empty, and the standard's
 * "t is all zero" check (§6.1 A5) can never pass.
 * @module
 */
import { aminBytes, aoneOf, aoptions } from './_assert.ts'
import { concatBytes, equalBytesCt } from './_bytes.ts'
import { kdf } from './_kdf.ts'
import { mulBase } from './_sm2-base.ts'
import { randomNonces } from './_sm2-nonce.ts'
import { AuthenticationError } from './errors.ts'
import { SM2_LENGTHS, type Sm2Point } from './sm2-curve.ts'
import { decodePublicKey, privateKeyToScalar, scalarToBytes } from './sm2-keys.ts'
import { keyEntry } from './sm2-verify-cache.ts'
import { sm3 } from './sm3.ts'

/** Ciphertext component orders; see the module documentation. */
export const SM2_CIPHER_MODES = ['C1C3C2', 'C1C2C3'] as const
/** `'C1C3C2'` (GB/T 32918.4-2016) or `'C1C2C3'` (2010 draft). */
export type Sm2CipherMode = (typeof SM2_CIPHER_MODES)[number]

/** Options of {@link encrypt} and {@link decrypt}. */
export interface Sm2EncryptOptions {
  /** Component order (default `'C1C3C2'`). */
  mode?: Sm2CipherMode
}

const C1_LEN = SM2_LENGTHS.uncompressed
const C3_LEN = 32
/** Shortest valid ciphertext: C1 + C3 + one byte of C2. */
export const SM2_MIN_CIPHERTEXT = C1_LEN + C3_LEN + 1

/** True when every byte is zero (§6.1 A5 / §7.1 B4). */
const allZero = (t: Uint8Array): boolean => t.every((b) => b === 0)

function readMode(options: Sm2EncryptOptions | undefined): Sm2CipherMode {
  const { mode } = aoptions(options, 'options', ['mode'])
  return mode === undefined ? 'C1C3C2' : aoneOf(mode, 'mode', SM2_CIPHER_MODES)
}

/** x₂ ‖ y₂ as 64 bytes. */
function sharedBytes(point: Sm2Point): Uint8Array {
  const { x, y } = point.toAffine()
  return concatBytes(scalarToBytes(x), scalarToBytes(y))
}

/** C3 = SM3(x₂ ‖ M ‖ y₂). */
const c3Of = (xy: Uint8Array, message: Uint8Array): Uint8Array =>
  sm3.create().update(xy.subarray(0, 32)).update(message).update(xy.subarray(32)).digest()

/**
 * Encrypts to an SM2 public key (GB/T 32918.4 §6.1) with a fresh random k.
 * @param publicKey - recipient's 65- or 33-byte public key
 * @param plaintext - 1 or more bytes
 * @param options - `mode`: `'C1C3C2'` (default) or `'C1C2C3'`
 * @returns ciphertext of 97 + plaintext.length bytes, C1 with its 04 prefix
 * @throws {TypeError} on a wrong argument type or an unknown option
 * @throws {RangeError} on an invalid public key, an empty plaintext, or an unknown mode
 * @throws {Error} when no CSPRNG is available
 * @example
 * const c = sm2.encrypt(pub, utf8('secret'))            // C1 ‖ C3 ‖ C2
 * sm2.decrypt(priv, c)                                  // utf8('secret')
 */
export function encrypt(publicKey: Uint8Array, plaintext: Uint8Array, options?: Sm2EncryptOptions): Uint8Array {
  const mode = readMode(options)
  const recipient = keyEntry(publicKey).entry.point // validated: on curve, not infinity (§6.1 A3)
  aminBytes(plaintext, 'plaintext', 1)
  for (const k of randomNonces()) {
    const c1 = mulBase(k).toBytes(false)
    const xy = sharedBytes(recipient.multiply(k))
    const t = kdf(xy, plaintext.length)
    if (allZero(t)) continue // §6.1 A5: pick another k
    const c2 = t.map((b, i) => b ^ plaintext[i]!)
    const c3 = c3Of(xy, plaintext)
    xy.fill(0)
    t.fill(0)
    return mode === 'C1C3C2' ? concatBytes(c1, c3, c2) : concatBytes(c1, c2, c3)
  }
  throw new Error('unreachable: nonce generator is infinite')
}

/**
 * Decrypts an SM2 ciphertext (GB/T 32918.4 §7.1). Plaintext is returned only after C3 checks.
 * @param privateKey - recipient's 32-byte private key
 * @param ciphertext - C1 ‖ C3 ‖ C2 (or C1 ‖ C2 ‖ C3 with `mode: 'C1C2C3'`), C1 = 04 ‖ x ‖ y
 * @param options - `mode` as used to encrypt
 * @returns the plaintext
 * @throws {TypeError} on a wrong argument type or an unknown option
 * @throws {RangeError} on a wrong key, a ciphertext shorter than 98 bytes, or a C1 that is not
 *   an uncompressed point on the curve
 * @throws {AuthenticationError} when C3 does not match: wrong key, wrong mode, or tampering
 * @example
 * sm2.decrypt(priv, ciphertext, { mode: 'C1C2C3' })
 */
export function decrypt(privateKey: Uint8Array, ciphertext: Uint8Array, options?: Sm2EncryptOptions): Uint8Array {
  const mode = readMode(options)
  const d = privateKeyToScalar(privateKey)
  aminBytes(ciphertext, 'ciphertext', SM2_MIN_CIPHERTEXT)
  const c1Bytes = ciphertext.subarray(0, C1_LEN)
  if (c1Bytes[0] !== 0x04) {
    throw new RangeError(`"ciphertext" C1 expected uncompressed point prefix 04, got 0x${c1Bytes[0]!.toString(16).padStart(2, '0')} (sm-crypto output needs '04' prepended)`)
  }
  const c1 = decodePublicKey(c1Bytes, 'ciphertext C1') // §7.1 B1–B2
  const rest = ciphertext.subarray(C1_LEN)
  const c2Len = rest.length - C3_LEN
  const c3 = mode === 'C1C3C2' ? rest.subarray(0, C3_LEN) : rest.subarray(c2Len)
  const c2 = mode === 'C1C3C2' ? rest.subarray(C3_LEN) : rest.subarray(0, c2Len)
  const xy = sharedBytes(c1.multiply(d)) // §7.1 B3
  const t = kdf(xy, c2Len)
  if (allZero(t)) throw new AuthenticationError('sm2 decrypt failed: KDF output is all zero (invalid ciphertext)')
  const message = c2.map((b, i) => b ^ t[i]!)
  const ok = equalBytesCt(c3Of(xy, message), c3)
  xy.fill(0)
  t.fill(0)
  if (!ok) {
    message.fill(0)
    throw new AuthenticationError('sm2 decrypt failed: C3 hash mismatch (wrong key, wrong mode, or tampered ciphertext)')
  }
  return message
}

