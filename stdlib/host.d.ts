/**
 * Types of the VM bridge, `require('inkstone:host')` (docs/vm.md "The bridge"). Only the stdlib
 * imports it: contracts use the typed API in `inkstone`, and the compiler rejects a direct import.
 */
declare module 'inkstone:host' {
  /** The call context; frozen by the VM. `caller !== origin` exactly when another contract called. */
  export interface Context {
    /** The account or contract that called this method. */
    readonly caller: string
    /** The account that signed the transaction. */
    readonly origin: string
    /** This contract's address. */
    readonly self: string
    readonly blockHeight: number
    /** Milliseconds since the Unix epoch, set by the block producer. */
    readonly blockTime: number
    readonly txHash: string
  }

  export const storage: {
    /** The stored value (a fresh copy) or `undefined`. */
    get(key: string): unknown
    has(key: string): boolean
    set(key: string, value: unknown): void
    delete(key: string): void
    /** Entries under `prefix` in UTF-8 key order, after the key `after`; `limit` 1–1000 (default 100). */
    entries(prefix: string, options?: { after?: string; limit?: number }): readonly (readonly [string, unknown])[]
  }
  export function emit(name: string, data: unknown): void
  /** Calls another contract synchronously; throws `CallError` when the callee fails. */
  export function call(address: string, method: string, args: readonly unknown[], options?: { gas?: number }): unknown
  export function context(): Context
  /** `context().caller` without building the context object. */
  export function caller(): string
  /** `context().self` without building the context object. */
  export function self(): string
  export function gasLeft(): number
  export function revert(message: string): never
  /** `revert(message)` unless `condition` holds. */
  export function revertUnless(condition: unknown, message: string): asserts condition
  export class RevertError extends Error {}
  export class CallError extends Error {}
}
