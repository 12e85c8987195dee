/**
 * The test harness over a backend (in-process chain or node): named accounts, deployments from
 * a path or an artifact, typed clients with `as(account)`, block and time control, snapshots,
 * and for every call its gas record, its `console.log` lines (tagged by contract and call) and,
 * when it fails, a `ContractCallError` whose stack is the contract's TypeScript frames followed
 * by the test's own. Free of `node:` and of vitest: index.ts wires it into vitest.
 */
import type { Artifact } from '../../compiler/artifact.ts'
import { contractClient, ContractCallError, type ContractClient, type Provider, type ProviderResult, type Receipt } from '../../compiler/client.ts'
import type { CanonicalValue } from '../../vm/canonical.ts'
import type { VmLog } from '../../vm/vm.ts'
import { checkArgs } from '../abi.ts'
import type { ArgsOf, EntryPoints } from '../contract.ts'
import { testAccount, testAccounts, type Account, type Accounts } from './accounts.ts'
import type { Backend, CallRequest, Outcome } from './backend.ts'
import { contractFrames, formatFrames } from './stack.ts'

/** An artifact and the directory its source paths are relative to ('' when unknown). */
export interface LoadedArtifact {
  artifact: Artifact
  root: string
}

export interface GasRecord {
  /** The contract's name (its class), or its address when the harness does not know it. */
  contract: string
  /** The method; `deploy` for a deployment (its initializer included). */
  method: string
  kind: 'call' | 'view' | 'deploy'
  gasUsed: number
}

export interface TestChainOptions {
  /** Gas limit of every transaction (default 20,000,000). */
  gasLimit?: number
  /** Turns a path given to `deploy`/`at` into an artifact (index.ts compiles `.ts` files). */
  load?: (path: string) => Promise<LoadedArtifact>
  /** Where contracts' `console.log` lines go (default `console.log`); `false` drops them. */
  log?: ((line: string) => void) | false
  /** Called with the gas of every call, view and deployment. */
  onGas?: (record: GasRecord) => void
}

/** The initializer's parameters of contract class `C`. */
export type InitArgs<C> = 'init' extends EntryPoints<C> ? ArgsOf<C, 'init'> : unknown[]

/** A typed client of a deployed contract whose transactions one account signs. */
export type TestContract<C> = ContractClient<C> & {
  /** The same contract, with `account` signing. */
  as(account: Account): TestContract<C>
  readonly $artifact: Artifact
}

export interface SendOptions {
  /** Who signs (default `alice`). */
  from?: Account
  gasLimit?: number
}

/** Each call's value promise (`token.transfer(…)`) → its receipt, for the `toEmit` matcher. */
const receipts = new WeakMap<Promise<unknown>, Promise<Receipt<unknown, unknown>>>()
/** Each receipt → the address of the contract called. */
const owners = new WeakMap<object, string>()

/** The receipt of a call made through a test client (`token.transfer(…)`), if it was one. */
export function receiptOf(call: Promise<unknown>): Promise<Receipt<unknown, unknown>> | undefined {
  return receipts.get(call)
}

/** Every event of a test client's receipt (the called contract's and the others'), with its contract. */
export function eventsOf(receipt: Receipt<unknown, unknown>): { contract: string; name: string; data: unknown }[] {
  const contract = owners.get(receipt) ?? ''
  return [...receipt.events.map(({ name, data }) => ({ contract, name, data })), ...receipt.otherEvents]
}

// Frames of the harness and the client are noise in a test's stack: the test's own frames follow them.
const INTERNAL = [new URL('./', import.meta.url).pathname, new URL('../../compiler/client.ts', import.meta.url).pathname]

export class TestChain {
  readonly accounts: Accounts = testAccounts()
  readonly #backend: Backend
  readonly #options: TestChainOptions
  readonly #gasLimit: number
  /** What the harness deployed or was told about: names for logs and gas, source maps for stacks. */
  readonly #contracts = new Map<string, LoadedArtifact>()

  constructor(backend: Backend, options: TestChainOptions = {}) {
    this.#backend = backend
    this.#options = options
    this.#gasLimit = options.gasLimit ?? 20_000_000
  }

  /** The account called `name` (the same keys in every run). */
  account(name: string): Account {
    return this.accounts[name as keyof Accounts] ?? testAccount(name)
  }

  /**
   * Deploys a contract — a `.ts` file (compiled), an `.artifact.json` file or an artifact — and
   * runs its initializer with `args`. Throws `ContractCallError` when the initializer fails.
   * @example const token = await chain.deploy<typeof Token>('contracts/token.ts', ['INK', 1_000n])
   */
  async deploy<C>(source: string | Artifact, args?: InitArgs<C>, { from = this.accounts.alice, gasLimit = this.#gasLimit }: SendOptions = {}): Promise<TestContract<C>> {
    const site = new Error()
    const loaded = await this.#load(source)
    const { name, bundle, abi } = loaded.artifact
    const init = abi.methods.find((method) => method.kind === 'init')
    if (!init && args !== undefined && args.length > 0) throw new TypeError(`${name} has no initializer: deploy it without arguments`)
    const problem = init && checkArgs(init, args ?? [], abi.types)
    if (problem) throw new TypeError(`${name}.${problem}`)
    const outcome = await this.#backend.deploy(from, { name, bundle, abi: abi as unknown as CanonicalValue, args: init ? ((args ?? []) as CanonicalValue[]) : null }, gasLimit)
    this.#print(outcome.logs, name, 'init')
    this.#options.onGas?.({ contract: name, method: 'deploy', kind: 'deploy', gasUsed: outcome.gasUsed })
    if (!outcome.ok) throw this.#failure(outcome.error!, site, loaded)
    this.#contracts.set(outcome.contractAddress!, loaded)
    return this.#client<C>(outcome.contractAddress!, loaded, from)
  }

  /** A client of a contract already deployed at `address`. */
  async at<C>(address: string, source: string | Artifact, from: Account = this.accounts.alice): Promise<TestContract<C>> {
    const loaded = await this.#load(source)
    this.#contracts.set(address, loaded)
    return this.#client<C>(address, loaded, from)
  }

  blockNumber(): Promise<number> {
    return this.#backend.blockNumber()
  }

  /** The newest block's time, ms since the epoch (what contracts see as `blockTime`). */
  time(): Promise<number> {
    return this.#backend.time()
  }

  /** Mines `blocks` empty blocks, one second apart. In-process chain only. */
  mine(blocks = 1): Promise<void> {
    return this.#backend.mine(blocks, 1_000)
  }

  /** Mines one empty block `ms` after the newest: time moves on by `ms`. In-process chain only. */
  async advanceTime(ms: number): Promise<void> {
    if (!Number.isSafeInteger(ms) || ms < 0) throw new RangeError(`advanceTime: "ms" expected a non-negative integer, got ${ms}`)
    await this.#backend.mine(1, ms)
  }

  /** Remembers the chain as it is; `revert(id)` returns to it (as often as needed). In-process chain only. */
  snapshot(): Promise<number> {
    return this.#backend.snapshot()
  }

  /** Returns to snapshot `id`; snapshots taken after it are gone. In-process chain only. */
  revert(id: number): Promise<void> {
    return this.#backend.revert(id)
  }

  close(): Promise<void> {
    return this.#backend.close()
  }

  async #load(source: string | Artifact): Promise<LoadedArtifact> {
    if (typeof source !== 'string') return { artifact: source, root: '' }
    if (!this.#options.load) throw new TypeError(`deploy("${source}"): this chain loads no files; pass an artifact`)
    return this.#options.load(source)
  }

  #client<C>(address: string, loaded: LoadedArtifact, sender: Account): TestContract<C> {
    const { abi } = loaded.artifact
    if (abi.methods.some((method) => method.name === 'as')) throw new TypeError(`${loaded.artifact.name} has a method named "as", which clashes with the client's as(account)`)
    const base = contractClient<unknown>(this.#provider(sender), address, abi) as Record<string, unknown> & { $receipt(method: string, ...args: unknown[]): Promise<Receipt<unknown, unknown>> }
    const $receipt = (method: string, ...args: unknown[]) =>
      base.$receipt(method, ...args).then((receipt) => {
        owners.set(receipt, address)
        return receipt
      })
    const client: Record<string, unknown> = { ...base, $receipt, $artifact: loaded.artifact, as: (account: Account) => this.#client<C>(address, loaded, account) }
    for (const { name } of abi.methods) {
      client[name] = (...args: unknown[]) => {
        const receipt = $receipt(name, ...args)
        const value = receipt.then((r) => r.value)
        receipts.set(value, receipt)
        return value
      }
    }
    return client as TestContract<C>
  }

  #provider(sender: Account): Provider {
    return {
      call: ({ contract, method, args, kind }) => {
        const site = new Error() // here the test's frames are still on the stack
        const request: CallRequest = { contract, method, args: args as CanonicalValue[] }
        const run = kind === 'view' ? this.#backend.view(sender, request) : this.#backend.call(sender, request, this.#gasLimit)
        return run.then((outcome): ProviderResult => {
          const name = this.#name(contract)
          this.#print(outcome.logs, name, method)
          this.#options.onGas?.({ contract: name, method, kind: kind === 'view' ? 'view' : 'call', gasUsed: outcome.gasUsed })
          if (!outcome.ok) throw this.#failure(outcome.error!, site)
          return { ok: true, value: outcome.value, gasUsed: outcome.gasUsed, events: outcome.events }
        })
      },
    }
  }

  #name(address: string): string {
    return this.#contracts.get(address)?.artifact.name ?? address
  }

  /** Prints `[Token.transfer] …`; a nested call's lines name the outermost call too: `[Escrow.release → Token.transfer] …`. */
  #print(logs: readonly VmLog[], contract: string, method: string): void {
    const log = this.#options.log ?? ((line: string) => console.log(line))
    if (log === false) return
    for (const { contract: address, method: inner, depth, message } of logs) {
      const tag = depth === 0 ? `${contract}.${method}` : `${contract}.${method} →${depth > 1 ? ' … →' : ''} ${this.#name(address)}.${inner}`
      log(`[${tag}] ${message}`)
    }
  }

  /** The error a failed call throws: the contract's TypeScript frames, then the test's. */
  #failure(error: NonNullable<Outcome['error']>, site: Error, deploying?: LoadedArtifact): ContractCallError {
    const failure = new ContractCallError(error)
    const known = this.#contracts.get(error.contract) ?? deploying
    const frames = known && error.stack ? contractFrames(error.stack, known.artifact.sourceMap) : []
    const contract = formatFrames(frames, (file) => (known!.root ? `${known!.root}/${file}` : file))
    const caller = (site.stack ?? '').split('\n').slice(1).filter((line) => !INTERNAL.some((path) => line.includes(path)))
    failure.stack = [`${failure.name}: ${failure.message}`, ...(contract ? [contract] : []), ...caller].join('\n')
    return failure
  }
}
