/**
 * The node's one door to China crypto: SM3 hashing and SM2 signatures (GB/T 32918.2 with SM3,
 * standard user ID `1234567812345678`), so switching the implementation is a one-file change.
 *
 * Backed by sm-crypto-v2 until stdlib/crypto lands. Its pitfalls are handled here (DESIGN.md §3):
 * its default is `hash: false` (raw-message signing), so `{ hash: true, der: false, userId }` is
 * always passed; its verify throws on out-of-range r/s instead of returning false, so r and s are
 * range-checked first and every exception is a failed verification.
 *
 * Keys: a private key is 32 bytes (hex in keystores); a public key is the 65-byte uncompressed
 * point `04 ‖ X ‖ Y`. Signatures are the 64 bytes `r ‖ s` (big-endian), not DER.
 * No `node:` imports: runs in Node and in browsers.
 */
import { sm2, sm3 as sm3Hex_ } from 'sm-crypto-v2'
import { fromHex, toHex } from './bytes.ts'

/** The default SM2 user ID of GB/T 32918 (GM/T 0009 §10), used for every chain signature. */
export const SM2_USER_ID = '1234567812345678'
const SIGN_OPTIONS = { hash: true, der: false, userId: SM2_USER_ID } as const
/** The order n of the SM2 base point (GB/T 32918.5 §10). */
const N = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n

/** SM3 digest (32 bytes). */
export function sm3(data: Uint8Array): Uint8Array {
  return fromHex(sm3Hex_(data))
}

/** SM3 digest as lowercase hex. */
export function sm3Hex(data: Uint8Array): string {
  return sm3Hex_(data)
}

/** A fresh random private key (hex, 64 characters). */
export function newPrivateKey(): string {
  return sm2.generateKeyPairHex().privateKey
}

/** The uncompressed public key (65 bytes) of a private key given as 64 hex characters. */
export function publicKeyOf(privateKey: string): Uint8Array {
  if (!/^[0-9a-f]{64}$/i.test(privateKey)) throw new TypeError('private key must be 64 hex characters')
  const d = BigInt('0x' + privateKey)
  if (d < 1n || d >= N - 1n) throw new RangeError('private key out of range [1, n-2]')
  return fromHex(sm2.getPublicKeyFromPrivateKey(privateKey.toLowerCase()))
}

/** True when `publicKey` is a 65-byte uncompressed point on the SM2 curve. */
export function isPublicKey(publicKey: Uint8Array): boolean {
  if (publicKey.length !== 65 || publicKey[0] !== 4) return false
  try {
    return sm2.verifyPublicKey(toHex(publicKey))
  } catch {
    return false
  }
}

/** Signs `message` (SM3 over Z ‖ message, standard user ID); returns `r ‖ s` (64 bytes). */
export function sign(message: Uint8Array, privateKey: string, publicKey?: Uint8Array): Uint8Array {
  const pub = toHex(publicKey ?? publicKeyOf(privateKey))
  return fromHex(sm2.doSignature(message, privateKey.toLowerCase(), { ...SIGN_OPTIONS, publicKey: pub }))
}

type PreparedKey = ReturnType<typeof sm2.precomputePublicKey>

/**
 * Verifies `signature` (`r ‖ s`) over `message` for `publicKey`. Never throws: anything malformed
 * is a failed verification. `prepared` is a per-key table (see `KeyTables`); `userId` exists for
 * the standard vectors only: chain signatures always use `SM2_USER_ID`.
 */
export function verify(
  message: Uint8Array,
  signature: Uint8Array,
  publicKey: Uint8Array,
  { prepared, userId = SM2_USER_ID }: { prepared?: PreparedKey; userId?: string } = {},
): boolean {
  if (signature.length !== 64 || publicKey.length !== 65 || publicKey[0] !== 4) return false
  const sigHex = toHex(signature)
  const r = BigInt('0x' + sigHex.slice(0, 64))
  const s = BigInt('0x' + sigHex.slice(64))
  // GB/T 32918.2 §7.1 B1–B2: r, s ∈ [1, n−1].
  if (r < 1n || r >= N || s < 1n || s >= N) return false
  try {
    return sm2.doVerifySignature(message, sigHex, prepared ?? toHex(publicKey), { ...SIGN_OPTIONS, userId })
  } catch {
    return false
  }
}

/**
 * Per-key precomputed tables for busy senders: a table makes verification ~6× faster but costs
 * ~0.6 MB and ~55 ms to build (DESIGN.md §3), so a key gets one only after `buildAfter` uses,
 * and at most `maxKeys` tables are kept (least recently used dropped).
 */
export class KeyTables {
  readonly #uses = new Map<string, number>()
  readonly #tables = new Map<string, PreparedKey>()
  readonly #buildAfter: number
  readonly #maxKeys: number

  constructor({ buildAfter = 3, maxKeys = 64 }: { buildAfter?: number; maxKeys?: number } = {}) {
    this.#buildAfter = buildAfter
    this.#maxKeys = maxKeys
  }

  verify(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
    return verify(message, signature, publicKey, { prepared: this.#table(publicKey) })
  }

  #table(publicKey: Uint8Array): PreparedKey | undefined {
    const key = toHex(publicKey)
    const table = this.#tables.get(key)
    if (table) {
      this.#tables.delete(key)
      this.#tables.set(key, table)
      return table
    }
    const uses = (this.#uses.get(key) ?? 0) + 1
    this.#uses.delete(key)
    if (uses < this.#buildAfter) {
      this.#uses.set(key, uses)
      if (this.#uses.size > 16 * this.#maxKeys) this.#uses.delete(this.#uses.keys().next().value!)
      return undefined
    }
    if (!isPublicKey(publicKey)) return undefined
    const built = sm2.precomputePublicKey(key)
    this.#tables.set(key, built)
    if (this.#tables.size > this.#maxKeys) this.#tables.delete(this.#tables.keys().next().value!)
    return built
  }
}
