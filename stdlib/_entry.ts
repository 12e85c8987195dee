/**
 * The runtime of entry points: the compiler's generated entry module exports one function per
 * public method, made by `entryPoint`. Not part of the public API.
 *
 * Per call it (1) checks the arguments against the method's ABI (so a nested call from another
 * contract cannot pass ill-typed values: the outermost call is checked again, which costs little
 * and keeps the check in consensus), (2) runs an initializer at most once, (3) builds a fresh
 * contract instance (its storage collections load lazily) and calls the method, (4) turns an
 * `undefined` result into `null`, the canonical "nothing".
 *
 * Module-level state here lives for one call only: the VM re-runs the bundle for every call.
 */
import { revert, storage } from 'inkstone:host'
import { checkArgs, type AbiMethod, type AbiTypes } from './abi.ts'

/** The storage key that marks an initialized contract (`$` is reserved: see _key.ts). */
const INIT_KEY = '$init'

let running: AbiMethod | undefined

/** Throws when the running entry point is a view: views read state, never change it. */
export function assertWritable(action: string): void {
  if (running?.kind === 'view') throw new TypeError(`${running.name} is a view: it cannot ${action}`)
}

/**
 * Makes the exported function of one entry point.
 * @param contract - the contract class (constructed without arguments for every call)
 * @param signature - JSON of `{ method: AbiMethod, types: AbiTypes }`, the types it refers to only
 */
export function entryPoint(contract: new () => object, signature: string): (...args: unknown[]) => unknown {
  return (...args) => {
    const { method, types } = JSON.parse(signature) as { method: AbiMethod; types: AbiTypes }
    const problem = checkArgs(method, args, types)
    if (problem !== undefined) throw new TypeError(problem)
    if (method.kind === 'init') {
      if (storage.has(INIT_KEY)) revert('the contract is already initialized')
      storage.set(INIT_KEY, true)
    }
    running = method
    const instance = new contract() as Record<string, (...args: unknown[]) => unknown>
    const result = instance[method.name]!(...args)
    return result === undefined ? null : result
  }
}
