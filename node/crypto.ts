/**
 * The node's one door to China crypto: SM3 hashing and SM2 signatures (GB/T 32918.2 with SM3,
 * standard user ID `1234567812345678`), so switching the implementation is a one-file change.
 *
 * Backed by stdlib/crypto (pure TypeScript, runs in Node and browsers). Its `sm2.verify` keeps an
 * automatic per-key cache: decoded keys and Z_A, and for keys with many successful
 * verifications a precomputed window table (~5× faster verification on the WebAssembly kernel); `configureKeyTables`
 * tunes it. Verification here never throws: anything malformed is a failed verification.
 *
 * Keys: a private key is 32 bytes, written as 64 hex characters (keystores, tests); a public key
 * is the 65-byte uncompressed point `04 ‖ X ‖ Y`. Signatures are the 64 bytes `r ‖ s`, not DER.
 */
import { sm2, sm3 as sm3_ } from '../stdlib/crypto/index.ts'
import { fromHex, toHex } from './bytes.ts'

/** The default SM2 user ID of GB/T 32918 (GM/T 0009 §10), used for every chain signature. */
export const SM2_USER_ID = '1234567812345678'

/** SM3 digest (32 bytes). */
export function sm3(data: Uint8Array): Uint8Array {
  return sm3_(data)
}

// Reused: typed arrays over 64 bytes live outside V8's heap and cost ~2 µs each to make, and the
// trees below hash one pair per inner node.
const PAIR = new Uint8Array(65)

/** SM3(0x02 ‖ left ‖ right) of two 32-byte hashes: an inner node of the state tree and of a block's lists. */
export function sm3Pair(left: Uint8Array, right: Uint8Array): Uint8Array {
  PAIR[0] = 0x02
  PAIR.set(left, 1)
  PAIR.set(right, 33)
  return sm3(PAIR)
}

/** SM3 digest as lowercase hex. */
export function sm3Hex(data: Uint8Array): string {
  return toHex(sm3_(data))
}

/** A fresh random private key (hex, 64 characters). */
export function newPrivateKey(): string {
  return toHex(sm2.randomPrivateKey())
}

/** The uncompressed public key (65 bytes) of a private key given as 64 hex characters. */
export function publicKeyOf(privateKey: string): Uint8Array {
  const bytes = privateKeyBytes(privateKey)
  return sm2.getPublicKey(bytes)
}

/** Signs `message` (SM3 over Z ‖ message, standard user ID); returns `r ‖ s` (64 bytes). */
export function sign(message: Uint8Array, privateKey: string, publicKey?: Uint8Array): Uint8Array {
  const bytes = privateKeyBytes(privateKey)
  return sm2.sign(message, bytes, { userId: SM2_USER_ID, publicKey: publicKey ?? sm2.getPublicKey(bytes) })
}

/**
 * Verifies `signature` (`r ‖ s`) over `message` for `publicKey`. Never throws. `userId` exists
 * for the standard vectors only: chain signatures always use `SM2_USER_ID`.
 */
export function verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array, { userId = SM2_USER_ID } = {}): boolean {
  // Only the uncompressed form here; whether the point is on the curve is checked by
  // `sm2.verify`, once per key (its key cache), not again per call (~9 µs of ~65).
  if (signature.length !== 64 || publicKey.length !== 65 || publicKey[0] !== 4) return false
  try {
    return sm2.verify(signature, message, publicKey, { userId })
  } catch {
    return false // r or s out of range, a key off the curve: GB/T 32918.2 §7.1 B1–B2
  }
}

/**
 * Tunes the per-key verification cache of this thread: a key gets a table after `threshold`
 * successful verifications; at most `maxTables` tables (~0.5 MB each) are kept.
 */
export function configureKeyTables(options: { threshold?: number; maxTables?: number }): void {
  sm2.configureVerifyCache(options)
}

function privateKeyBytes(privateKey: string): Uint8Array {
  if (!/^[0-9a-fA-F]{64}$/.test(privateKey)) throw new TypeError('private key must be 64 hex characters')
  const bytes = fromHex(privateKey)
  if (!sm2.isValidPrivateKey(bytes)) throw new RangeError('private key out of range [1, n-2]')
  return bytes
}
