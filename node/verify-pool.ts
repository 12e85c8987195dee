/**
 * SM2 verification on worker threads: the node's bottleneck (DESIGN.md §3: two workers give
 * ~1.95× on two cores). Requests are gathered for one macrotask and sent in batches; each worker
 * has at most two jobs in flight, and what arrives meanwhile gathers into its next job. A
 * sender's key always goes to the same worker (new senders are dealt round-robin), so each
 * worker's per-key tables (node/crypto.ts) serve the keys it sees and a busy key's table is built
 * once, not once per worker.
 */
import { availableParallelism } from 'node:os'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import { packChunks, unpackChunks } from './bytes.ts'
import type { Verifier } from './mempool.ts'
import { signingMessageParts, type SignedTx } from './tx.ts'

/**
 * A batch for one worker, packed in one transferred buffer (structured-cloning thousands of small
 * arrays costs more than the copy): per transaction, its signing message (written from its
 * parts), sig and public key as chunks (`packChunks`).
 */
export interface VerifyJob {
  id: number
  packed: Uint8Array
}

function pack(txs: SignedTx[]): Uint8Array {
  const chunks: (Uint8Array | Uint8Array[])[] = []
  for (const tx of txs) chunks.push(signingMessageParts(tx), tx.sig, tx.body.from)
  return packChunks(chunks)
}

/** The worker side of `pack`: calls `check(message, sig, publicKey)` per transaction. */
export function unpack(packed: Uint8Array, check: (message: Uint8Array, sig: Uint8Array, publicKey: Uint8Array) => boolean): boolean[] {
  const chunks = unpackChunks(packed)
  const results: boolean[] = []
  for (let i = 0; i < chunks.length; i += 3) results.push(check(chunks[i]!, chunks[i + 1]!, chunks[i + 2]!))
  return results
}

/**
 * Starts a worker thread running a TypeScript module: a bootstrap registers tsx's loader in the
 * thread (workers do not inherit the loader the CLI registered through its API), then imports it.
 */
export function startTypeScriptWorker(module: URL, options: WorkerOptions = {}): Worker {
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
    .then(({ register }) => { register(); return import(${JSON.stringify(module.href)}) })`
  return new Worker(bootstrap, { ...options, eval: true })
}

/**
 * Per-key table settings of a verification worker: it sees a fixed share of the keys, so it keeps
 * tables for busy ones sooner and more of them than the library's defaults.
 */
export const WORKER_KEY_TABLES = { threshold: 4, maxTables: 256 }

/** One `verify` call: its answers fill in as its transactions' jobs come back. */
interface Request {
  results: boolean[]
  left: number
  resolve: (results: boolean[]) => void
  reject: (error: Error) => void
}

/** A transaction waiting for its verdict: the `index`-th of `request`. */
interface Waiting {
  tx: SignedTx
  request: Request
  index: number
}

function settle({ request, index }: Waiting, ok: boolean): void {
  request.results[index] = ok
  if (--request.left === 0) request.resolve(request.results)
}

interface Thread {
  worker: Worker
  /** Gathered for the next job. */
  queue: Waiting[]
  /** Sent and not answered yet, by job id. */
  jobs: Map<number, Waiting[]>
}

/**
 * Jobs in flight per worker: one being verified and one waiting behind it, so a worker never
 * idles while the main thread is busy (executing a block), and everything that arrives
 * meanwhile gathers into the next, bigger job (fewer messages, less overhead per signature).
 */
const JOBS_PER_WORKER = 2
/**
 * Most signatures per job (~0.3 ms each): a job's answers all come when its last is done, so this
 * bounds what batching adds to a transaction's admission (~20 ms on a quiet core).
 */
const MAX_JOB = 64
/** Senders whose worker is remembered (keeping a key on one worker keeps its table there). */
const MAX_AFFINITY = 65_536

export class WorkerVerifier implements Verifier {
  readonly #threads: Thread[]
  /** Sender address → its worker. New senders are dealt round-robin, so workers get equal shares. */
  readonly #home = new Map<string, number>()
  #nextHome = 0
  #scheduled = false
  #nextId = 1
  #failed: Error | null = null

  constructor(threads = Math.max(1, availableParallelism())) {
    this.#threads = Array.from({ length: threads }, () => {
      const thread: Thread = { worker: startTypeScriptWorker(new URL('./verify-worker.ts', import.meta.url)), queue: [], jobs: new Map() }
      thread.worker.on('message', ({ id, results }: { id: number; results: boolean[] }) => {
        const job = thread.jobs.get(id)
        thread.jobs.delete(id)
        job?.forEach((waiting, i) => settle(waiting, results[i]!))
        this.#fill(thread)
        // An idle pool must not keep the process alive; one with work in flight must.
        if (thread.jobs.size === 0) thread.worker.unref()
      })
      // A dead worker would leave its keys' verifications waiting forever: fail loudly instead.
      const fail = (error: Error) => {
        this.#failed ??= error
        for (const { queue, jobs } of this.#threads) {
          for (const waiting of [...queue, ...[...jobs.values()].flat()]) waiting.request.reject(error)
          queue.length = 0
          jobs.clear()
        }
      }
      thread.worker.on('error', fail)
      thread.worker.on('exit', (code) => fail(new Error(`verification worker exited (code ${code})`)))
      thread.worker.unref()
      return thread
    })
  }

  verify(txs: SignedTx[]): Promise<boolean[]> {
    if (this.#failed) return Promise.reject(this.#failed)
    if (txs.length === 0) return Promise.resolve([])
    let request!: Request
    const answered = new Promise<boolean[]>((resolve, reject) => {
      request = { results: new Array(txs.length), left: txs.length, resolve, reject }
    })
    for (let index = 0; index < txs.length; index++) {
      const tx = txs[index]!
      this.#threadOf(tx.sender).queue.push({ tx, request, index })
    }
    // Everything submitted in this macrotask (a whole JSON-RPC batch) goes out together.
    if (!this.#scheduled) {
      this.#scheduled = true
      setImmediate(() => {
        this.#scheduled = false
        for (const thread of this.#threads) this.#fill(thread)
      })
    }
    return answered
  }

  async close(): Promise<void> {
    this.#failed ??= new Error('verification pool closed')
    await Promise.all(this.#threads.map(({ worker }) => worker.terminate()))
  }

  /** Sends gathered signatures to `thread` while it has fewer than `JOBS_PER_WORKER` jobs. */
  #fill(thread: Thread): void {
    while (thread.queue.length > 0 && thread.jobs.size < JOBS_PER_WORKER) {
      const waiting = thread.queue.splice(0, MAX_JOB)
      const id = this.#nextId++
      thread.jobs.set(id, waiting)
      const job: VerifyJob = { id, packed: pack(waiting.map((w) => w.tx)) }
      thread.worker.ref()
      thread.worker.postMessage(job, [job.packed.buffer as ArrayBuffer])
    }
  }

  #threadOf(sender: string): Thread {
    let home = this.#home.get(sender)
    if (home === undefined) {
      home = this.#nextHome++ % this.#threads.length
      if (this.#home.size >= MAX_AFFINITY) this.#home.delete(this.#home.keys().next().value!)
      this.#home.set(sender, home)
    }
    return this.#threads[home]!
  }
}
