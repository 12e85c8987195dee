/**
 * The call context, reverts and gas.
 * @module
 */
import { caller as hostCaller, context as hostContext, gasLeft as hostGasLeft, revert as hostRevert, self as hostSelf, type Context } from 'inkstone:host'

export type { Context }

/**
 * Who called, on which contract, in which block and transaction.
 * @example
 * const { caller, blockHeight } = context()
 */
export function context(): Context {
  return hostContext()
}

/**
 * The account or contract that called this method (cheaper than `context().caller`). The bridge's
 * own function, not a wrapper: a contract calls it on most calls, and a wrapper is one more
 * interpreted, metered call.
 */
export const caller: () => string = hostCaller

/** This contract's address (cheaper than `context().self`). */
export function self(): string {
  return hostSelf()
}

/** Fails the call with `message` (kind `revert`): its writes and events are dropped. */
export function revert(message: string): never {
  return hostRevert(message)
}

/**
 * Reverts with `message` unless `condition` holds.
 * @example
 * require(balance >= amount, 'insufficient balance')
 */
export function require(condition: unknown, message: string): asserts condition {
  if (!condition) hostRevert(message)
}

/** Gas left for this call. */
export function gasLeft(): number {
  return hostGasLeft()
}
