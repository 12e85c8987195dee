/**
 * The in-process chain: the node's own chain code (node/chain.ts: executor, world state, state
 * root, SM2-signed transactions, intrinsic gas) over an in-memory store, one block per
 * transaction. Gas, events, receipts and failures are therefore exactly what a node produces.
 *
 * Two things a node does not offer:
 * - **Snapshots.** The store keeps every block's state changes; reverting replays them up to the
 *   snapshot into a fresh store and reopens the chain on it (cheap at test sizes).
 * - **What the VM saw.** Receipts are consensus data and carry no `console.log` lines, so the
 *   VM's `call` is observed to keep the last result's logs.
 * No `node:` imports: it runs in browsers too.
 */
import { Chain } from '../../node/chain.ts'
import { MemoryStore, type BlockRecord, type ChainStore } from '../../node/store.ts'
import { signTx, type TxBody } from '../../node/tx.ts'
import type { StateChanges } from '../../node/world-state.ts'
import { Vm, type CallResult } from '../../vm/vm.ts'
import type { Account } from './accounts.ts'
import type { Backend, CallRequest, DeployRequest, Outcome } from './backend.ts'

export interface LocalChainOptions {
  /** Default `inkstone-dev`, `inkstone node`'s: the chain id is in every transaction, so its length is in their gas. */
  chainId?: string
  /** The genesis block's time, ms since the epoch (default 2025-01-01T00:00:00Z: runs are reproducible). */
  genesisTime?: number
  /** Time between the blocks transactions are mined in, ms (default 1,000). */
  blockIntervalMs?: number
}

/** A MemoryStore that remembers its commits, so it can be cut back to an earlier height. */
class SnapshotStore implements ChainStore {
  #store = new MemoryStore()
  readonly #commits: [BlockRecord, StateChanges][] = []

  get commits(): number {
    return this.#commits.length
  }

  open() {
    return this.#store.open()
  }

  commit(block: BlockRecord, changes: StateChanges): Promise<void> {
    this.#commits.push([block, changes])
    return this.#store.commit(block, changes)
  }

  block(height: number) {
    return this.#store.block(height)
  }

  heightOf(blockHash: string) {
    return this.#store.heightOf(blockHash)
  }

  txLocation(txHash: string) {
    return this.#store.txLocation(txHash)
  }

  async close() {}

  /** Keeps the first `count` commits only. */
  async truncate(count: number): Promise<void> {
    const store = new MemoryStore()
    for (const [block, changes] of this.#commits.slice(0, count)) await store.commit(block, changes)
    this.#commits.length = count
    this.#store = store
  }
}

export class LocalBackend implements Backend {
  readonly #vm: Vm
  readonly #store: SnapshotStore
  readonly #options: Required<LocalChainOptions>
  #chain: Chain
  /** The VM's result for the transaction being executed (a deploy without initializer has none). */
  #last: CallResult | null = null
  /** Snapshot id → commits at that point. */
  readonly #snapshots = new Map<number, number>()
  #nextSnapshot = 1

  private constructor(vm: Vm, store: SnapshotStore, chain: Chain, options: Required<LocalChainOptions>) {
    this.#vm = vm
    this.#store = store
    this.#chain = chain
    this.#options = options
    const call = vm.call.bind(vm)
    vm.call = (request) => (this.#last = call(request))
  }

  static async create(options: LocalChainOptions = {}): Promise<LocalBackend> {
    const settings = { chainId: options.chainId ?? 'inkstone-dev', genesisTime: options.genesisTime ?? Date.UTC(2025, 0, 1), blockIntervalMs: options.blockIntervalMs ?? 1_000 }
    const vm = await Vm.create()
    const store = new SnapshotStore()
    const chain = await Chain.open({ chainId: settings.chainId, store, vm, genesisTime: settings.genesisTime })
    return new LocalBackend(vm, store, chain, settings)
  }

  deploy(from: Account, deploy: DeployRequest, gasLimit: number): Promise<Outcome> {
    return this.#transact(from, { deploy }, gasLimit)
  }

  call(from: Account, { contract, method, args }: CallRequest, gasLimit: number): Promise<Outcome> {
    return this.#transact(from, { call: { to: contract, method, args } }, gasLimit)
  }

  async view(from: Account, { contract, method, args }: CallRequest): Promise<Outcome> {
    return outcome(this.#chain.view(contract, method, args, { sender: from.address }))
  }

  async blockNumber(): Promise<number> {
    return this.#chain.head.header.height
  }

  async time(): Promise<number> {
    return this.#chain.head.header.time
  }

  async mine(blocks: number, intervalMs: number): Promise<void> {
    for (let i = 0; i < blocks; i++) await this.#chain.execute({ time: this.#chain.head.header.time + intervalMs, txs: [] }).committed
  }

  async snapshot(): Promise<number> {
    await this.#chain.flush()
    const id = this.#nextSnapshot++
    this.#snapshots.set(id, this.#store.commits)
    return id
  }

  async revert(id: number): Promise<void> {
    const commits = this.#snapshots.get(id)
    if (commits === undefined) throw new RangeError(`no snapshot ${id}: it was never taken, or an earlier one was reverted to`)
    // Later snapshots describe a history that no longer exists.
    for (const later of this.#snapshots.keys()) if (later > id) this.#snapshots.delete(later)
    await this.#chain.flush()
    await this.#store.truncate(commits)
    this.#chain = await Chain.open({ chainId: this.#options.chainId, store: this.#store, vm: this.#vm })
  }

  async close(): Promise<void> {
    await this.#chain.close()
  }

  /** A method, so that the type checker does not assume `#last` still holds what was assigned before `execute`. */
  #seen(): CallResult | null {
    return this.#last
  }

  async #transact(from: Account, action: Pick<TxBody, 'call' | 'deploy'>, gasLimit: number): Promise<Outcome> {
    const chain = this.#chain
    const tx = signTx({ chainId: chain.chainId, from: from.publicKey, nonce: chain.nonceOf(from.address), gasLimit, ...action }, from.privateKey)
    this.#last = null
    const { block, committed } = chain.execute({ time: chain.head.header.time + this.#options.blockIntervalMs, txs: [tx] })
    // Taken before waiting: another call may execute while this block commits.
    const seen = this.#seen()
    await committed
    const receipt = block.receipts[0]
    // Only a transaction the executor refuses (a gas limit out of range, the wall-clock fuse) is skipped.
    if (!receipt) throw new Error(`the transaction was not included: ${block.skipped[0]?.reason}`)
    const { status, value, error, gasUsed, events, contractAddress } = receipt
    return { ok: status === 'ok', value, error, gasUsed, events, logs: seen?.logs ?? [], contractAddress }
  }
}

function outcome({ ok, value, error, gasUsed, events, logs }: CallResult): Outcome {
  return { ok, value: value ?? null, error: error ?? null, gasUsed, events, logs, contractAddress: null }
}
