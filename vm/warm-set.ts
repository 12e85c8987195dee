/**
 * The contracts deemed loaded, as a matter of consensus.
 *
 * Whether a node has a contract's context cached differs from node to node, yet loading one costs
 * ~20 ms (vm.md "Reloads are paid for"), so a call must not get a load for free by naming a
 * contract that fell out of the cache: cycling calls through more contracts than nodes keep would
 * make every call a load. So the chain keeps this model of a cache, the same on every node: the
 * least recently used code hashes, at most LIMITS.warmContracts of them holding at most
 * LIMITS.warmInitBytes of module state. A call into a contract outside it pays its reload price
 * and brings it in. Nodes keep more than that cached (64 contexts, 256 MiB by default), in the
 * same recency order, so a contract inside it is loaded on every node but one that restarted.
 * @module
 */
import { LIMITS } from './gas-schedule.ts'

/** The contents at a point, to go back to (`save`); copied only if they change after it. */
export interface SavedWarmSet {
  entries: [string, number][] | null
}

export class WarmSet {
  /** codeHash → its module's initialisation bytes, least recently used first. */
  readonly #entries = new Map<string, number>()
  #newest: string | null = null
  #bytes = 0
  readonly #saves = new Set<SavedWarmSet>()

  constructor(entries: Iterable<readonly [string, number]> = []) {
    this.restore(entries)
  }

  /** Marks `codeHash` used now; false when it was outside the set (the call pays its reload). */
  touch(codeHash: string, initBytes: number): boolean {
    if (codeHash === this.#newest) return true // the same contract again: nothing moves
    if (this.#saves.size > 0) {
      const copy = this.entries()
      for (const saved of this.#saves) saved.entries ??= copy
    }
    const known = this.#entries.get(codeHash)
    this.#newest = codeHash
    this.#entries.delete(codeHash)
    this.#entries.set(codeHash, known ?? initBytes)
    if (known !== undefined) return true
    this.#bytes += initBytes
    for (const [oldest, bytes] of this.#entries) {
      if (this.#entries.size <= LIMITS.warmContracts && this.#bytes <= LIMITS.warmInitBytes) break
      if (oldest === codeHash) break
      this.#entries.delete(oldest)
      this.#bytes -= bytes
    }
    return false
  }

  has(codeHash: string): boolean {
    return this.#entries.has(codeHash)
  }

  /** Least recently used first. */
  entries(): [string, number][] {
    return [...this.#entries]
  }

  /** Replaces the contents (as `entries()` gave them). */
  restore(entries: Iterable<readonly [string, number]>): void {
    this.#entries.clear()
    this.#bytes = 0
    this.#newest = null
    for (const [codeHash, bytes] of entries) {
      this.#entries.set(codeHash, bytes)
      this.#bytes += bytes
      this.#newest = codeHash
    }
  }

  /** Remembers the contents now, for `back`; `release` it when done. */
  save(): SavedWarmSet {
    const saved: SavedWarmSet = { entries: null }
    this.#saves.add(saved)
    return saved
  }

  /** Returns to the contents `saved` remembers (it stays open for another `back`). */
  back(saved: SavedWarmSet): void {
    if (saved.entries) this.restore(saved.entries)
  }

  release(saved: SavedWarmSet): void {
    this.#saves.delete(saved)
  }
}
