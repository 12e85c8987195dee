/**
 * Which kernel computes GB/T 32918.2 §7.1 B5–B7 (s·G + t·P_A and the x check) for `sm2.verify`:
 * the WebAssembly kernel (`_sm2-wasm.ts`) once it is loaded, otherwise the TypeScript kernel
 * (`_sm2-jacobian.ts`), which is also the oracle the tests compare the WebAssembly one with.
 * Per-key tables belong to the kernel that built them; a key whose table was built by the
 * TypeScript kernel (before the WebAssembly one was ready in a browser) keeps using it.
 * Internal: not re-exported.
 * @module
 */
import { bytesToBigInt } from './_bytes.ts'
import { addMulTable, baseTable, buildWindowTable, Jacobian, mulWnaf, xMatches, type WindowTable } from './_sm2-jacobian.ts'
import { wasmKernel, type WasmTable } from './_sm2-wasm.ts'
import { SM2_CURVE } from './sm2-curve.ts'

const { n } = SM2_CURVE

/** A per-key window table from either kernel. */
export type KeyTable = WindowTable | WasmTable

/** The public key as the kernels take it: affine coordinates as bigints and as x ‖ y bytes. */
export interface KernelKey {
  readonly x: bigint
  readonly y: bigint
  readonly xy: Uint8Array
}

let typeScriptOnly = false

/**
 * Forces the TypeScript kernel (true) or returns to the automatic choice (false), for tests
 * and benchmarks that compare the two.
 */
export function forceTypeScriptKernel(force: boolean): void {
  typeScriptOnly = force
}

const kernel = () => (typeScriptOnly ? undefined : wasmKernel())
const isWasmTable = (table: KeyTable | undefined): table is WasmTable => table !== undefined && 'kind' in table

/**
 * Whether (e + x₁) mod n = r for (x₁, y₁) = s·G + t·P_A, t = (r + s) mod n; false when t = 0.
 * @param key - P_A, validated (on the curve, not infinity)
 * @param table - P_A's table, if any
 * @param signature - raw r ‖ s (64 bytes) whose values are `r`, `s`, both in [1, n − 1]
 * @param digest - e = SM3(Z_A ‖ M)
 */
export function verifyWithKernel(key: KernelKey, table: KeyTable | undefined, signature: Uint8Array, r: bigint, s: bigint, digest: Uint8Array): boolean {
  const wasm = kernel()
  if (wasm !== undefined && (table === undefined || isWasmTable(table))) return wasm.verify(key.xy, signature, digest, table)
  const t = (r + s) % n
  if (t === 0n) return false // §7.1 B5
  const acc = Jacobian.infinity()
  if (table !== undefined && !isWasmTable(table)) addMulTable(acc, table, t)
  else mulWnaf(acc, key.x, key.y, t)
  addMulTable(acc, baseTable(), s)
  return xMatches(acc, (((r - bytesToBigInt(digest)) % n) + n) % n) // (e + x₁) mod n = r
}

/** Builds P_A's table of width W with the current kernel. */
export function buildKeyTable(key: KernelKey, W: number): KeyTable {
  const wasm = kernel()
  if (wasm !== undefined) {
    try {
      return wasm.buildTable(key.xy, W)
    } catch (error) {
      // Linear memory could not grow (RangeError): a table on the JavaScript heap still works.
      if (!(error instanceof RangeError)) throw error
    }
  }
  return buildWindowTable(key.x, key.y, W)
}

/** Frees a table's memory now (WebAssembly tables; TypeScript ones are left to the GC). */
export function releaseKeyTable(table: KeyTable): void {
  if (isWasmTable(table)) wasmKernel()!.releaseTable(table)
}

/** Rough heap cost of one affine point of a TypeScript table: two 256-bit bigints and array slots. */
const TS_BYTES_PER_POINT = 112 // measured: a W = 8 table (4,224 points) holds ~470 KB

/** Memory held by a table: exact for WebAssembly (64 bytes a point), estimated for TypeScript. */
export function keyTableBytes(table: KeyTable): number {
  return isWasmTable(table) ? table.bytes : table.xs.length * TS_BYTES_PER_POINT
}
