/**
 * Blind indexes: equality search over encrypted fields.
 *
 *   index = HMAC-SM3(indexKey, 01 ‖ u16be(|contract|) ‖ contract ‖ u16be(|field|) ‖ field ‖ value)
 *
 * The contract stores the index beside the ciphertext and looks records up by it, so whoever
 * holds the index key finds the records whose field equals a value without decrypting anything.
 * What it leaks, to everyone reading the chain: which records share a value in that field (and
 * how often a value occurs), never the value. Whoever holds the index key can also test guesses,
 * so a low-entropy field (a blood type, a yes/no) is as good as public to them. The index is not
 * per record (that is what makes search work) but per contract and field, so equal values in two
 * fields or two contracts do not match. It is deterministic on purpose: never use it as the
 * encryption. Normalise values (case, spaces, number formats) before indexing: equality is bytewise.
 * @module
 */
import { abytes } from '../crypto/_assert.ts'
import { concatBytes } from '../crypto/_bytes.ts'
import { randomBytes } from '../crypto/_random.ts'
import { hmacSm3 } from '../crypto/sm3.ts'
import { framed } from './_encoding.ts'
import { checkName } from './slot.ts'

/** Index keys are 32 bytes (HMAC-SM3's block is 64, its output 32). */
export const INDEX_KEY_LENGTH = 32

/**
 * A fresh index key from the platform CSPRNG. Share it only with the clients allowed to search.
 * @throws {Error} when the runtime has no CSPRNG
 */
export function generateIndexKey(): Uint8Array {
  return randomBytes(INDEX_KEY_LENGTH)
}

/**
 * The blind index of `value` in `field` of `contract`.
 * @param indexKey - 32 bytes
 * @returns 32 bytes
 * @throws {TypeError} on a wrong argument type
 * @throws {RangeError} on a wrong key length, an empty contract or an invalid field name
 * @example
 * blindIndex(indexKey, { contract: 'invoices', field: 'invoiceNumber' }, utf8('INV-2024-0042'))
 */
export function blindIndex(indexKey: Uint8Array, where: { contract: string; field: string }, value: Uint8Array): Uint8Array {
  abytes(indexKey, 'indexKey', INDEX_KEY_LENGTH)
  abytes(value, 'value')
  checkName('field', where.field)
  return hmacSm3(indexKey, concatBytes(new Uint8Array([1]), framed(where.contract, 'contract'), framed(where.field, 'field'), value))
}
