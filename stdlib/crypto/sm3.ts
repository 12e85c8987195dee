/**
 * SM3 cryptographic hash, GB/T 32905-2016 (also GM/T 0004-2012, ISO/IEC 10118-3:2018), and
 * HMAC-SM3 (RFC 2104 / GB/T 15852.2 construction with SM3).
 *
 * Implementation choice: SM3 is a Merkle–Damgård hash with the same 64-byte block and
 * big-endian 64-bit length padding as SHA-256, so the incremental `Sm3` class is a subclass of
 * @noble/hashes' `HashMD` base (`_md.ts`: buffering, padding, `clone()`, `destroy()`) and HMAC
 * is @noble/hashes' `hmac` over it (noble has no SM3 of its own). The compression function
 * (§5.3) is in `_sm3-portable.ts`. The one-shot `sm3(data)` skips the incremental machinery and
 * runs in WebAssembly (`_sm3-wasm.ts`, from `wasm/sm3.c`) wherever it loads, else in
 * TypeScript; both give the same digests. The incremental hash (HMAC, the SM2 KDF: the
 * secret-bearing uses) stays in TypeScript, whose scratch buffers are wiped after each digest;
 * the kernel's memory is not. Measured in one run of `bench/crypto.ts`
 * against sm-crypto-v2 1.15.1's `sm3()` (2-core x86-64, Node 20), TypeScript path: ~892k vs
 * ~281k hashes/s for 32-byte inputs and ~106k vs ~70k for 1 KiB, so stdlib/crypto does not
 * depend on sm-crypto-v2.
 * @module
 */
import { HashMD } from '@noble/hashes/_md.js'
import { hmac } from '@noble/hashes/hmac.js'
import { abytes } from './_assert.ts'
import { compress, IV, portableDigest, wipeScratch } from './_sm3-portable.ts'
import { sm3Kernel } from './_sm3-wasm.ts'

/**
 * Incremental SM3 state. Create with {@link sm3.create}; feed with `update(bytes)` any number of
 * times; finish with `digest()` (32 bytes). `clone()` forks the state, e.g. to reuse a common prefix.
 * @example
 * const h = sm3.create(); h.update(part1); h.update(part2); const d = h.digest()
 */
export class Sm3 extends HashMD<Sm3> {
  private readonly v = Int32Array.from(IV)
  /** Byte view of the last DataView HashMD handed to `process` (its buffer, or the caller's input). */
  private lastView?: DataView
  private lastBytes?: Uint8Array

  constructor() {
    super(64, 32, 8, false)
  }

  protected get(): number[] {
    return Array.from(this.v)
  }

  protected set(...words: number[]): void {
    this.v.set(words)
  }

  _cloneInto(to?: Sm3): Sm3 {
    const target = to ?? new Sm3()
    target.v.set(this.v)
    return this._cloneIntoMeta(target)
  }

  protected process(view: DataView, offset: number): void {
    if (view !== this.lastView) {
      this.lastView = view
      this.lastBytes = new Uint8Array(view.buffer, view.byteOffset, view.byteLength)
    }
    compress(this.v, this.lastBytes!, offset)
  }

  protected roundClean(): void {
    wipeScratch()
    this.lastView = this.lastBytes = undefined // do not keep the caller's input alive
  }

  destroy(): void {
    this.destroyed = true
    this.v.fill(0)
    this.buffer.fill(0)
  }
}

/** Callable SM3 with the metadata @noble/hashes' `hmac` expects. */
export type Sm3Fn = {
  (data: Uint8Array): Uint8Array
  /** Starts an incremental hash. */
  create(): Sm3
  readonly outputLen: 32
  readonly blockLen: 64
  readonly canXOF: false
}

/**
 * SM3 digest of `data` (GB/T 32905-2016).
 * @param data - message bytes (any length, including empty)
 * @returns 32-byte digest
 * @throws {TypeError} when `data` is not a Uint8Array
 * @example
 * bytesToHex(sm3(new TextEncoder().encode('abc')))
 * // '66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0'
 * const h = sm3.create(); h.update(a).update(b); h.digest() // same as sm3(a ‖ b)
 */
export const sm3: Sm3Fn = /* @__PURE__ */ Object.freeze(
  Object.assign(
    (data: Uint8Array): Uint8Array => {
      abytes(data, 'data')
      return sm3Kernel()?.digest(data) ?? portableDigest(data)
    },
    { create: (): Sm3 => new Sm3(), outputLen: 32, blockLen: 64, canXOF: false } as const,
  ),
)

/**
 * HMAC-SM3 (RFC 2104 with SM3, 64-byte block): a keyed MAC, e.g. for blind indexes.
 * @param key - MAC key, any length (keys longer than 64 bytes are hashed first, per RFC 2104)
 * @param data - message bytes
 * @returns 32-byte tag
 * @throws {TypeError} when `key` or `data` is not a Uint8Array
 * @example
 * const tag = hmacSm3(key, utf8('alice@example.com'))
 */
export function hmacSm3(key: Uint8Array, data: Uint8Array): Uint8Array {
  abytes(key, 'key')
  abytes(data, 'data')
  return hmac(sm3, key, data)
}
