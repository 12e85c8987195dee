/**
 * A running node: pool → orderer → chain, and the queries the RPC layer serves. This is the
 * "core" of the three RPC layers: it knows nothing of JSON-RPC or HTTP.
 */
import type { CanonicalValue } from '../vm/canonical.ts'
import type { CallResult } from '../vm/vm.ts'
import type { Receipt } from './block.ts'
import { Chain, verifyTx, type ChainOptions, type Head } from './chain.ts'
import type { Batch, ExecutedBlock } from './executor.ts'
import { Mempool, type Verifier } from './mempool.ts'
import { SoloOrderer, type Orderer } from './orderer.ts'
import { BLOCK_LIMITS } from './params.ts'
import type { StoredBlock } from './store.ts'
import { decodeTx, type SignedTx } from './tx.ts'
import { DEFAULT_VIEW_LIMITS } from './view-limits.ts'
import type { ContractRecord } from './world-state.ts'

/**
 * What a node needs of its chain. `Chain` (chain.ts) is one, executing on the calling thread;
 * `ChainThread` (chain-thread.ts) runs a `Chain` on a worker thread, so that block execution
 * overlaps the node's JSON-RPC, decoding and admission. Synchronous members answer from what
 * the node's thread knows (the newest executed block's nonces and contracts); the rest may be
 * asynchronous.
 */
export interface NodeChain {
  readonly chainId: string
  /** The newest durable block. */
  readonly head: Head
  /** The newest executed block. */
  readonly tip: Head
  nonceOf(address: string): number
  contract(address: string): ContractRecord | undefined
  /** Listeners hear of each block once it is durable. */
  onBlock(listener: (block: ExecutedBlock) => void): () => void
  /** Executes an ordered batch and queues its commit (`committed` settles once it is durable). */
  execute(batch: Batch): ExecutionOf<ExecutedBlock> | Promise<ExecutionOf<Pick<ExecutedBlock, 'txs' | 'skipped'>>>
  view(contract: string, method: string, args: CanonicalValue[], options: { sender?: string; gasLimit?: number }): CallResult | Promise<CallResult>
  storage(contract: string, prefix: string, after: string | null, limit: number): StoragePage | Promise<StoragePage>
  /** Settles once every executed block is durable. */
  flush(): Promise<void>
  block(ref: { height: number } | { hash: string }): Promise<StoredBlock | undefined>
  transaction(txHash: string): Promise<{ tx: SignedTx; receipt: Receipt; blockHash: string } | undefined>
  close(): Promise<void>
}

export interface ExecutionOf<B> {
  block: B
  committed: Promise<void>
}

export interface StoragePage {
  /** The block whose state the rows reflect. */
  height: number
  rows: [string, Uint8Array][]
}

export type NodeOptions = NodeSettings & (ChainOptions | { chain: NodeChain })

interface NodeSettings {
  /** Milliseconds between blocks; 0 = instant blocks (tests, dev). */
  blockIntervalMs?: number
  /** Signature verification for the pool (default: inline on this thread). */
  verifier?: Verifier
  mempool?: { maxTxs?: number; maxBytes?: number; maxNonceGap?: number }
  /** Replaces the solo orderer (a consensus-backed one later). */
  orderer?: (take: () => SignedTx[]) => Orderer
}

export interface EventFilter {
  fromBlock?: number
  toBlock?: number
  contract?: string
  event?: string
}

export interface EventRecord {
  blockHeight: number
  blockHash: string
  txHash: string
  txIndex: number
  eventIndex: number
  contract: string
  name: string
  data: CanonicalValue
}

/**
 * Ready transactions above which a new one waits, while a batch is executing, until that batch is
 * done before admission. With the chain on its own thread, admission could outrun execution
 * without bound (blocks and latency grow, the CPU goes to admission); waiting slows the senders
 * down to the chain's pace instead. Only an executing batch is waited for, so the wait ends.
 */
export const ADMISSION_BACKLOG = 600

/** At most this many blocks are scanned by one event query. */
export const MAX_EVENT_RANGE = 10_000
export const MAX_EVENTS = 10_000

/** Verifies on the calling thread (node/crypto.ts keeps per-key tables for busy senders). */
export class InlineVerifier implements Verifier {
  async verify(txs: SignedTx[]): Promise<boolean[]> {
    return txs.map(verifyTx)
  }
}

export class InkNode {
  readonly chain: NodeChain
  readonly mempool: Mempool
  readonly #orderer: Orderer
  readonly #verifier: Verifier
  /** Settles when the last delivered batch is executed and durable (or production stopped). */
  #previous: Promise<void> = Promise.resolve()
  #fatal: Error | null = null
  /** Resolves when the chain has executed the batches being executed now (or production stopped). */
  #executed: { promise: Promise<void>; resolve: () => void } = withResolve()
  #executing = 0

  private constructor(chain: NodeChain, options: NodeSettings) {
    this.chain = chain
    this.#verifier = options.verifier ?? new InlineVerifier()
    this.mempool = new Mempool({ chainId: chain.chainId, nonceOf: (a) => chain.nonceOf(a), verifier: this.#verifier, ...options.mempool })
    const take = () => this.mempool.take({ maxTxs: BLOCK_LIMITS.maxTxs, maxGas: BLOCK_LIMITS.gasLimit, maxBytes: BLOCK_LIMITS.maxBytes })
    this.#orderer = options.orderer?.(take) ?? new SoloOrderer({ take, intervalMs: options.blockIntervalMs ?? 0 })
    this.mempool.onReady(() => this.#orderer.notify())
  }

  /**
   * Starts a node on a chain opened here (`store`, …: on this thread; views under
   * DEFAULT_VIEW_LIMITS unless `views` says otherwise) or on the one given (`chain`).
   */
  static async start(options: NodeOptions): Promise<InkNode> {
    const node = new InkNode('chain' in options ? options.chain : await Chain.open({ views: DEFAULT_VIEW_LIMITS, ...options }), options)
    node.#orderer.start((batch) => node.#deliver(batch))
    return node
  }

  get chainId(): string {
    return this.chain.chainId
  }

  /** Set when block production stopped on an error (a failed commit): the node must restart. */
  get fatal(): Error | null {
    return this.#fatal
  }

  onBlock(listener: (block: ExecutedBlock) => void): () => void {
    return this.chain.onBlock(listener)
  }

  /** Decodes and admits a raw transaction; resolves its hash. Throws `TxRejectedError`. */
  async sendRawTransaction(raw: string | Uint8Array): Promise<string> {
    if (this.#fatal) throw new Error(`node stopped: ${this.#fatal.message}`)
    const tx = decodeTx(raw)
    while (this.mempool.readyCount >= ADMISSION_BACKLOG && this.#executing > 0) await this.#executed.promise
    await this.mempool.add(tx)
    return tx.hash
  }

  /** A read-only call on the newest state: as `sender` (default: the contract) with at most `gasLimit` (default: the VM's). */
  async view(contract: string, method: string, args: CanonicalValue[], { sender, gasLimit }: { sender?: string; gasLimit?: number } = {}): Promise<CallResult> {
    return this.chain.view(contract, method, args, { sender, gasLimit })
  }

  async events(filter: EventFilter): Promise<EventRecord[]> {
    const head = this.chain.head.header.height
    const from = filter.fromBlock ?? Math.max(0, head - MAX_EVENT_RANGE + 1)
    const to = Math.min(filter.toBlock ?? head, head)
    if (to - from + 1 > MAX_EVENT_RANGE) throw new RangeError(`block range larger than ${MAX_EVENT_RANGE}`)
    const out: EventRecord[] = []
    for (let height = from; height <= to; height++) {
      const block = (await this.chain.block({ height }))!
      out.push(...eventsOf(block, filter))
      if (out.length > MAX_EVENTS) throw new RangeError(`more than ${MAX_EVENTS} events match: narrow the filter`)
    }
    return out
  }

  async stop(): Promise<void> {
    await this.#orderer.stop()
    await this.#previous
    await this.#verifier.close?.()
    await this.chain.close()
  }

  /**
   * Hands a batch to the chain and returns once the batch before it is executed and durable. So
   * one batch executes while the one before it commits, and a chain on another thread already
   * holds the next batch when it finishes one (`take` leaves the pool consistent meanwhile).
   */
  async #deliver(batch: Batch): Promise<void> {
    if (this.#fatal) return
    const previous = this.#previous
    this.#previous = this.#process(batch)
    await previous
  }

  async #process(batch: Batch): Promise<void> {
    this.#executing++
    let committed: Promise<void>
    try {
      // Skipped transactions (for a batch of this pool's, only the wall-clock fuse) get no receipt.
      const execution = await this.chain.execute(batch)
      this.mempool.committed(execution.block.txs, execution.block.skipped.map(({ tx }) => tx))
      committed = execution.committed
    } catch (error) {
      // Execution broke: stop producing; a restart recovers.
      this.#fatal ??= error as Error
      return
    } finally {
      this.#batchExecuted()
    }
    try {
      await committed
    } catch (error) {
      // Memory is ahead of the store: stop producing; a restart recovers.
      this.#fatal ??= error as Error
    }
  }

  #batchExecuted(): void {
    this.#executing--
    this.#executed.resolve()
    this.#executed = withResolve()
  }
}

function withResolve(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void
  const promise = new Promise<void>((done) => (resolve = done))
  return { promise, resolve }
}

/** The events of a stored block that match a filter (block-range fields are ignored). */
export function eventsOf(block: StoredBlock | ExecutedBlock, filter: EventFilter): EventRecord[] {
  const out: EventRecord[] = []
  block.receipts.forEach((receipt, txIndex) => {
    receipt.events.forEach((event, eventIndex) => {
      if (filter.contract !== undefined && event.contract !== filter.contract) return
      if (filter.event !== undefined && event.name !== filter.event) return
      out.push({ blockHeight: block.header.height, blockHash: block.hash, txHash: receipt.txHash, txIndex, eventIndex, ...event })
    })
  })
  return out
}
