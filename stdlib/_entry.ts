/**
 * The runtime of entry points: the compiler's generated entry module exports one function per
 * public method, made by `entryPoint`. Not part of the public API.
 *
 * Per call it (1) checks the arguments against the method's ABI (abi.ts argsCheck: a loop of typeof
 * tests for the common signatures), so a nested call from another
 * contract cannot pass ill-typed values either, (2) turns `null` for an optional parameter into
 * `undefined` (canonical values have no `undefined`: that is how a caller skips one), (3) runs an
 * initializer at most once, (4) builds a fresh contract instance (its storage collections load
 * lazily) and calls the method, (5) turns an `undefined` result into `null`.
 *
 * The VM initialises the module once per context and discards the context after a call that
 * writes module-level state (docs/vm.md), so nothing here writes any: per-call state lives in the
 * instance and in locals.
 */
import { revert, storage } from 'inkstone:host'
import { argsCheck, type AbiMethod, type AbiTypes } from './abi.ts'

/** The storage key that marks an initialized contract (`$` is reserved: see _key.ts). */
const INIT_KEY = '$init'

/**
 * Makes the exported function of one entry point.
 * @param contract - the contract class (constructed without arguments for every call)
 * @param signature - the method's ABI and the named types its parameters refer to
 */
export function entryPoint(contract: new () => object, { method, types }: { method: AbiMethod; types: AbiTypes }): (...args: unknown[]) => unknown {
  const optional = method.params.some((param) => param.optional)
  const check = argsCheck(method, types)
  return (...args) => {
    const problem = check(args)
    if (problem !== undefined) throw new TypeError(problem)
    const values = optional ? args.map((arg, i) => (arg === null && method.params[i]!.optional ? undefined : arg)) : args
    if (method.kind === 'init') {
      if (storage.has(INIT_KEY)) revert('the contract is already initialized')
      storage.set(INIT_KEY, true)
    }
    const instance = new contract() as Record<string, (...args: unknown[]) => unknown>
    const result = instance[method.name]!(...values)
    return result === undefined ? null : result
  }
}
