/**
 * SM2 verification on worker threads: the node's bottleneck (DESIGN.md §3: two workers give
 * ~1.95× on two cores). Requests are gathered for one macrotask and sent in batches; a sender's
 * key always goes to the same worker, so each worker's per-key tables (node/crypto.ts) serve the
 * keys it sees and a busy key's table is built once, not once per worker.
 */
import { availableParallelism } from 'node:os'
import { Worker, type WorkerOptions } from 'node:worker_threads'
import type { Verifier } from './mempool.ts'
import type { SignedTx } from './tx.ts'

interface Pending {
  resolve: (ok: boolean[]) => void
  reject: (error: Error) => void
}

/**
 * A batch for one worker, packed in one transferred buffer (structured-cloning thousands of small
 * arrays costs more than the copy): per transaction, u32 message length ‖ message ‖ sig (64) ‖
 * public key (65).
 */
export interface VerifyJob {
  id: number
  packed: Uint8Array
}

function pack(txs: SignedTx[]): Uint8Array {
  const packed = new Uint8Array(txs.reduce((n, tx) => n + 4 + tx.message.length + 129, 0))
  const view = new DataView(packed.buffer)
  let offset = 0
  for (const tx of txs) {
    view.setUint32(offset, tx.message.length)
    packed.set(tx.message, offset + 4)
    offset += 4 + tx.message.length
    packed.set(tx.sig, offset)
    packed.set(tx.body.from, offset + 64)
    offset += 129
  }
  return packed
}

/** The worker side of `pack`: calls `check(message, sig, publicKey)` per transaction. */
export function unpack(packed: Uint8Array, check: (message: Uint8Array, sig: Uint8Array, publicKey: Uint8Array) => boolean): boolean[] {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength)
  const results: boolean[] = []
  for (let offset = 0; offset < packed.length; ) {
    const length = view.getUint32(offset)
    const message = packed.subarray(offset + 4, offset + 4 + length)
    offset += 4 + length
    results.push(check(message, packed.subarray(offset, offset + 64), packed.subarray(offset + 64, offset + 129)))
    offset += 129
  }
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

export class WorkerVerifier implements Verifier {
  readonly #workers: Worker[]
  readonly #pending = new Map<number, Pending>()
  /** Per worker: the transactions gathered for the next batch and their callbacks. */
  #queues: { txs: SignedTx[]; waiters: { from: number; count: number; resolve: (ok: boolean[]) => void; reject: (e: Error) => void }[] }[]
  #scheduled = false
  #nextId = 1
  #failed: Error | null = null
  /** Jobs sent to each worker and not answered yet. */
  readonly #inflight: number[]

  constructor(threads = Math.max(1, availableParallelism())) {
    this.#workers = Array.from({ length: threads }, () => {
      const worker = startTypeScriptWorker(new URL('./verify-worker.ts', import.meta.url))
      worker.on('message', ({ id, results }: { id: number; results: boolean[] }) => {
        const pending = this.#pending.get(id)
        this.#pending.delete(id)
        // An idle pool must not keep the process alive; one with work in flight must.
        if (--this.#inflight[this.#workers.indexOf(worker)]! === 0) worker.unref()
        pending?.resolve(results)
      })
      // A dead worker would leave its keys' verifications waiting forever: fail loudly instead.
      const fail = (error: Error) => {
        this.#failed ??= error
        for (const pending of this.#pending.values()) pending.reject(error)
        this.#pending.clear()
      }
      worker.on('error', fail)
      worker.on('exit', (code) => fail(new Error(`verification worker exited (code ${code})`)))
      worker.unref()
      return worker
    })
    this.#queues = this.#workers.map(() => ({ txs: [], waiters: [] }))
    this.#inflight = this.#workers.map(() => 0)
  }

  verify(txs: SignedTx[]): Promise<boolean[]> {
    if (this.#failed) return Promise.reject(this.#failed)
    // One call's transactions may span workers: collect per-worker answers back in order.
    return new Promise((resolve, reject) => {
      const results: boolean[] = new Array(txs.length)
      let left = txs.length
      if (left === 0) return resolve([])
      txs.forEach((tx, i) => {
        const queue = this.#queues[this.#workerOf(tx.body.from)]!
        queue.waiters.push({
          from: queue.txs.length,
          count: 1,
          resolve: ([ok]) => {
            results[i] = ok!
            if (--left === 0) resolve(results)
          },
          reject,
        })
        queue.txs.push(tx)
      })
      if (!this.#scheduled) {
        this.#scheduled = true
        setImmediate(() => this.#flush())
      }
    })
  }

  async close(): Promise<void> {
    this.#failed ??= new Error('verification pool closed')
    await Promise.all(this.#workers.map((worker) => worker.terminate()))
  }

  #flush(): void {
    this.#scheduled = false
    this.#queues.forEach((queue, index) => {
      if (queue.txs.length === 0) return
      const { txs, waiters } = queue
      this.#queues[index] = { txs: [], waiters: [] }
      const id = this.#nextId++
      this.#pending.set(id, {
        resolve: (results) => waiters.forEach((w) => w.resolve(results.slice(w.from, w.from + w.count))),
        reject: (error) => waiters.forEach((w) => w.reject(error)),
      })
      const job: VerifyJob = { id, packed: pack(txs) }
      const worker = this.#workers[index]!
      if (this.#inflight[index]!++ === 0) worker.ref()
      worker.postMessage(job, [job.packed.buffer as ArrayBuffer])
    })
  }

  #workerOf(publicKey: Uint8Array): number {
    // X's last bytes are uniformly distributed: a cheap, stable spread of keys over workers.
    return ((publicKey[31]! << 8) | publicKey[32]!) % this.#workers.length
  }
}
