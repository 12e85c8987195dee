/**
 * The call context, reverts and gas.
 *
 * Each of these is the VM bridge's own function, not a wrapper: a wrapper would be one more
 * interpreted, metered call on most calls' path, and one more frame in a failure's stack (the
 * innermost frame of a failed `require` is the line that called it).
 * @module
 */
import { caller as hostCaller, context as hostContext, gasLeft as hostGasLeft, revert as hostRevert, revertUnless, self as hostSelf, type Context } from 'inkstone:host'

export type { Context }

/**
 * Who called, on which contract, in which block and transaction.
 * @example
 * const { caller, blockHeight } = context()
 */
export const context: () => Context = hostContext

/** The account or contract that called this method (cheaper than `context().caller`). */
export const caller: () => string = hostCaller

/** This contract's address (cheaper than `context().self`). */
export const self: () => string = hostSelf

/** Fails the call with `message` (kind `revert`): its writes and events are dropped. */
export const revert: (message: string) => never = hostRevert

/**
 * Reverts with `message` unless `condition` holds.
 * @example
 * require(balance >= amount, 'insufficient balance')
 */
export const require: (condition: unknown, message: string) => asserts condition = revertUnless

/** Gas left for this call. */
export const gasLeft: () => number = hostGasLeft
