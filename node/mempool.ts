/**
 * The transaction pool: admits signed transactions, orders them per sender by nonce and hands
 * ready ones to the orderer.
 *
 * Admission (cheap checks first, the signature last): chain id, gas limit within
 * [intrinsic gas, TX_LIMITS.maxTxGas], nonce ≥ the sender's next (replay protection) and
 * < next + `maxNonceGap` (gaps wait, boundedly), not already known, room in the pool. Then the
 * signature, through the `Verifier` (worker threads in Node). A signature is verified once:
 * concurrent submissions of the same hash wait for the first verification, the result travels
 * with the transaction into the block (`verified`), a known hash and a recently failed signature
 * are refused before any crypto.
 *
 * Order: per sender, a transaction becomes ready when every lower nonce is ready or done; ready
 * transactions leave in arrival-of-readiness order (so per-sender order always holds).
 * Memory is bounded by `maxTxs` and `maxBytes` (everything pending, waiting or being verified);
 * when full, a transaction that can run next evicts the oldest ones waiting behind a gap.
 */
import { toHex } from './bytes.ts'
import { TX_LIMITS } from './params.ts'
import { intrinsicGas, TxRejectedError, type SignedTx } from './tx.ts'

export interface Verifier {
  /** Checks the signatures of `txs`; resolves one boolean per transaction. */
  verify(txs: SignedTx[]): Promise<boolean[]>
  close?(): Promise<void>
}

export interface MempoolOptions {
  chainId: string
  /** The sender's next nonce in committed-or-executing state. */
  nonceOf: (address: string) => number
  verifier: Verifier
  maxTxs?: number
  maxBytes?: number
  maxNonceGap?: number
}

interface Sender {
  /** The nonce of the next transaction to become ready. */
  next: number
  /** Admitted transactions above `next` (a gap below them). */
  waiting: Map<number, SignedTx>
  /** How many of this sender's transactions are ready and not yet taken. */
  ready: number
}

/** A transaction's identity together with its signature: what one verification decides about. */
function signatureId(tx: SignedTx): string {
  return tx.hash + toHex(tx.sig)
}

export class Mempool {
  readonly #options: Required<Omit<MempoolOptions, 'verifier' | 'nonceOf' | 'chainId'>> & MempoolOptions
  /** Every transaction admitted or being verified, by hash. */
  readonly #known = new Map<string, SignedTx>()
  readonly #verifying = new Map<string, Promise<void>>()
  /** Admitted transactions waiting behind a nonce gap, oldest first. */
  readonly #gapped = new Map<string, SignedTx>()
  /** Hash + signature of recent transactions whose signature failed. */
  readonly #badSignatures = new Set<string>()
  readonly #senders = new Map<string, Sender>()
  #ready: SignedTx[] = []
  #readyHead = 0
  #bytes = 0
  readonly #listeners = new Set<() => void>()

  constructor(options: MempoolOptions) {
    this.#options = { maxTxs: 100_000, maxBytes: 256 * 1024 * 1024, maxNonceGap: 1_024, ...options }
  }

  /** Transactions ready to be taken (the next block's candidates). */
  get readyCount(): number {
    return this.#ready.length - this.#readyHead
  }

  /** Called whenever transactions become ready. */
  onReady(listener: () => void): () => void {
    this.#listeners.add(listener)
    return () => this.#listeners.delete(listener)
  }

  /** Admits a transaction or throws `TxRejectedError`. Resolves once it is in the pool. */
  async add(tx: SignedTx): Promise<void> {
    const inflight = this.#verifying.get(tx.hash)
    if (inflight) {
      // The same body is being verified: wait, then judge this copy. If that one was admitted this
      // is a duplicate; if its signature was bad, this copy (perhaps the genuine one) gets its turn,
      // so a forged copy sent first cannot get the real transaction refused.
      await inflight.catch(() => {})
      return this.add(tx)
    }
    if (this.#badSignatures.size > 0 && this.#badSignatures.has(signatureId(tx))) throw new TxRejectedError('badSignature')
    this.#precheck(tx)
    this.#known.set(tx.hash, tx)
    this.#bytes += tx.raw.length
    const verification = this.#verify(tx)
    this.#verifying.set(tx.hash, verification)
    try {
      await verification
    } finally {
      this.#verifying.delete(tx.hash)
    }
  }

  /**
   * Removes and returns ready transactions, in order, within the limits. The chain executes them
   * next; call `committed` afterwards.
   */
  take({ maxTxs, maxGas, maxBytes }: { maxTxs: number; maxGas: number; maxBytes: number }): SignedTx[] {
    const out: SignedTx[] = []
    let gas = 0
    let bytes = 0
    while (this.#readyHead < this.#ready.length && out.length < maxTxs) {
      const tx = this.#ready[this.#readyHead]!
      if (gas + tx.body.gasLimit > maxGas || bytes + tx.raw.length > maxBytes) break
      this.#readyHead++
      gas += tx.body.gasLimit
      bytes += tx.raw.length
      out.push(tx)
      this.#forget(tx)
      const sender = this.#senders.get(tx.sender)!
      sender.ready--
      this.#dropIfIdle(tx.sender, sender)
    }
    if (this.#readyHead > 4096 && this.#readyHead * 2 > this.#ready.length) {
      this.#ready = this.#ready.slice(this.#readyHead)
      this.#readyHead = 0
    }
    return out
  }

  /**
   * After a block, realigns senders with the chain. A sender whose chain nonce moved past what the
   * pool expected (a batch proposed elsewhere included its transactions) moves up. A sender with a
   * transaction the block skipped moves back down to the chain's nonce (the skipped one is gone and
   * may be sent again) — never because of transactions merely taken and not yet executed, which an
   * asynchronous orderer keeps in flight for a while.
   */
  committed(executed: readonly SignedTx[], skipped: readonly SignedTx[]): void {
    for (const tx of executed) this.#realign(tx.sender, false)
    for (const tx of skipped) this.#realign(tx.sender, true)
  }

  #realign(address: string, down: boolean): void {
    const sender = this.#senders.get(address)
    if (!sender) return
    const chainNext = this.#options.nonceOf(address)
    if (chainNext > sender.next || (down && chainNext < sender.next && sender.ready === 0)) {
      sender.next = chainNext
      for (const [nonce, tx] of sender.waiting) {
        if (nonce < chainNext) {
          sender.waiting.delete(nonce)
          this.#gapped.delete(tx.hash)
          this.#forget(tx)
        }
      }
      if (this.#promote(sender)) for (const listener of this.#listeners) listener()
    }
    this.#dropIfIdle(address, sender)
  }

  #precheck(tx: SignedTx): void {
    const { chainId, maxNonceGap } = this.#options
    const { body } = tx
    if (body.chainId !== chainId) throw new TxRejectedError('wrongChain', `expected "${chainId}", got "${body.chainId}"`)
    const intrinsic = intrinsicGas(tx)
    if (body.gasLimit < intrinsic || body.gasLimit > TX_LIMITS.maxTxGas) {
      throw new TxRejectedError('gasLimit', `need ${intrinsic} ≤ gasLimit ≤ ${TX_LIMITS.maxTxGas}, got ${body.gasLimit}`)
    }
    if (this.#known.has(tx.hash)) throw new TxRejectedError('known')
    const sender = this.#senders.get(tx.sender)
    const chainNext = this.#options.nonceOf(tx.sender)
    const next = sender?.next ?? chainNext
    if (body.nonce < chainNext) throw new TxRejectedError('nonceTooLow', `next nonce is ${chainNext}, got ${body.nonce}`)
    if (body.nonce < next || sender?.waiting.has(body.nonce)) {
      throw new TxRejectedError('known', `another transaction with nonce ${body.nonce} is pending`)
    }
    if (body.nonce >= next + maxNonceGap) throw new TxRejectedError('nonceGap', `next nonce is ${next}, got ${body.nonce} (at most ${maxNonceGap - 1} ahead)`)
    // A full pool makes room for a transaction that can run next by dropping the oldest ones that
    // wait behind a nonce gap: gaps must not be a way to lock everyone else out.
    while (this.#full(tx) && body.nonce === next && this.#gapped.size > 0) this.#evictOldestGapped()
    if (this.#full(tx)) throw new TxRejectedError('poolFull')
  }

  /** True when `tx` does not fit in the pool's limits now. */
  #full(tx: SignedTx): boolean {
    return this.#known.size >= this.#options.maxTxs || this.#bytes + tx.raw.length > this.#options.maxBytes
  }

  #evictOldestGapped(): void {
    const tx = this.#gapped.values().next().value!
    const sender = this.#senders.get(tx.sender)!
    sender.waiting.delete(tx.body.nonce)
    this.#gapped.delete(tx.hash)
    this.#forget(tx)
    this.#dropIfIdle(tx.sender, sender)
  }

  async #verify(tx: SignedTx): Promise<void> {
    let ok = tx.verified
    try {
      if (!ok) [ok] = await this.#options.verifier.verify([tx])
    } catch (error) {
      this.#forget(tx)
      throw error
    }
    if (!ok) {
      this.#forget(tx)
      // Remember the failure, so the same bytes are never verified again (bounded).
      this.#badSignatures.add(signatureId(tx))
      if (this.#badSignatures.size > 10_000) this.#badSignatures.delete(this.#badSignatures.values().next().value!)
      throw new TxRejectedError('badSignature')
    }
    tx.verified = true
    // State may have moved while verifying: check the nonce again before queueing.
    const chainNext = this.#options.nonceOf(tx.sender)
    let sender = this.#senders.get(tx.sender)
    if (!sender) this.#senders.set(tx.sender, (sender = { next: chainNext, waiting: new Map(), ready: 0 }))
    if (tx.body.nonce < sender.next || sender.waiting.has(tx.body.nonce)) {
      this.#forget(tx)
      this.#dropIfIdle(tx.sender, sender)
      throw new TxRejectedError(tx.body.nonce < chainNext ? 'nonceTooLow' : 'known')
    }
    sender.waiting.set(tx.body.nonce, tx)
    if (this.#promote(sender)) for (const listener of this.#listeners) listener()
    if (sender.waiting.has(tx.body.nonce)) this.#gapped.set(tx.hash, tx)
  }

  /** Moves consecutive waiting transactions to the ready queue; true if any moved. */
  #promote(sender: Sender): boolean {
    let moved = false
    for (let tx = sender.waiting.get(sender.next); tx; tx = sender.waiting.get(sender.next)) {
      sender.waiting.delete(sender.next)
      this.#gapped.delete(tx.hash)
      sender.next++
      sender.ready++
      this.#ready.push(tx)
      moved = true
    }
    return moved
  }

  #forget(tx: SignedTx): void {
    if (this.#known.delete(tx.hash)) this.#bytes -= tx.raw.length
  }

  #dropIfIdle(address: string, sender: Sender): void {
    if (sender.ready === 0 && sender.waiting.size === 0 && sender.next <= this.#options.nonceOf(address)) this.#senders.delete(address)
  }
}
