/**
 * Cryptographically secure randomness from `crypto.getRandomValues` (Web Crypto), available in
 * browsers and in Node ≥ 19 as `globalThis.crypto`. No `node:` import so the module bundles for
 * the browser unchanged. Internal: not re-exported.
 * @module
 */

/** Web Crypto caps one `getRandomValues` call at 65,536 bytes; larger requests are filled in chunks. */
const MAX_CHUNK = 65_536

/**
 * Returns `length` bytes from the platform CSPRNG.
 * @throws {Error} when the runtime has no `crypto.getRandomValues` (we never fall back to `Math.random`)
 */
export function randomBytes(length: number): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: <T extends ArrayBufferView>(a: T) => T } }).crypto
  if (typeof c?.getRandomValues !== 'function') {
    throw new Error('crypto.getRandomValues is not available: a CSPRNG is required for SM2 keys and nonces')
  }
  const out = new Uint8Array(length)
  for (let i = 0; i < length; i += MAX_CHUNK) c.getRandomValues(out.subarray(i, Math.min(length, i + MAX_CHUNK)))
  return out
}
