/**
 * The runtime of entry points: the compiler's generated entry module exports one function per
 * public method, made by `entryPoint`. Not part of the public API.
 *
 * Per call it (1) checks the arguments against the method's ABI (abi.ts argsCheck: a loop of typeof
 * tests for the common signatures), so a nested call from another
 * contract cannot pass ill-typed values either, (2) turns `null` for an optional parameter into
 * `undefined` (canonical values have no `undefined`: that is how a caller skips one), (3) runs an
 * initializer at most once, (4) calls the method on the contract instance, (5) turns an
 * `undefined` result into `null`.
 *
 * The VM initialises the module once per context and discards the context after a call that
 * writes module-level state (docs/vm.md), so nothing here writes any: per-call state lives in
 * locals and in storage.
 */
import { revert, storage } from 'inkstone:host'
import { argsCheck, type AbiMethod, type AbiTypes } from './abi.ts'

/** The storage key that marks an initialized contract (`$` is reserved: see _key.ts). */
const INIT_KEY = '$init'

/**
 * Builds the contract instance every entry point shares, once, while the module initialises. The
 * VM then freezes it with the rest of module state, so no call can leave anything in it for the
 * next (its fields are storage handles: the compiler requires them readonly). A constructor that
 * uses the host (storage, context) cannot run then: such a contract is built for every call
 * instead (undefined here), as is one whose constructor throws.
 */
export function sharedInstance(contract: new () => object): object | undefined {
  try {
    return new contract()
  } catch {
    return undefined
  }
}

/**
 * Makes the exported function of one entry point.
 * @param contract - the contract class (constructed without arguments)
 * @param shared - its instance from `sharedInstance`; without one, each call builds its own
 * @param signature - the method's ABI and the named types its parameters refer to
 */
export function entryPoint(
  contract: new () => object,
  shared: object | undefined,
  { method, types }: { method: AbiMethod; types: AbiTypes },
): (...args: unknown[]) => unknown {
  const optional = method.params.some((param) => param.optional)
  const check = argsCheck(method, types)
  const { name } = method
  const initializer = method.kind === 'init'
  return (...args) => {
    const problem = check(args)
    if (problem !== undefined) throw new TypeError(problem)
    const values = optional ? args.map((arg, i) => (arg === null && method.params[i]!.optional ? undefined : arg)) : args
    if (initializer) {
      if (storage.has(INIT_KEY)) revert('the contract is already initialized')
      storage.set(INIT_KEY, true)
    }
    const instance = (shared ?? new contract()) as Record<string, (...args: unknown[]) => unknown>
    // Up to three arguments without a spread: the VM prices a spread with a call of its own.
    let result: unknown
    switch (values.length) {
      case 0:
        result = instance[name]!()
        break
      case 1:
        result = instance[name]!(values[0])
        break
      case 2:
        result = instance[name]!(values[0], values[1])
        break
      case 3:
        result = instance[name]!(values[0], values[1], values[2])
        break
      default:
        result = instance[name]!(...values)
    }
    return result === undefined ? null : result
  }
}
