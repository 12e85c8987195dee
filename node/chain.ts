/**
 * The chain: working state + VM + store. It turns ordered batches into committed blocks and
 * answers queries. It never decides order (that is the orderer's job), so the same code serves
 * a solo producer, a replica fed by a consensus engine, and replay verification.
 *
 * Pipelining: `execute` runs a batch on the in-memory state at once and queues its store commit
 * behind the previous one, so the next batch can execute while LevelDB writes. A block's
 * receipts and its `onBlock` notification appear only after its commit is durable. If a commit
 * fails, in-memory state is ahead of the store: the chain refuses all further work (restart it).
 */
import type { CanonicalValue } from '../vm/canonical.ts'
import { LIMITS } from '../vm/gas-schedule.ts'
import { Vm, VmFuseError, type CallResult } from '../vm/vm.ts'
import { blockHash, ZERO_HASH, type BlockHeader, type Receipt } from './block.ts'
import { verify } from './crypto.ts'
import { executeBatch, type Batch, type ExecutedBlock } from './executor.ts'
import type { BlockRecord, ChainStore, StoredBlock } from './store.ts'
import { decodeTx, type SignedTx } from './tx.ts'
import { ViewBudget, ViewLimitError, type ViewLimits } from './view-limits.ts'
import { WorldState, type ContractRecord } from './world-state.ts'

export interface ChainOptions {
  chainId: string
  store: ChainStore
  vm?: Vm
  /** Genesis block time (ms since the epoch); every node of a chain must use the same. */
  genesisTime?: number
  /**
   * A node's limits on views (node/view-limits.ts). With them, views run on a VM of their own,
   * capped and within a share of this thread's time; without (tests, the playground), on `vm`.
   */
  views?: ViewLimits
}

export interface Head {
  header: BlockHeader
  hash: string
}

export type BlockListener = (block: ExecutedBlock) => void

/** Checks a transaction's signature (the verifying pool or inline). */
export const verifyTx = (tx: SignedTx): boolean => verify(tx.message, tx.sig, tx.body.from)

export class Chain {
  readonly chainId: string
  readonly state = new WorldState()
  readonly vm: Vm
  /** The VM views run on: `vm` itself unless the chain has view limits. */
  readonly viewVm: Vm
  readonly store: ChainStore
  readonly #views: { limits: ViewLimits; budget: ViewBudget } | null
  /** The newest executed block (possibly not yet durable). */
  #tip: Head
  /** The newest durable block. */
  #head: Head
  #commits: Promise<void> = Promise.resolve()
  #failed: Error | null = null
  readonly #listeners = new Set<BlockListener>()

  private constructor(options: ChainOptions, vm: Vm, viewVm: Vm, head: Head) {
    this.chainId = options.chainId
    this.store = options.store
    this.vm = vm
    this.viewVm = viewVm
    this.#views = options.views ? { limits: options.views, budget: new ViewBudget(options.views) } : null
    this.#tip = this.#head = head
  }

  /** Opens the chain at its last committed block, creating genesis in an empty store. */
  static async open(options: ChainOptions): Promise<Chain> {
    const vm = options.vm ?? (await Vm.create())
    // Its own engine: a view's failures and loads touch neither the contexts blocks run on nor
    // their memory. Fewer cached contexts: views are served best-effort.
    const viewVm = options.views ? await Vm.create({ maxContexts: 16, maxCachedInitBytes: 64 * 1024 * 1024 }) : vm
    const { height, state } = await options.store.open()
    const placeholder: Head = { header: genesisHeader(options.chainId, options.genesisTime ?? 0, ZERO_HASH), hash: '' }
    const chain = new Chain(options, vm, viewVm, placeholder)
    if (height === undefined) {
      const header = genesisHeader(options.chainId, options.genesisTime ?? 0, chain.state.root())
      const genesis = { header, hash: blockHash(header), txs: [], receipts: [] }
      await options.store.commit(genesis, new Map())
      chain.#tip = chain.#head = genesis
      return chain
    }
    for await (const entry of state) chain.state.load([entry])
    const block = (await options.store.block(height))!
    if (block.header.chainId !== options.chainId) {
      throw new Error(`store holds chain "${block.header.chainId}", not "${options.chainId}"`)
    }
    if (chain.state.root() !== block.header.stateRoot) {
      throw new Error(`store is inconsistent: state root ${chain.state.root()} ≠ block ${height}'s ${block.header.stateRoot}`)
    }
    chain.#tip = chain.#head = { header: block.header, hash: block.hash }
    return chain
  }

  /** The newest durable block. */
  get head(): Head {
    return this.#head
  }

  /** The newest executed block: what `state` and `view` reflect (its commit may still be under way). */
  get tip(): Head {
    return this.#tip
  }

  onBlock(listener: BlockListener): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /**
   * Executes an ordered batch on top of the tip and queues its commit. Returns the block and a
   * promise that settles when it is durable (and listeners were told).
   */
  execute(batch: Batch, verifySignature: (tx: SignedTx) => boolean = verifyTx): { block: ExecutedBlock; committed: Promise<void> } {
    this.#check()
    this.state.begin()
    let block: ExecutedBlock
    try {
      block = executeBatch({ vm: this.vm, state: this.state, chainId: this.chainId, parent: this.#tip, batch, verify: verifySignature })
    } catch (error) {
      this.state.rollback()
      throw error
    }
    return { block, committed: this.#queueCommit(block) }
  }

  /**
   * Imports a block produced elsewhere: re-executes its transactions (checking signatures) and
   * accepts it only if every header field matches. On a mismatch nothing changes.
   */
  async importBlock(stored: Pick<StoredBlock, 'header' | 'hash' | 'txs'>): Promise<ExecutedBlock> {
    this.#check()
    if (stored.header.parentHash !== this.#tip.hash) throw new Error(`block ${stored.header.height} does not extend the tip`)
    this.state.begin()
    let block: ExecutedBlock
    try {
      const txs = stored.txs.map((raw) => decodeTx(raw))
      block = executeBatch({ vm: this.vm, state: this.state, chainId: this.chainId, parent: this.#tip, batch: { time: stored.header.time, txs }, verify: verifyTx, importing: true })
      const mismatch = headerMismatch(block.header, stored.header)
      if (mismatch || block.hash !== stored.hash) throw new Error(`block ${stored.header.height} rejected: ${mismatch ?? 'hash'} differs`)
    } catch (error) {
      this.state.rollback()
      throw error
    }
    await this.#queueCommit(block)
    return block
  }

  /** Waits until every executed block is durable. */
  flush(): Promise<void> {
    return this.#commits
  }

  /**
   * Runs a method read-only on the current state; nothing is written. Under view limits the gas
   * is capped, and a view over the time fuse or the views' share throws `ViewLimitError`.
   */
  view(contract: string, method: string, args: CanonicalValue[], { sender = contract, gasLimit = LIMITS.defaultGasLimit as number }: { sender?: string; gasLimit?: number } = {}): CallResult {
    this.#check()
    const block = { blockHeight: this.#tip.header.height, blockTime: this.#tip.header.time, txHash: ZERO_HASH }
    const request = { state: this.state, codeOf: (a: string) => this.state.codeOf(a), contract, method, args, sender, block, gasLimit }
    const views = this.#views
    if (!views) return this.vm.call(request)
    const { maxGas, wallClockMs } = views.limits
    views.budget.admit()
    const start = performance.now()
    try {
      return this.viewVm.call({ ...request, gasLimit: Math.min(gasLimit, maxGas), wallClockMs })
    } catch (error) {
      if (error instanceof VmFuseError) throw new ViewLimitError(`the view ran longer than this node allows (${wallClockMs} ms)`)
      throw error
    } finally {
      views.budget.spent(performance.now() - start)
    }
  }

  nonceOf(address: string): number {
    return this.state.nonceOf(address)
  }

  /** One page of a contract's storage in key order on the current state, and the height it reflects. */
  storage(contract: string, prefix: string, after: string | null, limit: number): { height: number; rows: [string, Uint8Array][] } {
    this.#check()
    return { height: this.#tip.header.height, rows: this.state.entries(contract, prefix, after, limit) }
  }

  contract(address: string): ContractRecord | undefined {
    return this.state.contract(address)
  }

  async block(ref: { height: number } | { hash: string }): Promise<StoredBlock | undefined> {
    const height = 'height' in ref ? ref.height : await this.store.heightOf(ref.hash)
    if (height === undefined || height > this.#head.header.height) return undefined
    return this.store.block(height)
  }

  async transaction(txHash: string): Promise<{ tx: SignedTx; receipt: Receipt; blockHash: string } | undefined> {
    const location = await this.store.txLocation(txHash)
    if (!location || location.height > this.#head.header.height) return undefined
    const block = (await this.store.block(location.height))!
    return { tx: decodeTx(block.txs[location.index]!), receipt: block.receipts[location.index]!, blockHash: block.hash }
  }

  async close(): Promise<void> {
    await this.#commits.catch(() => {})
    await this.store.close()
    this.vm.dispose()
    if (this.viewVm !== this.vm) this.viewVm.dispose()
  }

  #queueCommit(block: ExecutedBlock): Promise<void> {
    const changes = this.state.commit()
    this.#tip = { header: block.header, hash: block.hash }
    const stored: BlockRecord = { header: block.header, hash: block.hash, txs: block.txs.map((tx) => tx.raw), receipts: block.receipts, receiptBytes: block.receiptBytes }
    const committed = this.#commits.then(async () => {
      try {
        await this.store.commit(stored, changes)
      } catch (error) {
        this.#failed ??= error as Error
        throw error
      }
      this.#head = { header: block.header, hash: block.hash }
      // Listeners run outside the commit queue: a throwing listener must not stop the chain.
      for (const listener of this.#listeners) queueMicrotask(() => listener(block))
    })
    this.#commits = committed
    return committed
  }

  #check(): void {
    if (this.#failed) throw new Error(`chain stopped after a failed commit: ${this.#failed.message}`)
  }
}

export function genesisHeader(chainId: string, time: number, stateRoot: string): BlockHeader {
  return { chainId, height: 0, parentHash: ZERO_HASH, time, txRoot: ZERO_HASH, receiptsRoot: ZERO_HASH, stateRoot, gasUsed: 0, txCount: 0 }
}

/** The first header field that differs, or undefined. */
export function headerMismatch(a: BlockHeader, b: BlockHeader): string | undefined {
  return (Object.keys(a) as (keyof BlockHeader)[]).find((key) => a[key] !== b[key])
}
