/**
 * Data keys and their wrapping. Each field has its own random 16-byte SM4 data key per key
 * version; a grant hands it to one grantee as an SM2 ciphertext (GB/T 32918.4, C1C3C2, C1 with
 * its 04 prefix) under the grantee's public key: 113 bytes that only that key opens. SM2's C3
 * hash authenticates the unwrap, so a wrong private key fails instead of yielding a wrong key.
 * @module
 */
import { abytes } from '../crypto/_assert.ts'
import { randomBytes } from '../crypto/_random.ts'
import { decrypt, encrypt } from '../crypto/sm2-encrypt.ts'
import { validatePublicKey } from '../crypto/sm2-keys.ts'
import { DATA_KEY_LENGTH, WRAPPED_KEY_LENGTH } from './layout.ts'

/**
 * A fresh data key from the platform CSPRNG (`crypto.getRandomValues`).
 * @returns 16 bytes
 * @throws {Error} when the runtime has no CSPRNG
 * @example
 * const key = generateDataKey()
 */
export function generateDataKey(): Uint8Array {
  return randomBytes(DATA_KEY_LENGTH)
}

/**
 * Wraps a data key to a grantee.
 * @param publicKey - the grantee's SM2 public key (65 or 33 bytes), checked to be on the curve
 * @param dataKey - 16 bytes
 * @returns the 113-byte wrapped key (SM2 C1C3C2)
 * @throws {TypeError} on a wrong argument type
 * @throws {RangeError} on an invalid public key or a data key that is not 16 bytes
 * @example
 * const wrapped = wrapDataKey(doctorPublicKey, key)
 */
export function wrapDataKey(publicKey: Uint8Array, dataKey: Uint8Array): Uint8Array {
  validatePublicKey(publicKey)
  abytes(dataKey, 'dataKey', DATA_KEY_LENGTH)
  return encrypt(publicKey, dataKey, { mode: 'C1C3C2' })
}

/**
 * Unwraps a data key with the grantee's private key.
 * @param privateKey - 32 bytes
 * @param wrappedKey - 113 bytes from {@link wrapDataKey}
 * @returns the 16-byte data key
 * @throws {TypeError} on a wrong argument type
 * @throws {RangeError} on a private key out of range, a wrapped key that is not 113 bytes or
 *   whose C1 is not a point on the curve
 * @throws {AuthenticationError} when it was wrapped to another key or was tampered with
 * @example
 * const key = unwrapDataKey(doctorPrivateKey, grant.wrappedKey)
 */
export function unwrapDataKey(privateKey: Uint8Array, wrappedKey: Uint8Array): Uint8Array {
  abytes(wrappedKey, 'wrappedKey', WRAPPED_KEY_LENGTH)
  return decrypt(privateKey, wrappedKey, { mode: 'C1C3C2' })
}
