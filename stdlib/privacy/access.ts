/**
 * The reader's and the writer's side of a grant: open a stored field with one's own grant, seal a
 * value for a list of recipients. Pure functions over what the contract stores (types.ts).
 * @module
 */
import { decryptField, encryptField } from './envelope.ts'
import { generateDataKey, unwrapDataKey, wrapDataKey } from './data-key.ts'
import { GrantExpiredError, NotGrantedError, StaleGrantError } from './errors.ts'
import { isExpired } from './layout.ts'
import type { FieldRef, FieldSlot } from './slot.ts'
import type { RewrappedKey, StoredField, StoredGrant } from './types.ts'

/**
 * The data key a grant gives, once it is checked to be in force for the field as it is now.
 * @param now - the time to judge expiry by (ms since the epoch; the chain's block time if known)
 * @throws {NotGrantedError} when `grant` is null
 * @throws {GrantExpiredError} when it has expired at `now`
 * @throws {StaleGrantError} when it is for another key version than the field's
 * @throws {AuthenticationError} when the wrapped key is not for `privateKey`
 * @throws {RangeError} on a malformed private or wrapped key
 */
export function grantedKey(privateKey: Uint8Array, ref: FieldRef, field: Pick<StoredField, 'keyVersion'>, grant: StoredGrant | null, now: number): Uint8Array {
  const what = `field "${ref.field}" of record "${ref.record}"`
  if (grant === null) throw new NotGrantedError(`no grant on ${what}`)
  if (isExpired(grant, now)) throw new GrantExpiredError(`the grant on ${what} expired at ${grant.expiresAt}`)
  if (grant.keyVersion !== field.keyVersion) {
    throw new StaleGrantError(`the grant on ${what} opens key version ${grant.keyVersion}, the field is at ${field.keyVersion}: it was rotated since`)
  }
  return unwrapDataKey(privateKey, grant.wrappedKey)
}

/**
 * Reads a stored field with the reader's own grant.
 * @returns the plaintext
 * @throws what {@link grantedKey} and `decryptField` throw
 * @example
 * const allergies = openField(doctorKey, ref, await api.field('p7', 'allergies'), await api.grantOf('p7', 'allergies', 'doctor'), Date.now())
 */
export function openField(privateKey: Uint8Array, ref: FieldRef, field: StoredField, grant: StoredGrant | null, now: number): Uint8Array {
  const key = grantedKey(privateKey, ref, field, grant, now)
  return decryptField(key, { ...ref, keyVersion: field.keyVersion }, field.ciphertext)
}

/** A recipient of a field's data key. */
export interface Recipient {
  account: string
  publicKey: Uint8Array
}

/**
 * Encrypts a value for a slot and wraps its data key to each recipient: what a new field, a
 * rotation (a fresh key, version + 1) or a grant list needs in one go.
 * @param dataKey - the key to use (default: a fresh one)
 * @returns the data key, the envelope and one wrapped key per recipient, in order
 * @throws what `encryptField` and `wrapDataKey` throw
 * @example
 * const { ciphertext, keys } = sealField({ ...ref, keyVersion: 2 }, plaintext, [owner, doctor])
 */
export function sealField(slot: FieldSlot, plaintext: Uint8Array, recipients: readonly Recipient[], dataKey = generateDataKey()): { dataKey: Uint8Array; ciphertext: Uint8Array; keys: RewrappedKey[] } {
  const ciphertext = encryptField(dataKey, slot, plaintext)
  return { dataKey, ciphertext, keys: recipients.map(({ account, publicKey }) => ({ grantee: account, wrappedKey: wrapDataKey(publicKey, dataKey) })) }
}
