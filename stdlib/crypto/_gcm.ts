/**
 * Galois/Counter Mode over any 128-bit block cipher, NIST SP 800-38D §7, restricted to 96-bit
 * IVs (J₀ = IV ‖ 0³¹ ‖ 1, §7.1 step 2) and 128-bit tags. Used with SM4 as specified by
 * GB/T 36624-2018 / RFC 8998 (SM4-GCM); generic so the tests can check it against Node's
 * AES-GCM as well. Internal: `sm4.ts` holds the public API.
 * @module
 */
import { equalBytesCt } from './_bytes.ts'
import { AuthenticationError } from './errors.ts'
import { Ghash } from './_ghash.ts'

/** Encrypts the 16 bytes of `src` at `si` into `dst` at `di`. */
export type BlockEncrypt = (src: Uint8Array, si: number, dst: Uint8Array, di: number) => void

/** Tag length in bytes. */
export const GCM_TAG_LENGTH = 16

/** inc₃₂: increments the last 32 bits of a counter block, mod 2^32 (§6.2). */
function inc32(block: Uint8Array): void {
  for (let i = 15; i >= 12; i--) {
    block[i] = (block[i]! + 1) & 0xff
    if (block[i] !== 0) return
  }
}

/** GCTR (§6.5) starting at counter block `icb` (copied). */
function gctr(encrypt: BlockEncrypt, icb: Uint8Array, input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length)
  const cb = icb.slice()
  const ks = new Uint8Array(16)
  for (let o = 0; o < input.length; o += 16) {
    encrypt(cb, 0, ks, 0)
    const end = Math.min(16, input.length - o)
    for (let j = 0; j < end; j++) out[o + j] = input[o + j]! ^ ks[j]!
    inc32(cb)
  }
  return out
}

/** H, J₀, and the tag of (aad, ciphertext). */
function tagOf(encrypt: BlockEncrypt, j0: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const h = new Uint8Array(16)
  encrypt(h, 0, h, 0) // H = E_K(0^128)
  const s = new Ghash(h).updatePadded(aad).updatePadded(ciphertext).digest(aad.length, ciphertext.length)
  const ej0 = new Uint8Array(16)
  encrypt(j0, 0, ej0, 0)
  for (let i = 0; i < 16; i++) s[i] ^= ej0[i]!
  return s
}

function j0Of(iv: Uint8Array): Uint8Array {
  const j0 = new Uint8Array(16)
  j0.set(iv)
  j0[15] = 1
  return j0
}

/** GCM-AE (§7.1): returns ciphertext ‖ 16-byte tag. Arguments are already validated. */
export function gcmSeal(encrypt: BlockEncrypt, iv: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  const j0 = j0Of(iv)
  const icb = j0.slice()
  inc32(icb)
  const ciphertext = gctr(encrypt, icb, plaintext)
  const out = new Uint8Array(ciphertext.length + GCM_TAG_LENGTH)
  out.set(ciphertext)
  out.set(tagOf(encrypt, j0, aad, ciphertext), ciphertext.length)
  return out
}

/**
 * GCM-AD (§7.2): checks the tag in constant time BEFORE decrypting; never returns
 * unauthenticated plaintext. `sealed` is ciphertext ‖ tag with length ≥ 16 (validated by caller).
 * @throws {AuthenticationError} on a tag mismatch
 */
export function gcmOpen(encrypt: BlockEncrypt, iv: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Uint8Array {
  const ciphertext = sealed.subarray(0, sealed.length - GCM_TAG_LENGTH)
  const tag = sealed.subarray(sealed.length - GCM_TAG_LENGTH)
  const j0 = j0Of(iv)
  if (!equalBytesCt(tagOf(encrypt, j0, aad, ciphertext), tag)) {
    throw new AuthenticationError('gcm decrypt failed: tag mismatch (wrong key, IV or AAD, or tampered data)')
  }
  const icb = j0.slice()
  inc32(icb)
  return gctr(encrypt, icb, ciphertext)
}
