/**
 * Field envelopes: one field value encrypted with SM4-GCM under its data key, bound to its slot.
 *
 *   envelope = 01 ‖ IV (12) ‖ commitment (32) ‖ SM4-GCM(K_enc, IV, plaintext, AAD) ‖ tag (16)
 *   K_enc      = HMAC-SM3(K, "inkstone/privacy/v1/encrypt")[0..16]
 *   commitment = HMAC-SM3(K, "inkstone/privacy/v1/commit" ‖ AAD)
 *
 * K is the field's 16-byte data key (data-key.ts), AAD the slot (slot.ts). GCM alone is not
 * key-committing: someone who picks two keys can build one ciphertext that opens under both, so a
 * dishonest owner could show a bank and a buyer different amounts from the same bytes on chain.
 * The commitment pins K and the slot (finding a second pair needs an SM3 collision), and keeping
 * K_enc apart from the commitment key keeps SM4 and HMAC keys separate.
 * @module
 */
import { abytes, aminBytes } from '../crypto/_assert.ts'
import { concatBytes, equalBytesCt, utf8ToBytes } from '../crypto/_bytes.ts'
import { randomBytes } from '../crypto/_random.ts'
import { AuthenticationError } from '../crypto/errors.ts'
import { hmacSm3 } from '../crypto/sm3.ts'
import { sm4 } from '../crypto/sm4.ts'
import { COMMITMENT_LENGTH, DATA_KEY_LENGTH, ENVELOPE_OVERHEAD, ENVELOPE_VERSION, IV_LENGTH, MAX_FIELD_BYTES } from './layout.ts'
import { fieldAad, type FieldSlot } from './slot.ts'

const ENCRYPT_LABEL = /* @__PURE__ */ utf8ToBytes('inkstone/privacy/v1/encrypt')
const COMMIT_LABEL = /* @__PURE__ */ utf8ToBytes('inkstone/privacy/v1/commit')
const BODY = 1 + IV_LENGTH + COMMITMENT_LENGTH

/**
 * Encrypts one field value for its slot under a fresh random IV.
 * @param dataKey - the field's 16-byte data key for `slot.keyVersion`
 * @param slot - contract, record, field and key version the value belongs to
 * @param plaintext - 0 to 65,536 bytes
 * @returns the envelope: 61 + plaintext.length bytes
 * @throws {TypeError} on a wrong argument type
 * @throws {RangeError} on a wrong key length, a plaintext over 65,536 bytes or an invalid slot
 * @example
 * const envelope = encryptField(key, { contract: 'medical', record: 'p7', field: 'allergies', keyVersion: 1 }, utf8('penicillin'))
 */
export function encryptField(dataKey: Uint8Array, slot: FieldSlot, plaintext: Uint8Array): Uint8Array {
  abytes(dataKey, 'dataKey', DATA_KEY_LENGTH)
  abytes(plaintext, 'plaintext')
  if (plaintext.length > MAX_FIELD_BYTES) throw new RangeError(`"plaintext" expected at most ${MAX_FIELD_BYTES} bytes, got length=${plaintext.length}`)
  const aad = fieldAad(slot)
  const iv = randomBytes(IV_LENGTH)
  const sealed = sm4.gcm.encrypt(encryptionKey(dataKey), iv, plaintext, aad)
  return concatBytes(new Uint8Array([ENVELOPE_VERSION]), iv, commitment(dataKey, aad), sealed)
}

/**
 * Opens an envelope written for `slot`. Plaintext comes back only when the commitment and the
 * GCM tag both check.
 * @returns the plaintext
 * @throws {TypeError} on a wrong argument type
 * @throws {RangeError} on a wrong key length, an invalid slot, an envelope shorter than 61 bytes
 *   or one of another envelope version
 * @throws {AuthenticationError} when the key, the slot (contract, record, field, key version)
 *   or any byte of the envelope is not what it was written with
 * @example
 * decryptField(key, slot, envelope) // the plaintext, or throws AuthenticationError
 */
export function decryptField(dataKey: Uint8Array, slot: FieldSlot, envelope: Uint8Array): Uint8Array {
  abytes(dataKey, 'dataKey', DATA_KEY_LENGTH)
  aminBytes(envelope, 'envelope', ENVELOPE_OVERHEAD)
  if (envelope[0] !== ENVELOPE_VERSION) throw new RangeError(`"envelope" has version ${envelope[0]}, this SDK reads version ${ENVELOPE_VERSION}`)
  const aad = fieldAad(slot)
  const failure = () =>
    new AuthenticationError(`field "${slot.field}" of record "${slot.record}" at key version ${slot.keyVersion} does not authenticate: wrong key, ciphertext of another slot, or tampered`)
  if (!equalBytesCt(commitment(dataKey, aad), envelope.subarray(1 + IV_LENGTH, BODY))) throw failure()
  try {
    return sm4.gcm.decrypt(encryptionKey(dataKey), envelope.subarray(1, 1 + IV_LENGTH), envelope.subarray(BODY), aad)
  } catch (error) {
    throw error instanceof AuthenticationError ? failure() : error
  }
}

function encryptionKey(dataKey: Uint8Array): Uint8Array {
  return hmacSm3(dataKey, ENCRYPT_LABEL).subarray(0, DATA_KEY_LENGTH)
}

function commitment(dataKey: Uint8Array, aad: Uint8Array): Uint8Array {
  return hmacSm3(dataKey, concatBytes(COMMIT_LABEL, aad))
}
