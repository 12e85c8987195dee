/**
 * SM4 block cipher (GB/T 32907-2016) and its modes of operation (GB/T 17964-2021, the Chinese
 * counterpart of NIST SP 800-38A/D): ECB and CBC with PKCS#7 padding (RFC 5652 §6.3), CTR, and
 * GCM (SM4-GCM per RFC 8998). Keys are 16 bytes.
 *
 * Which mode: use GCM. ECB, CBC and CTR give no integrity (CBC decryption with padding is a
 * padding oracle if its errors reach an attacker) and exist for interoperability with existing
 * systems. A GCM IV (12 bytes) must never repeat under one key: with random IVs keep well under
 * 2^32 messages per key.
 *
 * Layouts: GCM output is ciphertext ‖ 16-byte tag (as WebCrypto); CTR treats the 16-byte IV as
 * the initial counter block and increments all 128 bits big-endian (as OpenSSL `sm4-ctr`).
 * The block cipher is `_sm4-block.ts`; GCM is `_gcm.ts` over it.
 * @module
 */
import { abytes, aboolOpt, aoptions } from './_assert.ts'
import { cryptBlock, expandKey } from './_sm4-block.ts'
import { GCM_TAG_LENGTH, gcmOpen, gcmSeal, type BlockEncrypt } from './_gcm.ts'

/** Key length in bytes. */
export const SM4_KEY_LENGTH = 16
/** Block length in bytes. */
export const SM4_BLOCK_LENGTH = 16
/** GCM IV length in bytes (96 bits, SP 800-38D's recommended length; the only one accepted). */
export const SM4_GCM_IV_LENGTH = 12
/** GCM tag length in bytes. */
export const SM4_GCM_TAG_LENGTH = GCM_TAG_LENGTH

/** Options for ECB and CBC. */
export interface Sm4PaddingOptions {
  /** PKCS#7 padding (default true). With false the data length must be a multiple of 16. */
  padding?: boolean
}

const B = SM4_BLOCK_LENGTH

const roundKeys = (key: Uint8Array, decrypt: boolean): Int32Array => expandKey(abytes(key, 'key', SM4_KEY_LENGTH), decrypt)
const readPadding = (options: Sm4PaddingOptions | undefined): boolean =>
  aboolOpt(aoptions(options, 'options', ['padding']).padding, 'padding', true)

/** Appends PKCS#7 padding: 1..16 bytes, each equal to the pad length. */
function pad(data: Uint8Array): Uint8Array {
  const n = B - (data.length % B)
  const out = new Uint8Array(data.length + n).fill(n)
  out.set(data)
  return out
}

/** Removes PKCS#7 padding; checks every pad byte. */
function unpad(data: Uint8Array): Uint8Array {
  const n = data[data.length - 1]!
  let bad = n < 1 || n > B ? 1 : 0
  for (let i = 1; i <= B; i++) bad |= i <= n && data[data.length - i] !== n ? 1 : 0
  if (bad) throw new RangeError('"ciphertext" has invalid PKCS#7 padding (wrong key or IV, or corrupted data)')
  return data.slice(0, data.length - n)
}

/** Plaintext for ECB/CBC encryption: padded, or checked to be whole blocks. */
function encryptInput(plaintext: Uint8Array, padded: boolean): Uint8Array {
  abytes(plaintext, 'plaintext')
  if (padded) return pad(plaintext)
  if (plaintext.length % B !== 0) {
    throw new RangeError(`"plaintext" expected a multiple of 16 bytes (padding is off), got length=${plaintext.length}`)
  }
  return plaintext
}

/** Checks ECB/CBC ciphertext: whole blocks, and at least one when padded. */
function checkCiphertext(ciphertext: Uint8Array, padded: boolean): void {
  abytes(ciphertext, 'ciphertext')
  if (ciphertext.length % B !== 0 || (padded && ciphertext.length === 0)) {
    throw new RangeError(
      `"ciphertext" expected a ${padded ? 'non-zero ' : ''}multiple of 16 bytes, got length=${ciphertext.length}`,
    )
  }
}

/** One block in either direction with a fresh key schedule. */
function oneBlock(key: Uint8Array, block: Uint8Array, decrypt: boolean): Uint8Array {
  const rk = roundKeys(key, decrypt)
  abytes(block, 'block', B)
  const out = new Uint8Array(B)
  cryptBlock(rk, block, 0, out, 0)
  return out
}

/** Encrypts a 16-byte block with a 16-byte key (no mode). Example: `sm4.encryptBlock(key, block)`. */
const encryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => oneBlock(key, block, false)

/** Decrypts a 16-byte block with a 16-byte key (no mode). Example: `sm4.decryptBlock(key, block)`. */
const decryptBlock = (key: Uint8Array, block: Uint8Array): Uint8Array => oneBlock(key, block, true)

/** ECB: each block independently. Identical plaintext blocks give identical ciphertext blocks. */
const ecb = Object.freeze({
  /**
   * @param key - 16 bytes
   * @param plaintext - any length with padding (default), a multiple of 16 without
   * @param options - `{ padding?: boolean }`
   * @returns ciphertext (a multiple of 16 bytes)
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key or data length
   * @example
   * sm4.ecb.encrypt(key, data, { padding: false })
   */
  encrypt(key: Uint8Array, plaintext: Uint8Array, options?: Sm4PaddingOptions): Uint8Array {
    const rk = roundKeys(key, false)
    const input = encryptInput(plaintext, readPadding(options))
    const out = new Uint8Array(input.length)
    for (let o = 0; o < input.length; o += B) cryptBlock(rk, input, o, out, o)
    return out
  },
  /**
   * @returns plaintext
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key or data length or bad padding
   * @example
   * sm4.ecb.decrypt(key, ciphertext)
   */
  decrypt(key: Uint8Array, ciphertext: Uint8Array, options?: Sm4PaddingOptions): Uint8Array {
    const rk = roundKeys(key, true)
    const padded = readPadding(options)
    checkCiphertext(ciphertext, padded)
    const out = new Uint8Array(ciphertext.length)
    for (let o = 0; o < ciphertext.length; o += B) cryptBlock(rk, ciphertext, o, out, o)
    return padded ? unpad(out) : out
  },
})

/** CBC: C_i = E(P_i ⊕ C_{i−1}), C_0 = IV. The IV must be unpredictable (random) per message. */
const cbc = Object.freeze({
  /**
   * @param key - 16 bytes
   * @param iv - 16 bytes, random per message
   * @param plaintext - any length with padding (default), a multiple of 16 without
   * @returns ciphertext (the IV is not included)
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key, IV or data length
   * @example
   * sm4.cbc.encrypt(key, iv, data)
   */
  encrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, options?: Sm4PaddingOptions): Uint8Array {
    const rk = roundKeys(key, false)
    abytes(iv, 'iv', B)
    const input = encryptInput(plaintext, readPadding(options))
    const out = new Uint8Array(input.length)
    for (let o = 0; o < input.length; o += B) {
      const prev = o === 0 ? iv : out.subarray(o - B, o)
      for (let j = 0; j < B; j++) out[o + j] = input[o + j]! ^ prev[j]!
      cryptBlock(rk, out, o, out, o) // in place: the block is read fully before it is written
    }
    return out
  },
  /**
   * @returns plaintext
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key, IV or data length or bad padding
   * @example
   * sm4.cbc.decrypt(key, iv, ciphertext)
   */
  decrypt(key: Uint8Array, iv: Uint8Array, ciphertext: Uint8Array, options?: Sm4PaddingOptions): Uint8Array {
    const rk = roundKeys(key, true)
    abytes(iv, 'iv', B)
    const padded = readPadding(options)
    checkCiphertext(ciphertext, padded)
    const out = new Uint8Array(ciphertext.length)
    for (let o = 0; o < ciphertext.length; o += B) {
      cryptBlock(rk, ciphertext, o, out, o)
      const prev = o === 0 ? iv : ciphertext.subarray(o - B, o)
      for (let j = 0; j < B; j++) out[o + j] ^= prev[j]!
    }
    return padded ? unpad(out) : out
  },
})

/** CTR keystream XOR; encryption and decryption are the same operation. */
function ctrCrypt(key: Uint8Array, iv: Uint8Array, data: Uint8Array): Uint8Array {
  const rk = roundKeys(key, false)
  abytes(iv, 'iv', B)
  abytes(data, 'data')
  const out = new Uint8Array(data.length)
  const counter = iv.slice()
  const ks = new Uint8Array(B)
  for (let o = 0; o < data.length; o += B) {
    cryptBlock(rk, counter, 0, ks, 0)
    const end = Math.min(B, data.length - o)
    for (let j = 0; j < end; j++) out[o + j] = data[o + j]! ^ ks[j]!
    for (let i = B - 1; i >= 0; i--) {
      counter[i] = (counter[i]! + 1) & 0xff
      if (counter[i] !== 0) break
    }
  }
  return out
}

/**
 * CTR: keystream E(IV), E(IV+1), … XORed with the data; any length, no padding. A (key, IV)
 * pair must never encrypt two messages.
 */
const ctr = Object.freeze({
  /**
   * @param key - 16 bytes
   * @param iv - 16-byte initial counter block
   * @param data - any length
   * @returns data XOR keystream (same length)
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key or IV length
   * @example
   * const c = sm4.ctr.encrypt(key, iv, data); sm4.ctr.decrypt(key, iv, c) // data
   */
  encrypt: ctrCrypt,
  /** Same operation as `encrypt`. Example: `sm4.ctr.decrypt(key, iv, c)`. */
  decrypt: ctrCrypt,
})

function gcmArgs(key: Uint8Array, iv: Uint8Array, aad: Uint8Array | undefined): { enc: BlockEncrypt; aad: Uint8Array } {
  const rk = roundKeys(key, false)
  abytes(iv, 'iv', SM4_GCM_IV_LENGTH)
  const a = aad === undefined ? new Uint8Array(0) : abytes(aad, 'aad')
  return { enc: (src, si, dst, di) => cryptBlock(rk, src, si, dst, di), aad: a }
}

/** GCM: authenticated encryption with associated data (AAD is authenticated, not encrypted). */
const gcm = Object.freeze({
  /**
   * @param key - 16 bytes
   * @param iv - 12 bytes, unique per message under this key
   * @param plaintext - any length (including empty)
   * @param aad - associated data bound to the ciphertext (default empty)
   * @returns ciphertext ‖ 16-byte tag
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key or IV length
   * @example
   * const sealed = sm4.gcm.encrypt(key, iv, data, utf8('contract/record/field/v1'))
   */
  encrypt(key: Uint8Array, iv: Uint8Array, plaintext: Uint8Array, aad?: Uint8Array): Uint8Array {
    const { enc, aad: a } = gcmArgs(key, iv, aad)
    return gcmSeal(enc, iv, abytes(plaintext, 'plaintext'), a)
  },
  /**
   * Checks the tag first (constant-time) and only then decrypts.
   * @param sealed - ciphertext ‖ tag, at least 16 bytes
   * @returns plaintext
   * @throws {TypeError} on a wrong argument type; {RangeError} on a wrong key or IV length or
   *   input shorter than the tag; {AuthenticationError} on a tag mismatch (no plaintext is released)
   * @example
   * sm4.gcm.decrypt(key, iv, sealed, aad)
   */
  decrypt(key: Uint8Array, iv: Uint8Array, sealed: Uint8Array, aad?: Uint8Array): Uint8Array {
    const { enc, aad: a } = gcmArgs(key, iv, aad)
    abytes(sealed, 'sealed')
    if (sealed.length < GCM_TAG_LENGTH) {
      throw new RangeError(`"sealed" expected Uint8Array of length >= ${GCM_TAG_LENGTH} (ciphertext ‖ tag), got length=${sealed.length}`)
    }
    return gcmOpen(enc, iv, sealed, a)
  },
})

/**
 * The SM4 API: `encryptBlock`, `decryptBlock`, and the modes `ecb`, `cbc`, `ctr`, `gcm`, each
 * with `encrypt` / `decrypt`. All inputs and outputs are Uint8Array; inputs are never modified.
 * @example
 * const key = crypto.getRandomValues(new Uint8Array(16))
 * const iv = crypto.getRandomValues(new Uint8Array(12))
 * const sealed = sm4.gcm.encrypt(key, iv, data, aad)
 * sm4.gcm.decrypt(key, iv, sealed, aad) // data, or throws AuthenticationError
 */
export const sm4 = Object.freeze({ encryptBlock, decryptBlock, ecb, cbc, ctr, gcm })
