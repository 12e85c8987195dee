/**
 * SM2 digital signatures, GB/T 32918.2-2016 (GM/T 0003.2-2012): signing §6.1, verification §7.1.
 *
 *   e = SM3(Z_A ‖ M)                         Z_A: see sm2-z.ts (user ID, default '1234567812345678')
 *   sign:   (x₁, y₁) = k·G,  r = (e + x₁) mod n,  s = (1 + d)⁻¹·(k − r·d) mod n
 *   verify: t = (r + s) mod n,  (x₁, y₁) = s·G + t·P_A,  accept iff (e + x₁) mod n = r
 *
 * This is not ECDSA (different equations, and the message is hashed together with Z_A), hence
 * its own module over the curve constants of `sm2-curve.ts`.
 *
 * Signature layouts: raw 64 bytes r ‖ s (default; what sm-crypto calls non-DER hex), or DER
 * `SEQUENCE { INTEGER r, INTEGER s }` with `{ der: true }` (OpenSSL, GM/T 0009, certificates).
 * Messages are bytes: SM3(Z_A ‖ M) is always computed here (sm-crypto's `hash: true`).
 *
 * Side channels: signing uses noble's constant-time, blinded scalar multiplication for k·G;
 * verification (public data only) uses faster variable-time kernels — WebAssembly
 * (`_sm2-wasm.ts`, built from `wasm/sm2-verify.c`) with TypeScript (`_sm2-jacobian.ts`) as the
 * fallback, see `_sm2-verify-kernel.ts` — and the per-key tables of `sm2-verify-cache.ts`. BigInt arithmetic itself is not
 * constant-time in JavaScript engines; keep high-value keys in an HSM.
 * @module
 */
import { invert } from '@noble/curves/abstract/modular.js'
import { abytes, aboolOpt, aoptions } from './_assert.ts'
import { bytesToBigInt, concatBytes } from './_bytes.ts'
import { deterministicNonces, randomNonces } from './_sm2-nonce.ts'
import { mulBase } from './_sm2-base.ts'
import { verifyWithKernel } from './_sm2-verify-kernel.ts'
import { whenFastVerifyReady } from './_sm2-wasm.ts'
import { SM2_CURVE } from './sm2-curve.ts'
import { derToSignature, parseRawSignature, signatureToDer } from './sm2-der.ts'
import { decrypt, encrypt } from './sm2-encrypt.ts'
import {
  clearVerifyCache,
  configureVerifyCache,
  keyEntry,
  noteSuccess,
  precomputedEntry,
  precomputePublicKey,
  verifyCacheStats,
  type KeyEntry,
  type PrecomputedPublicKey,
} from './sm2-verify-cache.ts'
import {
  compressPublicKey,
  decompressPublicKey,
  getPublicKey,
  isValidPrivateKey,
  isValidPublicKey,
  privateKeyToScalar,
  randomPrivateKey,
  scalarToBytes,
  validatePublicKey,
} from './sm2-keys.ts'
import { computeZ, DEFAULT_USER_ID, userIdToBytes, zFromCoordinates } from './sm2-z.ts'
import { sm3 } from './sm3.ts'

const { n } = SM2_CURVE

/** Options of {@link sign}. */
export interface SignOptions {
  /** Signer's distinguishing ID, UTF-8 string or bytes (default `'1234567812345678'`). */
  userId?: Uint8Array | string
  /** Return DER instead of raw r ‖ s (default false). */
  der?: boolean
  /**
   * The signer's public key (65 or 33 bytes), needed for Z_A. When omitted it is derived from
   * the private key, which doubles the cost of signing. It is trusted: a key that does not
   * belong to the private key yields signatures that do not verify.
   */
  publicKey?: Uint8Array
  /** Derive k from (private key, digest) per RFC 6979 with HMAC-SM3 instead of the CSPRNG (default false). */
  deterministic?: boolean
}

/** Options of {@link verify}. */
export interface VerifyOptions {
  /** Signer's distinguishing ID (default `'1234567812345678'`); must equal the one used to sign. */
  userId?: Uint8Array | string
  /** The signature is DER instead of raw r ‖ s (default false). */
  der?: boolean
}

const isDefaultId = (userId: Uint8Array | string | undefined): boolean => userId === undefined || userId === DEFAULT_USER_ID

/** Z_A for a decoded key, reusing the cached value for the default ID. */
function zOf(entry: KeyEntry, userId: Uint8Array | string | undefined): Uint8Array {
  if (isDefaultId(userId)) return (entry.zDefault ??= zFromCoordinates(entry.xy, userIdToBytes(undefined)))
  return zFromCoordinates(entry.xy, userIdToBytes(userId))
}

/**
 * e = SM3(Z_A ‖ M) (GB/T 32918.2 §6.1 A1–A2, §7.1 B3–B4). One-shot over a copy: ~2.6 µs for a
 * 300-byte message against ~5.5 through the incremental hash (one kernel call, not one a block).
 */
const digestOf = (z: Uint8Array, message: Uint8Array): Uint8Array => sm3(concatBytes(z, message))

/**
 * Signs a message (GB/T 32918.2 §6.1).
 * @param message - message bytes M (hashed with Z_A here; do not pre-hash)
 * @param privateKey - 32-byte private key, d ∈ [1, n − 2]
 * @param options - `userId`, `der`, `publicKey`, `deterministic` (see {@link SignOptions})
 * @returns 64-byte r ‖ s, or DER when `der: true`
 * @throws {TypeError} on a wrong argument type or an unknown option
 * @throws {RangeError} on a wrong key length, a key out of range, an invalid `publicKey`, or an ID over 8191 bytes
 * @throws {Error} when no CSPRNG is available (random nonces only)
 * @example
 * const sig = sm2.sign(utf8('hello'), priv, { publicKey: pub })
 * sm2.verify(sig, utf8('hello'), pub) // true
 */
export function sign(message: Uint8Array, privateKey: Uint8Array, options?: SignOptions): Uint8Array {
  abytes(message, 'message')
  const o = aoptions(options, 'options', ['userId', 'der', 'publicKey', 'deterministic'])
  const d = privateKeyToScalar(privateKey)
  const der = aboolOpt(o.der, 'der', false)
  const deterministic = aboolOpt(o.deterministic, 'deterministic', false)
  userIdToBytes(o.userId) // validate before the expensive work
  let z: Uint8Array
  if (o.publicKey !== undefined) z = zOf(keyEntry(o.publicKey).entry, o.userId)
  else z = zFromCoordinates(mulBase(d).toBytes(false).subarray(1), userIdToBytes(o.userId))
  const e = bytesToBigInt(digestOf(z, message))
  const dPlus1Inv = invert(d + 1n, n)
  for (const k of deterministic ? deterministicNonces(d, e) : randomNonces()) {
    const x1 = mulBase(k).toAffine().x
    const r = (e + x1) % n
    if (r === 0n || r + k === n) continue
    const s = (dPlus1Inv * (((k - r * d) % n) + n)) % n
    if (s === 0n) continue
    const raw = concatBytes(scalarToBytes(r), scalarToBytes(s))
    return der ? signatureToDer(raw) : raw
  }
  throw new Error('unreachable: nonce generators are infinite')
}

/**
 * Verifies a signature (GB/T 32918.2 §7.1).
 *
 * Returns false for a well-formed signature that does not match (wrong message, key, ID or
 * tampered r/s within range); throws for inputs that are not well-formed, so a caller can tell
 * "forged" from "garbage". Repeated keys get faster automatically (see `sm2-verify-cache.ts`).
 * @param signature - 64-byte r ‖ s, or DER with `der: true`
 * @param message - message bytes M
 * @param publicKey - 65-/33-byte public key, or a {@link PrecomputedPublicKey}
 * @param options - `userId`, `der` (see {@link VerifyOptions})
 * @returns whether the signature is valid
 * @throws {TypeError} on a wrong argument type or an unknown option
 * @throws {RangeError} on a wrong signature length, non-strict DER, r or s outside [1, n − 1],
 *   an invalid public key, or an ID over 8191 bytes
 * @example
 * sm2.verify(sig, msg, pub)                          // default ID
 * sm2.verify(der, msg, pub, { der: true, userId: 'ALICE123@YAHOO.COM' })
 */
export function verify(
  signature: Uint8Array,
  message: Uint8Array,
  publicKey: Uint8Array | PrecomputedPublicKey,
  options?: VerifyOptions,
): boolean {
  const o = aoptions(options, 'options', ['userId', 'der'])
  const der = aboolOpt(o.der, 'der', false)
  const raw = der ? derToSignature(signature) : signature
  const { r, s } = parseRawSignature(raw)
  abytes(message, 'message')
  userIdToBytes(o.userId)
  let entry = precomputedEntry(publicKey)
  let cacheId: string | undefined
  if (entry === undefined) ({ id: cacheId, entry } = keyEntry(publicKey as Uint8Array))
  if ((r + s) % n === 0n) return false // §7.1 B5, before the hashing
  const ok = verifyWithKernel(entry, entry.table, raw, r, s, digestOf(zOf(entry, o.userId), message))
  if (ok && cacheId !== undefined) noteSuccess(cacheId, entry)
  return ok
}

/**
 * The SM2 API in one object, for `import { sm2 } from 'stdlib/crypto'`:
 * keys (`randomPrivateKey`, `getPublicKey`, `validatePublicKey`, `isValidPublicKey`,
 * `isValidPrivateKey`, `compressPublicKey`, `decompressPublicKey`), signatures (`sign`,
 * `verify`, `computeZ`, `signatureToDer`, `derToSignature`), encryption (`encrypt`, `decrypt`),
 * verification tables (`precomputePublicKey`, `configureVerifyCache`, `verifyCacheStats`,
 * `clearVerifyCache`) and `whenFastVerifyReady`. Each member is documented in its own module.
 * @example
 * const priv = sm2.randomPrivateKey()
 * const pub = sm2.getPublicKey(priv)
 * sm2.verify(sm2.sign(msg, priv, { publicKey: pub }), msg, pub) // true
 */
export const sm2 = Object.freeze({
  randomPrivateKey,
  getPublicKey,
  isValidPrivateKey,
  validatePublicKey,
  isValidPublicKey,
  compressPublicKey,
  decompressPublicKey,
  computeZ,
  sign,
  verify,
  signatureToDer,
  derToSignature,
  encrypt,
  decrypt,
  precomputePublicKey,
  configureVerifyCache,
  verifyCacheStats,
  clearVerifyCache,
  whenFastVerifyReady,
  DEFAULT_USER_ID,
})
