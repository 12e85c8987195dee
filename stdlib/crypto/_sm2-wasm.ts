/**
 * The WebAssembly SM2 verification kernel (`wasm/sm2-verify.c`, embedded by
 * `_sm2-wasm-binary.ts`): loading it, its memory for per-key tables, and calls into it.
 * Same algorithm as the TypeScript kernel `_sm2-jacobian.ts` (GB/T 32918.2 §7.1 B5–B7), with
 * its own Montgomery field arithmetic in 32-bit limbs: ~5–7× faster. Internal: not re-exported.
 *
 * Loading is synchronous where the platform allows it (Node, workers, browsers for modules
 * under 4 KB): the first verification instantiates it. Browsers refuse synchronous compilation
 * of larger modules on the main thread, so there it is compiled in the background and
 * verification uses the TypeScript kernel until it is ready (results are identical, only the
 * speed differs). Where WebAssembly is missing or forbidden (a CSP without `wasm-unsafe-eval`,
 * an embedded engine), the TypeScript kernel is used throughout.
 * @module
 */
import { decodeBase64 } from './_bytes.ts'
import { SM2_WASM_BASE64 } from './_sm2-wasm-binary.ts'

/** The kernel's exports (see the C source for the contract of each). */
interface KernelExports {
  readonly memory: WebAssembly.Memory
  readonly __heap_base: WebAssembly.Global
  sm2_io(): number
  sm2_init(): void
  sm2_table_bytes(W: number): number
  sm2_build_table(table: number, W: number): void
  sm2_verify(): number
  sm2_verify_table(table: number, W: number): number
}

/** A per-key window table of width W in the kernel's memory at [ptr, ptr + bytes). */
export interface WasmTable {
  readonly kind: 'wasm'
  readonly W: number
  readonly ptr: number
  readonly bytes: number
}

const PAGE = 65536

/**
 * One instance of the kernel. Tables are allocated in its linear memory; a released table's
 * block is reused by the next table of the same width. WebAssembly memory never shrinks, so
 * the memory held is the peak of tables alive at once (bounded by the verify cache's limits).
 */
export class WasmKernel {
  readonly #exports: KernelExports
  readonly #io: number
  #heap: Uint8Array
  #top: number
  readonly #free = new Map<number, number[]>()

  constructor(module: WebAssembly.Module) {
    this.#exports = new WebAssembly.Instance(module, {}).exports as unknown as KernelExports
    this.#exports.sm2_init() // G's table, ~8 ms
    this.#io = this.#exports.sm2_io()
    this.#heap = new Uint8Array(this.#exports.memory.buffer)
    this.#top = this.#exports.__heap_base.value as number
  }

  /** Bytes of linear memory the kernel holds (code data, G's table, stack, per-key tables). */
  get memoryBytes(): number {
    return this.#exports.memory.buffer.byteLength
  }

  /**
   * GB/T 32918.2 §7.1 B5–B7: whether (e + x₁) mod n = r for (x₁, y₁) = s·G + t·P_A, t = r + s.
   * @param xy - x ‖ y of P_A, 64 bytes, a validated point (unused when `table` is given)
   * @param signature - r ‖ s, 64 bytes, both in [1, n − 1] (checked by the caller)
   * @param digest - e = SM3(Z_A ‖ M), 32 bytes
   * @param table - P_A's table, from {@link buildTable}
   */
  verify(xy: Uint8Array, signature: Uint8Array, digest: Uint8Array, table?: WasmTable): boolean {
    const heap = this.#heap
    const io = this.#io
    heap.set(signature, io + 64)
    heap.set(digest, io + 128)
    if (table !== undefined) return this.#exports.sm2_verify_table(table.ptr, table.W) === 1
    heap.set(xy, io)
    return this.#exports.sm2_verify() === 1
  }

  /** Builds the window table of the validated point x ‖ y for width W (4..10). */
  buildTable(xy: Uint8Array, W: number): WasmTable {
    const bytes = this.#exports.sm2_table_bytes(W)
    const ptr = this.#free.get(W)?.pop() ?? this.#allocate(bytes)
    this.#heap.set(xy, this.#io)
    this.#exports.sm2_build_table(ptr, W)
    return { kind: 'wasm', W, ptr, bytes }
  }

  /** Returns a table's block for reuse; the table must not be used afterwards. */
  releaseTable(table: WasmTable): void {
    const list = this.#free.get(table.W)
    if (list === undefined) this.#free.set(table.W, [table.ptr])
    else list.push(table.ptr)
  }

  #allocate(bytes: number): number {
    const ptr = this.#top
    const memory = this.#exports.memory
    const missing = ptr + bytes - memory.buffer.byteLength
    if (missing > 0) {
      memory.grow(Math.ceil(missing / PAGE))
      this.#heap = new Uint8Array(memory.buffer) // growing detaches the old buffer
    }
    this.#top = ptr + bytes
    return ptr
  }
}

type LoadState = 'unloaded' | 'compiling' | 'ready' | 'unavailable'
let state: LoadState = 'unloaded'
let kernel: WasmKernel | undefined
let compiled: Promise<void> | undefined

function load(): void {
  if (typeof WebAssembly !== 'object' || typeof atob !== 'function') {
    state = 'unavailable'
    return
  }
  const bytes = decodeBase64(SM2_WASM_BASE64)
  try {
    kernel = new WasmKernel(new WebAssembly.Module(bytes))
    state = 'ready'
  } catch {
    // A browser main thread refuses synchronous compilation over 4 KB (RangeError); a CSP may
    // forbid WebAssembly altogether (CompileError), which the asynchronous path reports too.
    state = 'compiling'
    compiled = WebAssembly.compile(bytes).then(
      (module) => {
        kernel = new WasmKernel(module)
        state = 'ready'
      },
      () => {
        state = 'unavailable'
      },
    )
  }
}

/**
 * The kernel if it is ready, else undefined (then use the TypeScript kernel). The first call
 * loads it: synchronously where allowed, otherwise it starts a background compilation.
 */
export function wasmKernel(): WasmKernel | undefined {
  if (state === 'unloaded') load()
  return kernel
}

/**
 * Resolves once loading has finished: true when the WebAssembly kernel is in use, false when
 * verification stays on the TypeScript kernel (no WebAssembly on this platform). Never
 * required: `sm2.verify` gives the same answers on either kernel, only the speed differs.
 * @returns whether verification now runs on the WebAssembly kernel; never rejects
 * @example
 * await sm2.whenFastVerifyReady() // in a browser page, before a burst of verifications
 */
export async function whenFastVerifyReady(): Promise<boolean> {
  if (state === 'unloaded') load()
  await compiled
  return kernel !== undefined
}
