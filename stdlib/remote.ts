/**
 * Typed calls to other contracts.
 * @module
 */
import { call } from 'inkstone:host'
import type { ArgsOf, EntryPoints, ResultOf } from './contract.ts'

/** A handle on a deployed contract of class `C`; its calls are checked against `C`'s methods. */
export class RemoteContract<C> {
  readonly address: string
  readonly #options: { gas?: number } | undefined

  constructor(address: string, options?: { gas?: number }) {
    this.address = address
    this.#options = options
  }

  /**
   * Calls `method` synchronously and returns its result. Throws `CallError` when the callee
   * fails (its changes are undone; catch it to go on). The callee sees this contract as `caller`.
   * A contract already on the call stack cannot be called again (reentrancy is refused).
   */
  call<M extends EntryPoints<C>>(method: M, ...args: ArgsOf<C, M>): ResultOf<C, M> {
    return call(this.address, method, args, this.#options) as ResultOf<C, M>
  }
}

/**
 * The contract of class `C` at `address`. Import the class with `import type` so that its code
 * is not bundled into the caller.
 * @param options.gas - the most gas the callee may use (default: all but 1/64 of what is left)
 * @example
 * import type { Token } from '../token/token.ts'
 * contractAt<typeof Token>(tokenAddress).call('transfer', seller, price)
 */
export function contractAt<C>(address: string, options?: { gas?: number }): RemoteContract<C> {
  return new RemoteContract<C>(address, options)
}
