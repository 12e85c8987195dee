/**
 * The chain on its own worker thread: block execution (VM, world state, receipts, roots) and the
 * LevelDB commit run there, so the node's thread keeps parsing JSON-RPC, decoding and admitting
 * transactions meanwhile instead of waiting for each block. The worker (chain-worker.ts) runs the
 * same `Chain` as in-process nodes do, on the same store, so blocks, roots and crash safety are
 * those of chain.ts.
 *
 * The node's thread keeps a mirror of what its pool and the JSON-RPC checks read synchronously:
 * every account's nonce and every contract record, as of the newest executed block (loaded at
 * start, updated from each execution's reply). Everything else (view calls, storage pages,
 * blocks, transactions) is a request to the worker. A block's notification goes out once the
 * worker reports it durable, so its receipts are queryable by then.
 */
import { setPriority } from 'node:os'
import { Worker } from 'node:worker_threads'
import { decode } from '../vm/canonical.ts'
import type { CallResult } from '../vm/vm.ts'
import type { BlockHeader, Receipt } from './block.ts'
import { packChunks, unpackChunks } from './bytes.ts'
import type { Head } from './chain.ts'
import type { Batch, ExecutedBlock } from './executor.ts'
import type { ExecutionOf, NodeChain, StoragePage } from './node.ts'
import type { StoredBlock } from './store.ts'
import { signedTx, type DecodedParts, type SignedTx } from './tx.ts'
import { startTypeScriptWorker } from './verify-pool.ts'
import type { ContractRecord } from './world-state.ts'
import type { ViewLimits } from './view-limits.ts'

export interface ChainThreadOptions {
  /** The LevelDB directory (opened by the worker). */
  directory: string
  chainId: string
  genesisTime?: number
  /** Limits on views (default DEFAULT_VIEW_LIMITS). */
  views?: ViewLimits
}

/**
 * The nice value `yieldToChainThread` gives the calling thread: the chain's thread is the node's
 * serial stage, and on a busy machine the scheduler shares the cores among all runnable threads,
 * so JSON-RPC, admission and verification running alongside took CPU from execution (peak TPS
 * ~30% under the in-process chain's in the bench; even or ahead with this).
 */
export const CALLER_NICE = 8

/**
 * Lowers the calling thread's scheduling priority (and that of threads it starts afterwards,
 * such as verification workers) below an already started chain thread's. Linux only, where a
 * thread's nice value is its own; elsewhere a no-op.
 */
export function yieldToChainThread(): void {
  if (process.platform !== 'linux') return
  try {
    setPriority(0, CALLER_NICE)
  } catch {
    // Not permitted here (a sandbox): the node works the same, only less well on a busy machine.
  }
}

/** Requests to the worker; each is answered by a `Reply` with its id. */
export type ChainRequest = { id: number } & (
  | { op: 'execute'; time: number; txs: Uint8Array; decoded: DecodedParts[]; verified: Uint8Array }
  | { op: 'view'; contract: string; method: string; args: unknown[]; sender?: string; gasLimit?: number }
  | { op: 'storage'; contract: string; prefix: string; after: string | null; limit: number }
  | { op: 'block'; ref: { height: number } | { hash: string } }
  | { op: 'transaction'; txHash: string }
  | { op: 'flush' }
  | { op: 'close' }
)

/** What an execution tells the node's thread; transactions are positions in the batch sent. */
export interface ExecutionReply {
  header: BlockHeader
  hash: string
  included: number[]
  skipped: [number, ExecutedBlock['skipped'][number]['reason']][]
  /** The new nonces of this block's senders and the contracts it deployed. */
  nonces: [string, number][]
  contracts: [string, ContractRecord][]
  /** The receipts' canonical bytes, packed (`packChunks`). */
  receipts: Uint8Array
}

/** An error crossing the thread boundary, with the codes callers branch on (LevelDB's). */
export interface WireError {
  name: string
  message: string
  code?: string
  causeCode?: string
}

/** Messages from the worker. */
export type ChainMessage =
  | { type: 'ready'; head: Head; nonces: [string, number][]; contracts: [string, ContractRecord][] }
  | { type: 'reply'; id: number; result?: unknown; error?: WireError }
  | { type: 'committed'; height: number }
  | { type: 'failed'; error: WireError }
  | { type: 'openFailed'; error: WireError }

export function toWireError(error: unknown): WireError {
  const { name = 'Error', message = String(error), code, cause } = (error ?? {}) as { name?: string; message?: string; code?: unknown; cause?: { code?: unknown } }
  return { name, message, ...(typeof code === 'string' ? { code } : {}), ...(typeof cause?.code === 'string' ? { causeCode: cause.code } : {}) }
}

function fromWireError({ name, message, code, causeCode }: WireError): Error {
  const error = Object.assign(new Error(message, causeCode ? { cause: { code: causeCode } } : undefined), code ? { code } : {})
  error.name = name
  return error
}

/** A block executed on the worker: its receipts are decoded only if someone reads them. */
class ThreadBlock implements ExecutedBlock {
  #receipts: Receipt[] | null = null
  constructor(
    readonly header: BlockHeader,
    readonly hash: string,
    readonly txs: SignedTx[],
    readonly receiptBytes: Uint8Array[],
    readonly skipped: ExecutedBlock['skipped'],
  ) {}

  get receipts(): Receipt[] {
    return (this.#receipts ??= this.receiptBytes.map((bytes) => decode(bytes) as unknown as Receipt))
  }
}

interface Deferred {
  promise: Promise<void>
  resolve: () => void
  reject: (error: Error) => void
}

export class ChainThread implements NodeChain {
  readonly chainId: string
  readonly #worker: Worker
  readonly #nonces: Map<string, number>
  readonly #contracts: Map<string, ContractRecord>
  readonly #requests = new Map<number, { op: ChainRequest['op']; resolve: (result: unknown) => void; reject: (error: Error) => void }>()
  /** Per executed height not yet durable: settles when the worker reports its commit. */
  readonly #durable = new Map<number, Deferred>()
  readonly #listeners = new Set<(block: ExecutedBlock) => void>()
  #head: Head
  #tip: Head
  #nextId = 1
  #failed: Error | null = null

  private constructor(worker: Worker, chainId: string, ready: Extract<ChainMessage, { type: 'ready' }>) {
    this.#worker = worker
    this.chainId = chainId
    this.#head = this.#tip = ready.head
    this.#nonces = new Map(ready.nonces)
    this.#contracts = new Map(ready.contracts)
    worker.on('message', (message: ChainMessage) => this.#receive(message))
    worker.on('error', (error) => this.#fail(error))
    worker.on('exit', (code) => this.#fail(new Error(`chain worker exited (code ${code})`)))
    worker.unref()
  }

  /** Starts the worker; resolves once it has opened the store and the chain. */
  static async open(options: ChainThreadOptions): Promise<ChainThread> {
    const worker = startTypeScriptWorker(new URL('./chain-worker.ts', import.meta.url), { workerData: options })
    let onMessage!: (message: ChainMessage) => void
    let onError!: (error: Error) => void
    let onExit!: (code: number) => void
    const ready = await new Promise<Extract<ChainMessage, { type: 'ready' }>>((resolve, reject) => {
      onMessage = (message) => {
        if (message.type === 'ready') resolve(message)
        else reject(message.type === 'openFailed' ? fromWireError(message.error) : new Error(`chain worker: unexpected ${message.type}`))
      }
      onError = reject
      onExit = (code) => reject(new Error(`chain worker exited (code ${code}) while opening`))
      worker.on('message', onMessage).on('error', onError).on('exit', onExit)
    }).catch(async (error) => {
      await worker.terminate()
      throw error
    })
    worker.off('message', onMessage).off('error', onError).off('exit', onExit)
    return new ChainThread(worker, options.chainId, ready)
  }

  get head(): Head {
    return this.#head
  }

  get tip(): Head {
    return this.#tip
  }

  nonceOf(address: string): number {
    return this.#nonces.get(address) ?? 0
  }

  contract(address: string): ContractRecord | undefined {
    return this.#contracts.get(address)
  }

  onBlock(listener: (block: ExecutedBlock) => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  async execute(batch: Batch): Promise<ExecutionOf<ExecutedBlock>> {
    const txs = packChunks(batch.txs.map((tx) => tx.raw))
    const verified = Uint8Array.from(batch.txs, (tx) => (tx.verified ? 1 : 0))
    // What decoding found travels along (structured clone: ~2 µs a transfer to rebuild on the
    // worker, the serial stage, against ~5 µs to decode the raw bytes there again; a sender's
    // transactions share one key array, cloned once).
    const decoded = batch.txs.map(({ body, hash, sender }): DecodedParts => ({ body, hash, sender }))
    const reply = (await this.#request({ op: 'execute', time: batch.time, txs, decoded, verified }, [txs.buffer as ArrayBuffer])) as ExecutionReply
    const { header, hash } = reply
    for (const [address, nonce] of reply.nonces) this.#nonces.set(address, nonce)
    for (const [address, record] of reply.contracts) this.#contracts.set(address, record)
    this.#tip = { header, hash }
    const skipped = reply.skipped.map(([index, reason]) => ({ tx: batch.txs[index]!, reason }))
    const block = new ThreadBlock(header, hash, reply.included.map((index) => batch.txs[index]!), unpackChunks(reply.receipts), skipped)
    const committed = this.#durableAt(header.height).promise.then(() => {
      this.#head = { header, hash }
      // Listeners run outside the commit chain: a throwing listener must not stop the chain.
      for (const listener of this.#listeners) queueMicrotask(() => listener(block))
    })
    return { block, committed }
  }

  async view(contract: string, method: string, args: unknown[], { sender, gasLimit }: { sender?: string; gasLimit?: number } = {}): Promise<CallResult> {
    return (await this.#request({ op: 'view', contract, method, args, sender, gasLimit })) as CallResult
  }

  async storage(contract: string, prefix: string, after: string | null, limit: number): Promise<StoragePage> {
    return (await this.#request({ op: 'storage', contract, prefix, after, limit })) as StoragePage
  }

  async block(ref: { height: number } | { hash: string }): Promise<StoredBlock | undefined> {
    return (await this.#request({ op: 'block', ref })) as StoredBlock | undefined
  }

  async transaction(txHash: string): Promise<{ tx: SignedTx; receipt: Receipt; blockHash: string } | undefined> {
    const found = (await this.#request({ op: 'transaction', txHash })) as { tx: SignedTx; receipt: Receipt; blockHash: string } | undefined
    // The clone carries own data only, not the signing message (made on demand): rebuild the transaction.
    return found && { ...found, tx: signedTx(found.tx.raw, found.tx) }
  }

  async flush(): Promise<void> {
    await this.#request({ op: 'flush' })
  }

  /** Waits for pending commits, closes the store and ends the worker. */
  async close(): Promise<void> {
    if (!this.#failed) await this.#request({ op: 'close' }).catch(() => {})
    this.#failed ??= new Error('chain closed')
    await this.#worker.terminate()
  }

  #request(request: DistributiveOmit<ChainRequest, 'id'>, transfer: ArrayBuffer[] = []): Promise<unknown> {
    if (this.#failed) return Promise.reject(new Error(`chain stopped: ${this.#failed.message}`))
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      this.#requests.set(id, { op: request.op, resolve, reject })
      this.#worker.ref()
      this.#worker.postMessage({ ...request, id }, transfer)
    })
  }

  #durableAt(height: number): Deferred {
    let deferred = this.#durable.get(height)
    if (!deferred) {
      let resolve!: () => void
      let reject!: (error: Error) => void
      const promise = new Promise<void>((res, rej) => ((resolve = res), (reject = rej)))
      // Whoever awaits `committed` sees a failure; the map's own copy must not count as unhandled.
      promise.catch(() => {})
      deferred = { promise, resolve, reject }
      if (this.#failed) reject(this.#failed)
      else this.#durable.set(height, deferred)
    }
    return deferred
  }

  #receive(message: ChainMessage): void {
    if (message.type === 'reply') {
      const request = this.#requests.get(message.id)
      this.#requests.delete(message.id)
      if (message.error) request?.reject(fromWireError(message.error))
      else {
        // The block's commit is in flight from now on (and keeps the worker referenced).
        if (request?.op === 'execute') this.#durableAt((message.result as ExecutionReply).header.height)
        request?.resolve(message.result)
      }
    } else if (message.type === 'committed') {
      this.#durableAt(message.height).resolve()
      this.#durable.delete(message.height)
    } else if (message.type === 'failed') {
      this.#fail(fromWireError(message.error))
    }
    // An idle chain must not keep the process alive; one with work in flight must.
    if (this.#requests.size === 0 && this.#durable.size === 0) this.#worker.unref()
  }

  #fail(error: Error): void {
    this.#failed ??= error
    for (const { reject } of this.#requests.values()) reject(error)
    for (const { reject } of this.#durable.values()) reject(error)
    this.#requests.clear()
    this.#durable.clear()
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never
