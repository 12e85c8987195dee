/**
 * SM3's compression function and one-shot digest in TypeScript (GB/T 32905-2016 §5.2–5.3): the
 * incremental hash in sm3.ts always, the one-shot `sm3()` where the WebAssembly kernel
 * (`_sm3-wasm.ts`) cannot run, and that kernel's test oracle. Internal: not re-exported.
 * @module
 */

/** Initial value IV, GB/T 32905 §4.1. */
export const IV = /* @__PURE__ */ Uint32Array.from([
  0x7380166f, 0x4914b2b9, 0x172442d7, 0xda8a0600, 0xa96f30bc, 0x163138aa, 0xe38dee4d, 0xb0fb0e4e,
])

/** `T_j <<< (j mod 32)` for j = 0..63 (constants of §4.2, pre-rotated as used in §5.3.3). */
const TJ = /* @__PURE__ */ Int32Array.from({ length: 64 }, (_, j) => {
  const t = j < 16 ? 0x79cc4519 : 0x7a879d8a
  const r = j % 32
  return r === 0 ? t : (t << r) | (t >>> (32 - r))
})

/** Message expansion buffer W_0..W_67 (§5.3.2), shared by all instances and wiped after use. */
const W = /* @__PURE__ */ new Int32Array(68)

const rotl = (x: number, n: number): number => (x << n) | (x >>> (32 - n))

/**
 * Compression function CF (§5.3): updates the chaining value `v` (8 words) with the 64-byte
 * block at offset `o` of `b`.
 *
 * The round loop is unrolled by four with the registers renamed instead of shifted: after one
 * round the spec's (A, B, C, D) = (TT1, A, B⋘9, C) and (E, F, G, H) = (P0(TT2), E, F⋘19, G),
 * so writing TT1 into D's variable and P0(TT2) into H's, and rotating B and F in place, leaves
 * the state in (D, A, B, C, H, E, F, G) order for the next round; four rounds restore it.
 */
export function compress(v: Int32Array, b: Uint8Array, o: number): void {
  for (let i = 0; i < 16; i++, o += 4) W[i] = (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!
  for (let j = 16; j < 68; j++) {
    const x = W[j - 16]! ^ W[j - 9]! ^ rotl(W[j - 3]!, 15)
    W[j] = x ^ rotl(x, 15) ^ rotl(x, 23) ^ rotl(W[j - 13]!, 7) ^ W[j - 6]! // P1(x) ⊕ …
  }
  let A = v[0]!
  let B = v[1]!
  let C = v[2]!
  let D = v[3]!
  let E = v[4]!
  let F = v[5]!
  let G = v[6]!
  let H = v[7]!
  let a12: number
  let ss1: number
  let tt2: number
  // Rounds 0..15: FF = GG = X ⊕ Y ⊕ Z.
  for (let j = 0; j < 16; j += 4) {
    a12 = rotl(A, 12); ss1 = rotl((a12 + E + TJ[j]!) | 0, 7) // prettier-ignore
    D = ((A ^ B ^ C) + D + (ss1 ^ a12) + (W[j]! ^ W[j + 4]!)) | 0
    tt2 = ((E ^ F ^ G) + H + ss1 + W[j]!) | 0
    B = rotl(B, 9); F = rotl(F, 19); H = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
    a12 = rotl(D, 12); ss1 = rotl((a12 + H + TJ[j + 1]!) | 0, 7) // prettier-ignore
    C = ((D ^ A ^ B) + C + (ss1 ^ a12) + (W[j + 1]! ^ W[j + 5]!)) | 0
    tt2 = ((H ^ E ^ F) + G + ss1 + W[j + 1]!) | 0
    A = rotl(A, 9); E = rotl(E, 19); G = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
    a12 = rotl(C, 12); ss1 = rotl((a12 + G + TJ[j + 2]!) | 0, 7) // prettier-ignore
    B = ((C ^ D ^ A) + B + (ss1 ^ a12) + (W[j + 2]! ^ W[j + 6]!)) | 0
    tt2 = ((G ^ H ^ E) + F + ss1 + W[j + 2]!) | 0
    D = rotl(D, 9); H = rotl(H, 19); F = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
    a12 = rotl(B, 12); ss1 = rotl((a12 + F + TJ[j + 3]!) | 0, 7) // prettier-ignore
    A = ((B ^ C ^ D) + A + (ss1 ^ a12) + (W[j + 3]! ^ W[j + 7]!)) | 0
    tt2 = ((F ^ G ^ H) + E + ss1 + W[j + 3]!) | 0
    C = rotl(C, 9); G = rotl(G, 19); E = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
  }
  // Rounds 16..63: FF = majority, GG = choice.
  for (let j = 16; j < 64; j += 4) {
    a12 = rotl(A, 12); ss1 = rotl((a12 + E + TJ[j]!) | 0, 7) // prettier-ignore
    D = (((A & B) | (A & C) | (B & C)) + D + (ss1 ^ a12) + (W[j]! ^ W[j + 4]!)) | 0
    tt2 = (((E & F) | (~E & G)) + H + ss1 + W[j]!) | 0
    B = rotl(B, 9); F = rotl(F, 19); H = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
    a12 = rotl(D, 12); ss1 = rotl((a12 + H + TJ[j + 1]!) | 0, 7) // prettier-ignore
    C = (((D & A) | (D & B) | (A & B)) + C + (ss1 ^ a12) + (W[j + 1]! ^ W[j + 5]!)) | 0
    tt2 = (((H & E) | (~H & F)) + G + ss1 + W[j + 1]!) | 0
    A = rotl(A, 9); E = rotl(E, 19); G = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
    a12 = rotl(C, 12); ss1 = rotl((a12 + G + TJ[j + 2]!) | 0, 7) // prettier-ignore
    B = (((C & D) | (C & A) | (D & A)) + B + (ss1 ^ a12) + (W[j + 2]! ^ W[j + 6]!)) | 0
    tt2 = (((G & H) | (~G & E)) + F + ss1 + W[j + 2]!) | 0
    D = rotl(D, 9); H = rotl(H, 19); F = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
    a12 = rotl(B, 12); ss1 = rotl((a12 + F + TJ[j + 3]!) | 0, 7) // prettier-ignore
    A = (((B & C) | (B & D) | (C & D)) + A + (ss1 ^ a12) + (W[j + 3]! ^ W[j + 7]!)) | 0
    tt2 = (((F & G) | (~F & H)) + E + ss1 + W[j + 3]!) | 0
    C = rotl(C, 9); G = rotl(G, 19); E = tt2 ^ rotl(tt2, 9) ^ rotl(tt2, 17) // prettier-ignore
  }
  v[0] ^= A
  v[1] ^= B
  v[2] ^= C
  v[3] ^= D
  v[4] ^= E
  v[5] ^= F
  v[6] ^= G
  v[7] ^= H
}

/** Big-endian digest bytes of a chaining value. */
function output(v: Int32Array): Uint8Array {
  const out = new Uint8Array(32)
  for (let i = 0; i < 8; i++) {
    const w = v[i]!
    out[4 * i] = w >>> 24
    out[4 * i + 1] = w >>> 16
    out[4 * i + 2] = w >>> 8
    out[4 * i + 3] = w
  }
  return out
}

/** Padding scratch for one-shot hashing: the last one or two blocks (§5.2). */
const TAIL = /* @__PURE__ */ new Uint8Array(128)

/**
 * One-shot SM3 without the incremental machinery: whole blocks straight from the input, the
 * padded tail (§5.2: 0x80, zeros, 64-bit big-endian bit length) from a scratch buffer. ~1.4×
 * faster than `create().update().digest()` for the short inputs of Merkle trees and keys.
 */
export function portableDigest(data: Uint8Array): Uint8Array {
  const v = Int32Array.from(IV)
  const full = data.length - (data.length % 64)
  for (let o = 0; o < full; o += 64) compress(v, data, o)
  const rest = data.length - full
  const tailLength = rest + 9 <= 64 ? 64 : 128
  TAIL.set(data.subarray(full))
  TAIL[rest] = 0x80
  TAIL.fill(0, rest + 1, tailLength - 8)
  const hi = Math.floor(data.length / 0x20000000) // bit length (bytes·8) / 2^32
  const lo = (data.length * 8) >>> 0
  for (let i = 0; i < 4; i++) {
    TAIL[tailLength - 8 + i] = hi >>> (24 - 8 * i)
    TAIL[tailLength - 4 + i] = lo >>> (24 - 8 * i)
  }
  for (let o = 0; o < tailLength; o += 64) compress(v, TAIL, o)
  TAIL.fill(0)
  wipeScratch()
  return output(v)
}

/** Clears the message expansion buffer (it held words of the last message hashed). */
export function wipeScratch(): void {
  W.fill(0)
}
