/**
 * Byte layouts, limits and the two rules (names, expiry) of field-level encryption, shared by the client SDK (which builds and
 * opens the bytes) and the contract library (which checks their outline and stores them).
 * No imports and no host APIs: this file is also bundled into contracts.
 *
 *   envelope (v1)   version 01 ‖ IV (12) ‖ commitment (32) ‖ SM4-GCM ciphertext (|M|) ‖ tag (16)
 *   wrapped key     SM2 C1C3C2 of the 16-byte data key: 04 ‖ x ‖ y (65) ‖ C3 (32) ‖ C2 (16)
 *   blind index     HMAC-SM3, 32 bytes
 *
 * docs/privacy.md has the AAD and the derivations.
 * @module
 */

/** The first byte of every envelope; a reader refuses any other. */
export const ENVELOPE_VERSION = 1
export const IV_LENGTH = 12
/** HMAC-SM3 key commitment (docs/privacy.md "Why a commitment"). */
export const COMMITMENT_LENGTH = 32
export const TAG_LENGTH = 16
/** version + IV + commitment + tag: an envelope of an empty plaintext. */
export const ENVELOPE_OVERHEAD = 1 + IV_LENGTH + COMMITMENT_LENGTH + TAG_LENGTH
/** Largest plaintext of one field: storage is the dearest gas (docs/vm.md), big blobs belong off chain. */
export const MAX_FIELD_BYTES = 65_536

/** An SM4 key. */
export const DATA_KEY_LENGTH = 16
/** SM2 ciphertext of a data key: C1 (65) + C3 (32) + C2 (16). */
export const WRAPPED_KEY_LENGTH = 65 + 32 + DATA_KEY_LENGTH
export const BLIND_INDEX_LENGTH = 32

/** Longest record id or field name (characters). */
export const MAX_NAME_LENGTH = 64
/** Most grants one field may hold, the owner's included: a rotation re-wraps all of them in one call. */
export const MAX_GRANTEES = 32
/** Most record ids one blind-index lookup returns. */
export const MAX_INDEX_MATCHES = 100

/**
 * Why `name` cannot be a record id or a field name, or undefined when it can: 1 to 64
 * characters without `/` (the contract library joins record, field and grantee with `/`).
 * The contract library reverts with this text; the SDK throws it as a RangeError.
 */
export function nameProblem(what: 'record' | 'field', name: string): string | undefined {
  if (typeof name !== 'string' || name.length === 0 || name.length > MAX_NAME_LENGTH) return `a ${what} name must be 1 to ${MAX_NAME_LENGTH} characters`
  if (name.includes('/')) return `${what} name "${name}" may not contain '/'`
  return undefined
}

/**
 * Whether a grant has expired at `now` (ms): from `expiresAt` on, the grant no longer counts.
 * The contract library judges by block time, the SDK by its clock.
 */
export function isExpired(grant: { expiresAt: number | null }, now: number): boolean {
  return grant.expiresAt !== null && grant.expiresAt <= now
}
