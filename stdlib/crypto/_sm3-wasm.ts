/**
 * The WebAssembly SM3 kernel (`wasm/sm3.c`, embedded by `_sm3-wasm-binary.ts`): one-shot SM3
 * (compression and padding of GB/T 32905 §5.2–5.3) for `sm3(data)`, ~1.4–1.8× faster than the
 * TypeScript path (`_sm3-portable.ts`) for the short inputs of Merkle trees, keys and transaction
 * hashes (most of the gain is per call: no typed arrays to allocate besides the digest).
 * Internal: not re-exported.
 *
 * The module is under 4 KB, the size browsers compile synchronously on their main thread, so it
 * loads synchronously everywhere on first use (`sm3()` is synchronous). Where WebAssembly is
 * missing or forbidden (a CSP without `wasm-unsafe-eval`, an embedded engine), sm3.ts uses the
 * TypeScript path; both give the same digests.
 *
 * The kernel's memory is reachable only through this module and is not wiped between hashes: the
 * last input stays in it until the next hash overwrites it. The incremental hash (HMAC, the SM2
 * KDF) therefore stays on the TypeScript path, which wipes its scratch.
 * @module
 */
import { decodeBase64 } from './_bytes.ts'
import { SM3_WASM_BASE64 } from './_sm3-wasm-binary.ts'

/** The kernel's exports (see the C source for the contract of each). */
interface KernelExports {
  readonly memory: WebAssembly.Memory
  sm3_io(): number
  sm3_window(): number
  sm3_init(): void
  sm3_blocks(n: number): void
  sm3_finish(rest: number, bitsHi: number, bitsLo: number): void
  sm3_digest(length: number): void
}

/** One instance of the kernel; its memory never grows, so the views stay valid. */
export class Sm3Kernel {
  readonly #exports: KernelExports
  readonly #heap: Uint8Array
  /** Offset of the input window in the heap, and its size (a multiple of 64). */
  readonly #input: number
  readonly #window: number

  constructor(module: WebAssembly.Module) {
    this.#exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports
    const io = this.#exports.sm3_io()
    this.#heap = new Uint8Array(this.#exports.memory.buffer)
    this.#input = io + 32
    this.#window = this.#exports.sm3_window()
  }

  /** SM3 digest of `data` (any length). */
  digest(data: Uint8Array): Uint8Array {
    const heap = this.#heap
    const input = this.#input
    if (data.length <= this.#window) {
      heap.set(data, input)
      this.#exports.sm3_digest(data.length)
      return heap.slice(input, input + 32)
    }
    // Longer messages go through the window a whole number of blocks at a time.
    this.#exports.sm3_init()
    const full = data.length - (data.length % 64)
    for (let o = 0; o < full; o += this.#window) {
      const end = Math.min(full, o + this.#window)
      heap.set(data.subarray(o, end), input)
      this.#exports.sm3_blocks((end - o) / 64)
    }
    heap.set(data.subarray(full), input)
    this.#exports.sm3_finish(data.length - full, Math.floor(data.length / 0x20000000), (data.length * 8) >>> 0)
    return heap.slice(input, input + 32)
  }
}

let state: 'unloaded' | 'ready' | 'unavailable' = 'unloaded'
let kernel: Sm3Kernel | undefined

/** The kernel, loaded on first call; undefined where it cannot run (then use the TypeScript path). */
export function sm3Kernel(): Sm3Kernel | undefined {
  if (state === 'unloaded') {
    state = 'unavailable'
    if (typeof WebAssembly === 'object' && typeof atob === 'function') {
      try {
        kernel = new Sm3Kernel(new WebAssembly.Module(decodeBase64(SM3_WASM_BASE64)))
        state = 'ready'
      } catch {
        // Forbidden here (CSP, embedded engine): the TypeScript compression gives the same digests.
      }
    }
  }
  return kernel
}
