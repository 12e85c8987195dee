/**
 * GHASH, the universal hash of GCM (NIST SP 800-38D §6.4), over GF(2^128) with the
 * bit-reflected convention of the standard: bit 0 is the most significant bit of byte 0 and
 * the field polynomial is x^128 + x^7 + x^2 + x + 1 (R = 0xE1 ‖ 0^120 in §6.3).
 *
 * Multiplication by the fixed key H uses Shoup's 8-bit tables: the 256 multiples b·H of every
 * byte value b (built per key, 4 KiB), then per block 16 steps of "shift right by 8 bits with
 * reduction, add a table entry", Horner-style from the last byte to the first. Values are
 * four big-endian 32-bit words. Like any table-driven GHASH, lookups are indexed by data
 * (timing is not constant on CPUs with caches); tag comparison is constant-time in `_gcm.ts`.
 * Internal.
 * @module
 */

const word = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!

/** V·x in GF(2^128): a right shift of the reflected representation, reducing by R on carry-out. */
function mulX(v: readonly number[]): number[] {
  const [v0, v1, v2, v3] = v as [number, number, number, number]
  const carry = v3 & 1
  return [(v0 >>> 1) ^ (carry ? 0xe1000000 : 0), (v1 >>> 1) | (v0 << 31), (v2 >>> 1) | (v1 << 31), (v3 >>> 1) | (v2 << 31)]
}

/**
 * Reduction terms for an 8-bit shift: REM8[r] is what the 8 shifted-out bits r fold into word 0
 * (computed by shifting r out one bit at a time; the folded bits stay inside word 0).
 */
const REM8 = /* @__PURE__ */ Int32Array.from({ length: 256 }, (_, r) => {
  let v = [0, 0, 0, r]
  for (let i = 0; i < 8; i++) v = mulX(v)
  return v[0]!
})

/** Incremental GHASH keyed by H = E_K(0^128). */
export class Ghash {
  /** M[b] = b·H for each byte b, reflected: M[0x80] = H, M[0x40] = H·x, …, M[0x01] = H·x⁷. */
  readonly #m = new Int32Array(256 * 4)
  #y0 = 0
  #y1 = 0
  #y2 = 0
  #y3 = 0

  constructor(h: Uint8Array) {
    const m = this.#m
    let v: number[] = [word(h, 0), word(h, 4), word(h, 8), word(h, 12)]
    for (let bit = 0x80; bit >= 1; bit >>= 1) {
      m.set(v, 4 * bit)
      v = mulX(v)
    }
    for (let hi = 2; hi < 256; hi <<= 1) {
      for (let lo = 1; lo < hi; lo++) {
        for (let j = 0; j < 4; j++) m[4 * (hi + lo) + j] = m[4 * hi + j]! ^ m[4 * lo + j]!
      }
    }
  }

  /** Y = (Y ⊕ X)·H for the 16-byte block X at `o` of `b`. */
  #block(b: Uint8Array, o: number): void {
    const m = this.#m
    const y0 = this.#y0 ^ word(b, o)
    const y1 = this.#y1 ^ word(b, o + 4)
    const y2 = this.#y2 ^ word(b, o + 8)
    const y3 = this.#y3 ^ word(b, o + 12)
    let i = 4 * (y3 & 0xff) // last byte first: highest powers of x
    let z0 = m[i]!
    let z1 = m[i + 1]!
    let z2 = m[i + 2]!
    let z3 = m[i + 3]!
    for (let k = 14; k >= 0; k--) {
      const w = k < 4 ? y0 : k < 8 ? y1 : k < 12 ? y2 : y3
      i = 4 * ((w >>> (24 - 8 * (k & 3))) & 0xff)
      const rem = z3 & 0xff
      z3 = ((z3 >>> 8) | (z2 << 24)) ^ m[i + 3]!
      z2 = ((z2 >>> 8) | (z1 << 24)) ^ m[i + 2]!
      z1 = ((z1 >>> 8) | (z0 << 24)) ^ m[i + 1]!
      z0 = (z0 >>> 8) ^ REM8[rem]! ^ m[i]!
    }
    this.#y0 = z0
    this.#y1 = z1
    this.#y2 = z2
    this.#y3 = z3
  }

  /** Absorbs `data` as whole blocks, zero-padding the last partial block (SP 800-38D §7.1 step 5). */
  updatePadded(data: Uint8Array): this {
    const full = data.length - (data.length % 16)
    for (let o = 0; o < full; o += 16) this.#block(data, o)
    if (full < data.length) {
      const last = new Uint8Array(16)
      last.set(data.subarray(full))
      this.#block(last, 0)
    }
    return this
  }

  /** Absorbs the length block [len(A)]₆₄ ‖ [len(C)]₆₄ (in bits) and returns the 16-byte hash. */
  digest(aadBytes: number, dataBytes: number): Uint8Array {
    const lens = new Uint8Array(16)
    const view = new DataView(lens.buffer)
    view.setUint32(0, Math.floor(aadBytes / 0x20000000)) // (bytes·8) / 2^32
    view.setUint32(4, (aadBytes * 8) >>> 0)
    view.setUint32(8, Math.floor(dataBytes / 0x20000000))
    view.setUint32(12, (dataBytes * 8) >>> 0)
    this.#block(lens, 0)
    const out = new Uint8Array(16)
    const ov = new DataView(out.buffer)
    ov.setInt32(0, this.#y0)
    ov.setInt32(4, this.#y1)
    ov.setInt32(8, this.#y2)
    ov.setInt32(12, this.#y3)
    return out
  }
}
