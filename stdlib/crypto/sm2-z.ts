/**
 * The user hash Z_A of GB/T 32918.2-2016 §5.5 (GM/T 0003.2-2012):
 *
 *   Z_A = SM3(ENTL_A ‖ ID_A ‖ a ‖ b ‖ x_G ‖ y_G ‖ x_A ‖ y_A)
 *
 * where ENTL_A is the bit length of ID_A as two big-endian bytes and every curve value is 32
 * bytes big-endian. The signed digest is e = SM3(Z_A ‖ M), so a signature is bound to the
 * signer's identity ID_A as well as the key: the same (r, s) checked under another ID fails.
 *
 * Default ID: the 16 ASCII bytes "1234567812345678" (GM/T 0009-2012 §10), which every Chinese
 * SM2 library uses when none is given. OpenSSL 3 (and thus Node's `crypto`) uses an EMPTY ID
 * instead, so Node-made SM2 signatures verify here only with `userId: new Uint8Array(0)`.
 * @module
 */
import { abytes } from './_assert.ts'
import { utf8ToBytes } from './_bytes.ts'
import { decodePublicKey, scalarToBytes } from './sm2-keys.ts'
import { sm3, type Sm3 } from './sm3.ts'
import { SM2_CURVE } from './sm2-curve.ts'

/** The default distinguishing identifier, `'1234567812345678'` (GM/T 0009-2012). */
export const DEFAULT_USER_ID = '1234567812345678'

/** ENTL is 16 bits of *bit* length, so an ID is at most ⌊65535 / 8⌋ = 8191 bytes. */
export const MAX_USER_ID_BYTES = 8191

/**
 * Normalises a user ID option: a string is UTF-8 encoded, bytes are used as is, `undefined`
 * means {@link DEFAULT_USER_ID}. An empty ID is allowed (OpenSSL interop).
 * @throws {TypeError} when neither a string nor a Uint8Array
 * @throws {RangeError} when longer than 8191 bytes
 * @example
 * userIdToBytes('ALICE123@YAHOO.COM').length // 18
 */
export function userIdToBytes(userId: Uint8Array | string | undefined): Uint8Array {
  const bytes = userId === undefined ? DEFAULT_ID_BYTES : typeof userId === 'string' ? utf8ToBytes(userId) : abytes(userId, 'userId')
  if (bytes.length > MAX_USER_ID_BYTES) {
    throw new RangeError(`"userId" expected at most ${MAX_USER_ID_BYTES} bytes, got length=${bytes.length}`)
  }
  return bytes
}

const DEFAULT_ID_BYTES = /* @__PURE__ */ utf8ToBytes(DEFAULT_USER_ID)

/** ENTL ‖ ID ‖ a ‖ b ‖ x_G ‖ y_G absorbed into an SM3 state. */
function curvePrefix(id: Uint8Array): Sm3 {
  const bits = id.length * 8
  const h = sm3.create()
  h.update(Uint8Array.of(bits >>> 8, bits & 0xff)).update(id)
  for (const v of [SM2_CURVE.a, SM2_CURVE.b, SM2_CURVE.Gx, SM2_CURVE.Gy]) h.update(scalarToBytes(v))
  return h
}

/** SM3 state after the prefix for the default ID; cloned per key (saves 2 of 4 compressions). */
let defaultPrefix: Sm3 | undefined

/**
 * Z_A from the public key's coordinates x_A ‖ y_A (64 bytes) and an already-normalised ID
 * (internal fast path).
 * @returns 32 bytes
 */
export function zFromCoordinates(xy: Uint8Array, id: Uint8Array): Uint8Array {
  let h: Sm3
  if (id === DEFAULT_ID_BYTES) h = (defaultPrefix ??= curvePrefix(id)).clone()
  else h = curvePrefix(id)
  return h.update(xy).digest()
}

/**
 * Computes Z_A (GB/T 32918.2 §5.5) for a public key and user ID.
 * @param publicKey - 65-byte uncompressed or 33-byte compressed public key
 * @param userId - distinguishing ID, string (UTF-8) or bytes; default `'1234567812345678'`
 * @returns 32-byte Z_A
 * @throws {TypeError} on wrong argument types
 * @throws {RangeError} on an invalid public key or an ID over 8191 bytes
 * @example
 * const z = computeZ(pub) // then e = sm3(z ‖ message) is what SM2 signs
 */
export function computeZ(publicKey: Uint8Array, userId?: Uint8Array | string): Uint8Array {
  const id = userIdToBytes(userId)
  return zFromCoordinates(decodePublicKey(publicKey).toBytes(false).subarray(1), id)
}
