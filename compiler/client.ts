/**
 * Typed contract clients without a codegen step: `ContractClient<typeof Token>` turns the
 * contract class's public methods into async methods with the same parameters and results.
 *
 * The types come from the class (import it with `import type`); the checks come from the ABI:
 * arguments are checked before anything is sent (an `AbiError` names the parameter and the type
 * it expects), results and events are checked when they come back. Where calls go is a `Provider`:
 * an in-process VM in tests, the node's RPC for the CLI. Works in Node and in a browser.
 */
import { checkArgs, checkValue, type Abi, type AbiMutability } from '../stdlib/abi.ts'
import type { ArgsOf, EntryPoints, EventsOf, ResultOf } from '../stdlib/contract.ts'

export interface ProviderRequest {
  contract: string
  method: string
  args: unknown[]
  /** A `view` can be answered without a transaction. */
  kind: AbiMutability
}

/** What a provider returns: the VM's `CallResult` has this shape. */
export interface ProviderResult {
  ok: boolean
  value?: unknown
  error?: { kind: string; message: string; contract: string }
  gasUsed: number
  events: readonly { contract: string; name: string; data: unknown }[]
}

export interface Provider {
  call(request: ProviderRequest): ProviderResult | Promise<ProviderResult>
}

/** An event of contract class `C`, typed by its name. */
export type ContractEvent<C> = { [N in keyof EventsOf<C> & string]: { name: N; data: EventsOf<C>[N] } }[keyof EventsOf<C> & string]

export interface Receipt<C, R> {
  value: R
  /** This contract's events, in order, checked against the ABI. */
  events: ContractEvent<C>[]
  /** Events of contracts it called, as they came. */
  otherEvents: { contract: string; name: string; data: unknown }[]
  gasUsed: number
}

export type ContractClient<C> = {
  readonly [M in EntryPoints<C>]: (...args: ArgsOf<C, M>) => Promise<ResultOf<C, M>>
} & {
  readonly $address: string
  readonly $abi: Abi
  /** Calls `method` and returns the whole receipt (result, typed events, gas). */
  $receipt<M extends EntryPoints<C>>(method: M, ...args: ArgsOf<C, M>): Promise<Receipt<C, ResultOf<C, M>>>
}

/** Arguments, a result or an event that do not match the ABI. */
export class AbiError extends TypeError {
  override name = 'AbiError'
}

/** The call failed in the contract: `kind` is `revert`, `error`, `out-of-gas` or `out-of-memory`. */
export class ContractCallError extends Error {
  override name = 'ContractCallError'
  readonly kind: string
  /** The contract in which it failed (a nested call's callee, perhaps). */
  readonly contract: string

  constructor(failure: { kind: string; message: string; contract: string }) {
    super(failure.message)
    this.kind = failure.kind
    this.contract = failure.contract
  }
}

/**
 * A typed client of the contract at `address`.
 * @example
 * const token = contractClient<typeof Token>(provider, 'token', artifact.abi)
 * await token.transfer('bob', 10n)        // Promise<void → null>
 * await token.balanceOf('bob')            // Promise<bigint>
 * await token.transfer('bob', '10')       // type error; at run time: AbiError naming "amount"
 */
export function contractClient<C>(provider: Provider, address: string, abi: Abi): ContractClient<C> {
  const receipt = async (name: string, ...args: unknown[]): Promise<Receipt<C, unknown>> => {
    const method = abi.methods.find((m) => m.name === name)
    if (!method) throw new AbiError(`the contract at ${address} has no method "${name}"`)
    const problem = checkArgs(method, args, abi.types)
    if (problem !== undefined) throw new AbiError(problem)
    const result = await provider.call({ contract: address, method: name, args: toWire(args), kind: method.kind })
    if (!result.ok) throw new ContractCallError(result.error!)
    const value = result.value ?? null
    const wrong = method.returns === 'void' ? (value === null ? undefined : `"${name}()" expected void (null), got a value`) : checkValue(method.returns, value, abi.types, `${name}()`)
    if (wrong !== undefined) throw new AbiError(`${address} returned a result that does not match its ABI: ${wrong}`)
    const own = result.events.filter((event) => event.contract === address)
    return {
      value,
      events: own.map(({ name, data }) => {
        const type = abi.events.find((event) => event.name === name)?.type
        const mismatch = type === undefined ? `unknown event "${name}"` : checkValue(type, data, abi.types, name)
        if (mismatch !== undefined) throw new AbiError(`${address} emitted an event that does not match its ABI: ${mismatch}`)
        return { name, data } as ContractEvent<C>
      }),
      otherEvents: result.events.filter((event) => event.contract !== address).map(({ contract, name, data }) => ({ contract, name, data })),
      gasUsed: result.gasUsed,
    }
  }
  const client: Record<string, unknown> = { $address: address, $abi: abi, $receipt: receipt }
  for (const { name } of abi.methods) client[name] = async (...args: unknown[]) => (await receipt(name, ...args)).value
  return client as ContractClient<C>
}

/** Canonical values have no `undefined`: trailing skipped arguments are left out, inner ones sent as null. */
function toWire(args: unknown[]): unknown[] {
  let length = args.length
  while (length > 0 && args[length - 1] === undefined) length--
  return args.slice(0, length).map((arg) => (arg === undefined ? null : arg))
}
