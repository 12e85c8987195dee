/**
 * Block ordering behind one small interface. An orderer decides which transactions form the
 * next block and in what order, and delivers those batches, in order, to the chain. The solo
 * orderer below is a single producer; an orderer on a consensus engine (etcd's Raft) will
 * propose batches from its local pool to the log and deliver committed log entries on every node.
 * The chain executes whatever it is delivered, so it never assumes who produced a batch.
 */
import type { Batch } from './executor.ts'
import type { SignedTx } from './tx.ts'

export interface Orderer {
  /** Starts delivering batches; `deliver` is awaited before the next batch is delivered. */
  start(deliver: (batch: Batch) => Promise<void>): void
  /** Tells the orderer that transactions became ready (the instant mode reacts at once). */
  notify(): void
  /** Stops after the batch being delivered, if any. */
  stop(): Promise<void>
}

export interface SoloOrdererOptions {
  /** Takes ready transactions from the pool (removing them). */
  take: () => SignedTx[]
  /** Milliseconds between blocks; 0 = instant: a block as soon as transactions are ready. */
  intervalMs: number
  /** Produce blocks with no transactions on the interval (default false). */
  emptyBlocks?: boolean
  now?: () => number
}

export class SoloOrderer implements Orderer {
  readonly #options: SoloOrdererOptions
  #deliver: ((batch: Batch) => Promise<void>) | null = null
  #running: Promise<void> | null = null
  #timer: ReturnType<typeof setTimeout> | null = null
  #pending = false
  #stopped = false

  constructor(options: SoloOrdererOptions) {
    this.#options = options
  }

  start(deliver: (batch: Batch) => Promise<void>): void {
    this.#deliver = deliver
    if (this.#options.intervalMs > 0) this.#schedule()
    else this.notify()
  }

  notify(): void {
    if (this.#options.intervalMs > 0 || !this.#deliver || this.#stopped) return
    this.#pending = true
    // Under load, transactions that arrive while a block is being produced go into the next one.
    this.#running ??= this.#loop()
  }

  async stop(): Promise<void> {
    this.#stopped = true
    if (this.#timer) clearTimeout(this.#timer)
    await this.#running
  }

  async #loop(): Promise<void> {
    try {
      while (this.#pending && !this.#stopped) {
        this.#pending = false
        await Promise.resolve() // let transactions admitted in this tick join the block
        const txs = this.#options.take()
        if (txs.length === 0) continue
        this.#pending = true
        await this.#deliver!({ time: (this.#options.now ?? Date.now)(), txs })
      }
    } finally {
      this.#running = null
    }
  }

  #schedule(): void {
    if (this.#stopped) return
    this.#timer = setTimeout(() => {
      this.#running = (async () => {
        const txs = this.#options.take()
        if (txs.length > 0 || this.#options.emptyBlocks) await this.#deliver!({ time: (this.#options.now ?? Date.now)(), txs })
      })().finally(() => {
        this.#running = null
        this.#schedule()
      })
    }, this.#options.intervalMs)
  }
}
