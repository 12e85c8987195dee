/**
 * Why a client may not read a field, one class per reason. A failed decryption itself is the
 * crypto library's `AuthenticationError` (re-exported from index.ts).
 * @module
 */

/** The reader holds no grant on the field. */
export class NotGrantedError extends Error {
  override name = 'NotGrantedError'
}

/** The reader's grant expired (block time, or the client's clock, reached `expiresAt`). */
export class GrantExpiredError extends Error {
  override name = 'GrantExpiredError'
}

/** The reader's grant opens another key version than the field's: the field was rotated since. */
export class StaleGrantError extends Error {
  override name = 'StaleGrantError'
}
