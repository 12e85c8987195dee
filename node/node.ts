/**
 * A running node: pool → orderer → chain, and the queries the RPC layer serves. This is the
 * "core" of the three RPC layers: it knows nothing of JSON-RPC or HTTP.
 */
import type { CanonicalValue } from '../vm/canonical.ts'
import type { CallResult } from '../vm/vm.ts'
import { Chain, verifyTx, type ChainOptions } from './chain.ts'
import type { ExecutedBlock } from './executor.ts'
import { Mempool, type Verifier } from './mempool.ts'
import { SoloOrderer, type Orderer } from './orderer.ts'
import { BLOCK_LIMITS } from './params.ts'
import type { StoredBlock } from './store.ts'
import { decodeTx, type SignedTx } from './tx.ts'

export interface NodeOptions extends ChainOptions {
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
  readonly chain: Chain
  readonly mempool: Mempool
  readonly #orderer: Orderer
  readonly #verifier: Verifier
  #inflight: Promise<void> = Promise.resolve()
  #fatal: Error | null = null

  private constructor(chain: Chain, options: NodeOptions) {
    this.chain = chain
    this.#verifier = options.verifier ?? new InlineVerifier()
    this.mempool = new Mempool({ chainId: options.chainId, nonceOf: (a) => chain.nonceOf(a), verifier: this.#verifier, ...options.mempool })
    const take = () => this.mempool.take({ maxTxs: BLOCK_LIMITS.maxTxs, maxGas: BLOCK_LIMITS.gasLimit, maxBytes: BLOCK_LIMITS.maxBytes })
    this.#orderer = options.orderer?.(take) ?? new SoloOrderer({ take, intervalMs: options.blockIntervalMs ?? 0 })
    this.mempool.onReady(() => this.#orderer.notify())
  }

  static async start(options: NodeOptions): Promise<InkNode> {
    const node = new InkNode(await Chain.open(options), options)
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
    await this.mempool.add(tx)
    return tx.hash
  }

  /** A read-only call on the newest state: as `sender` (default: the contract) with at most `gasLimit` (default: the VM's). */
  view(contract: string, method: string, args: CanonicalValue[], { sender, gasLimit }: { sender?: string; gasLimit?: number } = {}): CallResult {
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
    await this.#inflight.catch(() => {})
    await this.#verifier.close?.()
    await this.chain.close()
  }

  async #deliver(batch: { time: number; txs: SignedTx[] }): Promise<void> {
    if (this.#fatal) return
    try {
      // Skipped transactions (for a batch of this pool's, only the wall-clock fuse) get no receipt.
      const { block, committed } = this.chain.execute(batch, verifyTx)
      this.mempool.committed(block.txs, block.skipped.map(({ tx }) => tx))
      // One block may be committing while the next executes; wait for the one before it.
      const previous = this.#inflight
      this.#inflight = committed
      await previous
    } catch (error) {
      // Memory is ahead of the store or execution broke: stop producing; a restart recovers.
      this.#fatal = error as Error
    }
  }
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
