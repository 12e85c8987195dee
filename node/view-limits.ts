/**
 * What a node lets read-only calls (`ink_call`) take of the chain thread.
 *
 * Views are free and unsigned, yet they run on the thread that executes blocks, and a view's
 * gas limit is the caller's to choose. Unbounded, one client could stall block production: a view
 * may run up to the VM's 10⁸ gas maximum (seconds), and a view that runs out of gas discards its
 * context, so the next call of that contract loads it again (~15–25 ms of node work for a small
 * contract, up to ~1 s for one with a heavy initialisation) for a few hundred gas. So a node:
 * - runs views on a VM of their own (chain.ts), so they never discard or evict the contexts
 *   blocks execute on;
 * - caps each view's gas and wall-clock time;
 * - lets views take at most a share of the chain thread's time, measured as a token bucket over
 *   wall time (loads included); past it, views are refused until the bucket refills.
 * None of this is consensus: views change nothing, and each node sets its own limits.
 * @module
 */

export interface ViewLimits {
  /** Most gas one view may use; a larger request is lowered to it. */
  maxGas: number
  /** Wall-clock time one view may run (its contract's load excluded), in ms. */
  wallClockMs: number
  /** Share of wall time views may take of the chain thread, sustained (0–1]. */
  share: number
  /** Time views may take at once, in ms, before the share applies. */
  burstMs: number
}

export const DEFAULT_VIEW_LIMITS: ViewLimits = {
  maxGas: 10_000_000, // LIMITS.defaultGasLimit: what a view gets when it names no limit
  wallClockMs: 500,
  share: 0.25,
  burstMs: 1_000,
}

/** A view refused or stopped by the node's limits (JSON-RPC −32005): retry later or ask for less. */
export class ViewLimitError extends Error {
  override name = 'ViewLimitError'
}

/** The token bucket of view time: `admit` before a view, `spent` with its duration after. */
export class ViewBudget {
  readonly #limits: ViewLimits
  readonly #now: () => number
  /** Milliseconds of view time available now; below zero after an expensive view. */
  #credit: number
  #at: number

  constructor(limits: ViewLimits, now: () => number = () => performance.now()) {
    if (!(limits.share > 0 && limits.share <= 1)) throw new RangeError(`view share must be in (0, 1], not ${limits.share}`)
    this.#limits = limits
    this.#now = now
    this.#credit = limits.burstMs
    this.#at = now()
  }

  /** Throws `ViewLimitError` while views are over their share. */
  admit(): void {
    const now = this.#now()
    this.#credit = Math.min(this.#limits.burstMs, this.#credit + (now - this.#at) * this.#limits.share)
    this.#at = now
    if (this.#credit <= 0) {
      const waitMs = Math.ceil(-this.#credit / this.#limits.share) + 1
      throw new ViewLimitError(`views have used this node's share of execution time (${this.#limits.share * 100}%): retry in ${waitMs} ms`)
    }
  }

  /** Records `ms` of view time. */
  spent(ms: number): void {
    this.#credit -= ms
  }
}
