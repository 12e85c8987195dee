/**
 * Vitest matchers for contract calls, registered when `inkstone/testing` is imported:
 *
 *   await expect(token.transfer(bob.address, 5n)).toEmit('Transfer', { from: alice.address, to: bob.address, amount: 5n })
 *   await expect(token.transfer(bob.address, 5n)).toEmit(escrow, 'Deposited')      // only events of `escrow`
 *   await expect(token.as(bob).mint(bob.address, 1n)).toRevertWith('only the owner can mint')
 *   await expect(token.burn(1n)).toRevertWith(/insufficient/)
 *
 * Both take a call of a test client (the promise), a function returning one, or (`toEmit`) a
 * receipt from `$receipt`. Event data is compared with vitest's equality, so asymmetric matchers
 * (`expect.any(String)`, `expect.objectContaining(…)`) work inside it. Both are asynchronous:
 * `await` them.
 */
import { expect } from 'vitest'
import { ContractCallError, type Receipt } from '../../compiler/client.ts'
import { eventsOf, receiptOf } from './test-chain.ts'

interface InkstoneMatchers<R = unknown> {
  /** The call succeeded and emitted an event `name` (with `data`, when given). */
  toEmit(name: string, data?: unknown): Promise<R>
  /** The call succeeded and `contract` emitted an event `name` (with `data`, when given). */
  toEmit(contract: { readonly $address: string }, name: string, data?: unknown): Promise<R>
  /** The call failed in a contract with this message (any message when none is given). */
  toRevertWith(message?: string | RegExp): Promise<R>
}

declare module 'vitest' {
  // The type parameter must match vitest's own declaration.
  interface Matchers<T = any> extends InkstoneMatchers<T> {}
}

type Settled = { ok: true; value: unknown } | { ok: false; error: unknown }

/** Runs the subject to its end; a test client's call resolves to its receipt rather than its value. */
async function settle(actual: unknown): Promise<Settled> {
  const subject = typeof actual === 'function' ? (actual as () => unknown)() : actual
  const receipt = subject instanceof Promise ? receiptOf(subject) : undefined
  // The call's own promise rejects with the receipt's: it is handled here.
  if (receipt) (subject as Promise<unknown>).catch(() => {})
  try {
    return { ok: true, value: await (receipt ?? subject) }
  } catch (error) {
    return { ok: false, error }
  }
}

function isReceipt(value: unknown): value is Receipt<unknown, unknown> {
  return typeof value === 'object' && value !== null && Array.isArray((value as Receipt<unknown, unknown>).events) && Array.isArray((value as Receipt<unknown, unknown>).otherEvents)
}

const describeError = (error: unknown) => (error instanceof Error ? `${error.name}: ${error.message}` : String(error))

expect.extend({
  async toEmit(actual: unknown, ...expected: unknown[]) {
    const contract = typeof expected[0] === 'object' && expected[0] !== null ? (expected.shift() as { $address: string }).$address : undefined
    const [name, data] = expected as [string, unknown]
    const hasData = expected.length > 1
    const show = (value: unknown) => this.utils.stringify(value, undefined, { min: true })
    const what = `${contract ? `${contract} ` : ''}event ${name}${hasData ? ` with ${show(data)}` : ''}`
    const settled = await settle(actual)
    if (!settled.ok) return { pass: false, message: () => `expected the call to emit ${what}, but it failed: ${describeError(settled.error)}` }
    if (!isReceipt(settled.value)) return { pass: false, message: () => 'toEmit expects a call of a test contract (token.transfer(…)), a function making one, or its $receipt' }
    const events = eventsOf(settled.value).filter((event) => contract === undefined || event.contract === contract)
    const named = events.filter((event) => event.name === name)
    const pass = named.some((event) => !hasData || this.equals(event.data, data))
    const emitted = events.length === 0 ? 'no events' : events.map((event) => `${event.name} ${show(event.data)}`).join('\n  ')
    return {
      pass,
      message: () => (pass ? `expected the call not to emit ${what}, but it did` : `expected the call to emit ${what}; it emitted:\n  ${emitted}`),
    }
  },

  async toRevertWith(actual: unknown, expected?: string | RegExp) {
    const what = expected === undefined ? 'to fail' : `to fail with ${this.utils.printExpected(expected)}`
    const settled = await settle(actual)
    if (settled.ok) return { pass: false, message: () => `expected the call ${what}, but it succeeded` }
    const error = settled.error
    if (!(error instanceof ContractCallError)) return { pass: false, message: () => `expected the call ${what} in the contract, but it threw ${describeError(error)}` }
    const pass = expected === undefined || (typeof expected === 'string' ? error.message === expected : expected.test(error.message))
    return {
      pass,
      message: () =>
        pass
          ? `expected the call not ${what}, but it did (${error.kind}: ${this.utils.printReceived(error.message)})`
          : `expected the call ${what}, but it failed with ${this.utils.printReceived(error.message)} (${error.kind})\n${error.stack}`,
    }
  },
})
