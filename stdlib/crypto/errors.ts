/**
 * Error classes for failures that are neither a wrong type (`TypeError`) nor a wrong length or
 * range (`RangeError`).
 * @module
 */

/**
 * Thrown when authenticated decryption fails: an SM4-GCM tag or an SM2 C3 hash does not match.
 * No plaintext is ever returned alongside it. Callers should treat it as "the ciphertext was
 * forged, corrupted, or is for another key/AAD" and not retry with variations.
 * @example
 * try { sm4.gcm.decrypt(key, iv, sealed) } catch (e) { if (e instanceof AuthenticationError) reject() }
 */
export class AuthenticationError extends Error {
  override name = 'AuthenticationError'
}
