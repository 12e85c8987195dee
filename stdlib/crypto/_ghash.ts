/**
 * GHASH, the universal hash of GCM (NIST SP 800-38D §6.4), over GF(2^128) with the
 * bit-reflected convention of the standard: bit 0 is the most significant bit of byte 0 and
 * the field polynomial is x^128 + x^7 + x^2 + x + 1 (R = 0xE1 ‖ 0^120 in §6.3).
 *
 * Multiplication by the fixed key H uses Shoup's 4-bit tables (as in OpenSSL's
 * `gcm_gmult_4bit`): 16 precomputed multiples of H, one table add and one 4-bit shift with
 * reduction per nibble, 32 steps per block. Values are four big-endian 32-bit words.
 * Like any table-driven GHASH, lookups are indexed by data (timing is not constant on cached
 * CPUs); tag comparison is constant-time in `_gcm.ts`. Internal.
 * @module
 */

const word = (b: Uint8Array, o: number): number => (b[o]! << 24) | (b[o + 1]! << 16) | (b[o + 2]! << 8) | b[o + 3]!

/** V·x in GF(2^128): a right shift of the reflected representation, reducing by R on carry-out. */
function mulX(v: number[]): number[] {
  const [v0, v1, v2, v3] = v as [number, number, number, number]
  const carry = v3 & 1
  return [(v0 >>> 1) ^ (carry ? 0xe1000000 : 0), (v1 >>> 1) | (v0 << 31), (v2 >>> 1) | (v1 << 31), (v3 >>> 1) | (v2 << 31)]
}

/** Reduction terms for a 4-bit shift: REM4[r] is what the 4 shifted-out bits r fold into word 0. */
const REM4 = /* @__PURE__ */ Int32Array.from({ length: 16 }, (_, r) => {
  let v = [0, 0, 0, r]
  for (let i = 0; i < 4; i++) v = mulX(v)
  return v[0]!
})

/** Incremental GHASH keyed by H = E_K(0^128). */
export class Ghash {
  /** M[i] = i·H for 4-bit i, reflected: M[8] = H, M[4] = H·x, M[2] = H·x², M[1] = H·x³. */
  readonly #m = new Int32Array(64)
  #y0 = 0
  #y1 = 0
  #y2 = 0
  #y3 = 0

  constructor(h: Uint8Array) {
    let v = [word(h, 0), word(h, 4), word(h, 8), word(h, 12)]
    for (const i of [8, 4, 2, 1]) {
      this.#m.set(v, 4 * i)
      v = mulX(v)
    }
    for (let i = 3; i < 16; i++) {
      if ((i & (i - 1)) === 0) continue // powers of two are set above
      for (let j = 0; j < 4; j++) {
        let acc = 0
        for (const bit of [8, 4, 2, 1]) if (i & bit) acc ^= this.#m[4 * bit + j]!
        this.#m[4 * i + j] = acc
      }
    }
  }

  /** Y = (Y ⊕ X)·H for one 16-byte block X at `o` of `b` (a partial tail is zero-padded by the caller). */
  #block(b: Uint8Array, o: number): void {
    const m = this.#m
    const y = [this.#y0 ^ word(b, o), this.#y1 ^ word(b, o + 4), this.#y2 ^ word(b, o + 8), this.#y3 ^ word(b, o + 12)]
    let z0 = 0
    let z1 = 0
    let z2 = 0
    let z3 = 0
    // Horner over nibbles from the last (highest powers of x) to the first.
    for (let n = 31; n >= 0; n--) {
      const w = y[n >> 3]!
      const nib = (w >>> (4 * (7 - (n & 7)))) & 0xf
      if (n !== 31) {
        const rem = z3 & 0xf
        z3 = (z3 >>> 4) | (z2 << 28)
        z2 = (z2 >>> 4) | (z1 << 28)
        z1 = (z1 >>> 4) | (z0 << 28)
        z0 = (z0 >>> 4) ^ REM4[rem]!
      }
      z0 ^= m[4 * nib]!
      z1 ^= m[4 * nib + 1]!
      z2 ^= m[4 * nib + 2]!
      z3 ^= m[4 * nib + 3]!
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
