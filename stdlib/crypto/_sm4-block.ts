/**
 * The SM4 block cipher, GB/T 32907-2016 (GM/T 0002-2012, ISO/IEC 18033-3:2010/Amd 1:2021):
 * 128-bit blocks, 128-bit keys, 32 rounds of an unbalanced Feistel network.
 *
 *   round (§6.1):         X_{i+4} = X_i ⊕ T(X_{i+1} ⊕ X_{i+2} ⊕ X_{i+3} ⊕ rk_i),  T = L∘τ
 *   key schedule (§7.3):  K_i = MK_i ⊕ FK_i,  rk_i = K_{i+4} = K_i ⊕ T'(K_{i+1} ⊕ K_{i+2} ⊕ K_{i+3} ⊕ CK_i)
 *   decryption (§6.3):    the same rounds with the round keys reversed
 *
 * T is computed with four 256-entry tables combining the S-box τ and the linear map L (L is
 * linear and commutes with rotation, so T(a₀a₁a₂a₃) = T₀[a₀] ⊕ T₁[a₁] ⊕ T₂[a₂] ⊕ T₃[a₃]).
 * Table lookups indexed by secret data are not constant-time on CPUs with caches, the usual
 * trade-off of software SM4/AES in JavaScript; a bitsliced or hardware path is future work.
 * Internal: `sm4.ts` holds the public API.
 * @module
 */

/** S-box τ, GB/T 32907 §6.2 (a). */
const SBOX = /* @__PURE__ */ Uint8Array.from([
  0xd6, 0x90, 0xe9, 0xfe, 0xcc, 0xe1, 0x3d, 0xb7, 0x16, 0xb6, 0x14, 0xc2, 0x28, 0xfb, 0x2c, 0x05,
  0x2b, 0x67, 0x9a, 0x76, 0x2a, 0xbe, 0x04, 0xc3, 0xaa, 0x44, 0x13, 0x26, 0x49, 0x86, 0x06, 0x99,
  0x9c, 0x42, 0x50, 0xf4, 0x91, 0xef, 0x98, 0x7a, 0x33, 0x54, 0x0b, 0x43, 0xed, 0xcf, 0xac, 0x62,
  0xe4, 0xb3, 0x1c, 0xa9, 0xc9, 0x08, 0xe8, 0x95, 0x80, 0xdf, 0x94, 0xfa, 0x75, 0x8f, 0x3f, 0xa6,
  0x47, 0x07, 0xa7, 0xfc, 0xf3, 0x73, 0x17, 0xba, 0x83, 0x59, 0x3c, 0x19, 0xe6, 0x85, 0x4f, 0xa8,
  0x68, 0x6b, 0x81, 0xb2, 0x71, 0x64, 0xda, 0x8b, 0xf8, 0xeb, 0x0f, 0x4b, 0x70, 0x56, 0x9d, 0x35,
  0x1e, 0x24, 0x0e, 0x5e, 0x63, 0x58, 0xd1, 0xa2, 0x25, 0x22, 0x7c, 0x3b, 0x01, 0x21, 0x78, 0x87,
  0xd4, 0x00, 0x46, 0x57, 0x9f, 0xd3, 0x27, 0x52, 0x4c, 0x36, 0x02, 0xe7, 0xa0, 0xc4, 0xc8, 0x9e,
  0xea, 0xbf, 0x8a, 0xd2, 0x40, 0xc7, 0x38, 0xb5, 0xa3, 0xf7, 0xf2, 0xce, 0xf9, 0x61, 0x15, 0xa1,
  0xe0, 0xae, 0x5d, 0xa4, 0x9b, 0x34, 0x1a, 0x55, 0xad, 0x93, 0x32, 0x30, 0xf5, 0x8c, 0xb1, 0xe3,
  0x1d, 0xf6, 0xe2, 0x2e, 0x82, 0x66, 0xca, 0x60, 0xc0, 0x29, 0x23, 0xab, 0x0d, 0x53, 0x4e, 0x6f,
  0xd5, 0xdb, 0x37, 0x45, 0xde, 0xfd, 0x8e, 0x2f, 0x03, 0xff, 0x6a, 0x72, 0x6d, 0x6c, 0x5b, 0x51,
  0x8d, 0x1b, 0xaf, 0x92, 0xbb, 0xdd, 0xbc, 0x7f, 0x11, 0xd9, 0x5c, 0x41, 0x1f, 0x10, 0x5a, 0xd8,
  0x0a, 0xc1, 0x31, 0x88, 0xa5, 0xcd, 0x7b, 0xbd, 0x2d, 0x74, 0xd0, 0x12, 0xb8, 0xe5, 0xb4, 0xb0,
  0x89, 0x69, 0x97, 0x4a, 0x0c, 0x96, 0x77, 0x7e, 0x65, 0xb9, 0xf1, 0x09, 0xc5, 0x6e, 0xc6, 0x84,
  0x18, 0xf0, 0x7d, 0xec, 0x3a, 0xdc, 0x4d, 0x20, 0x79, 0xee, 0x5f, 0x3e, 0xd7, 0xcb, 0x39, 0x48,
])

/** System parameter FK, §7.3 (2). */
const FK = /* @__PURE__ */ Int32Array.from([0xa3b1bac6, 0x56aa3350, 0x677d9197, 0xb27022dc])

/** Fixed parameter CK, §7.3 (3): byte j of CK_i is (4i + j)·7 mod 256. */
const CK = /* @__PURE__ */ Int32Array.from({ length: 32 }, (_, i) => {
  let w = 0
  for (let j = 0; j < 4; j++) w = (w << 8) | (((4 * i + j) * 7) & 0xff)
  return w
})

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n))

/** τ: the S-box applied to each byte of a word. */
const tau = (a: number): number =>
  (SBOX[a >>> 24]! << 24) | (SBOX[(a >>> 16) & 0xff]! << 16) | (SBOX[(a >>> 8) & 0xff]! << 8) | SBOX[a & 0xff]!

/** Round-function tables: T_k[b] = L(τ(b) << (24 − 8k)), L(B) = B ⊕ B⋘2 ⊕ B⋘10 ⊕ B⋘18 ⊕ B⋘24 (§6.2 (b)). */
const [T0, T1, T2, T3] = /* @__PURE__ */ (() => {
  const t = [0, 1, 2, 3].map(() => new Int32Array(256))
  for (let b = 0; b < 256; b++) {
    const s = SBOX[b]! << 24
    const l = s ^ rotl(s, 2) ^ rotl(s, 10) ^ rotl(s, 18) ^ rotl(s, 24)
    t[0]![b] = l
    t[1]![b] = rotl(l, 24)
    t[2]![b] = rotl(l, 16)
    t[3]![b] = rotl(l, 8)
  }
  return t as [Int32Array, Int32Array, Int32Array, Int32Array]
})()

/** Big-endian 32-bit word at `o`. */
const word = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!

/**
 * Expands a 16-byte key into 32 round keys (§7.3); for decryption the same keys reversed.
 * The caller has checked the key length.
 */
export function expandKey(key: Uint8Array, decrypt: boolean): Int32Array {
  const k = [word(key, 0) ^ FK[0]!, word(key, 4) ^ FK[1]!, word(key, 8) ^ FK[2]!, word(key, 12) ^ FK[3]!]
  const rk = new Int32Array(32)
  for (let i = 0; i < 32; i++) {
    const b = tau(k[(i + 1) & 3]! ^ k[(i + 2) & 3]! ^ k[(i + 3) & 3]! ^ CK[i]!)
    k[i & 3] = k[i & 3]! ^ b ^ rotl(b, 13) ^ rotl(b, 23) // L'(B) = B ⊕ B⋘13 ⊕ B⋘23
    rk[i] = k[i & 3]!
  }
  if (decrypt) rk.reverse()
  return rk
}

/**
 * One block: reads 16 bytes of `src` at `si`, writes 16 bytes of `dst` at `di` (may alias).
 * Encrypts or decrypts depending on the round keys from {@link expandKey}.
 */
export function cryptBlock(rk: Int32Array, src: Uint8Array, si: number, dst: Uint8Array, di: number): void {
  let x0 = word(src, si)
  let x1 = word(src, si + 4)
  let x2 = word(src, si + 8)
  let x3 = word(src, si + 12)
  for (let i = 0; i < 32; i += 4) {
    let a = x1 ^ x2 ^ x3 ^ rk[i]!
    x0 ^= T0[a >>> 24]! ^ T1[(a >>> 16) & 0xff]! ^ T2[(a >>> 8) & 0xff]! ^ T3[a & 0xff]!
    a = x2 ^ x3 ^ x0 ^ rk[i + 1]!
    x1 ^= T0[a >>> 24]! ^ T1[(a >>> 16) & 0xff]! ^ T2[(a >>> 8) & 0xff]! ^ T3[a & 0xff]!
    a = x3 ^ x0 ^ x1 ^ rk[i + 2]!
    x2 ^= T0[a >>> 24]! ^ T1[(a >>> 16) & 0xff]! ^ T2[(a >>> 8) & 0xff]! ^ T3[a & 0xff]!
    a = x0 ^ x1 ^ x2 ^ rk[i + 3]!
    x3 ^= T0[a >>> 24]! ^ T1[(a >>> 16) & 0xff]! ^ T2[(a >>> 8) & 0xff]! ^ T3[a & 0xff]!
  }
  // Output (X35, X34, X33, X32): the reverse transformation R (§6.1).
  const out = [x3, x2, x1, x0]
  for (let j = 0; j < 4; j++) {
    const w = out[j]!
    dst[di + 4 * j] = w >>> 24
    dst[di + 4 * j + 1] = (w >>> 16) & 0xff
    dst[di + 4 * j + 2] = (w >>> 8) & 0xff
    dst[di + 4 * j + 3] = w & 0xff
  }
}
