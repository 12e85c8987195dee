/**
 * Per-signature secrets k for SM2 signing (GB/T 32918.2 §6.1 A3: k ∈ [1, n − 1]).
 * - {@link randomNonces}: uniform k from the platform CSPRNG (the default).
 * - {@link deterministicNonces}: RFC 6979 §3.2 HMAC-DRBG with HMAC-SM3, seeded with the
 *   private key d and the message digest e, so the same (d, Z‖M) always signs identically and
 *   signing needs no randomness. With qlen = hlen = 256, bits2int is the identity and each
 *   DRBG output is one candidate.
 * Both are infinite iterators: the signer takes the next k when SM2 rejects one (r = 0,
 * r + k = n or s = 0). Internal: not re-exported.
 * @module
 */
import { hmacSm3 } from './sm3.ts'
import { bytesToBigInt, concatBytes } from './_bytes.ts'
import { randomBytes } from './_random.ts'
import { scalarToBytes } from './sm2-keys.ts'
import { SM2_CURVE } from './sm2-curve.ts'

const { n } = SM2_CURVE
const inRange = (k: bigint): boolean => k >= 1n && k < n

/** Uniform k ∈ [1, n − 1] by rejection sampling of 32 random bytes (rejects ~2⁻³² of draws). */
export function* randomNonces(): Generator<bigint, never> {
  for (;;) {
    const k = bytesToBigInt(randomBytes(32))
    if (inRange(k)) yield k
  }
}

/**
 * RFC 6979 §3.2 candidates for private scalar d and digest e (as an integer < 2^256).
 * Steps b–h with HMAC-SM3; step h.3 (K = HMAC_K(V ‖ 0x00), V = HMAC_K(V)) runs between candidates.
 */
export function* deterministicNonces(d: bigint, e: bigint): Generator<bigint, never> {
  let V: Uint8Array = new Uint8Array(32).fill(1)
  let K: Uint8Array = new Uint8Array(32)
  const seed = concatBytes(scalarToBytes(d), scalarToBytes(e % n)) // int2octets(x) ‖ bits2octets(h1)
  K = hmacSm3(K, concatBytes(V, Uint8Array.of(0), seed))
  V = hmacSm3(K, V)
  K = hmacSm3(K, concatBytes(V, Uint8Array.of(1), seed))
  V = hmacSm3(K, V)
  for (;;) {
    V = hmacSm3(K, V)
    const k = bytesToBigInt(V)
    if (inRange(k)) yield k
    K = hmacSm3(K, concatBytes(V, Uint8Array.of(0)))
    V = hmacSm3(K, V)
  }
}
