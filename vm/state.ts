/**
 * Contract state as the VM sees it: a synchronous key → canonical-bytes store per contract, and a
 * transactional overlay with nested checkpoints over it.
 *
 * Reads are synchronous because host calls from QuickJS are; the node keeps its working state in
 * memory and persists committed blocks (node/). Keys are strings; their order (for prefix
 * iteration) is the byte order of their UTF-8 encoding, which is LevelDB's order.
 */

/** Read access to committed state. */
export interface StateReader {
  /** The stored bytes, or undefined when the key is absent. */
  get(contract: string, key: string): Uint8Array | undefined
  /** Up to `limit` entries of `contract` whose key starts with `prefix` and sorts after `after`, in key order. */
  entries(contract: string, prefix: string, after: string | null, limit: number): [string, Uint8Array][]
}

/** A change set: per contract, key → new bytes, or null for a deletion. */
export type Writes = Map<string, Map<string, Uint8Array | null>>

/** Orders strings by the bytes of their UTF-8 encoding (code point order). */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const x = a.charCodeAt(i)
    const y = b.charCodeAt(i)
    if (x === y) continue
    // Surrogates (0xD800–0xDFFF) encode code points above 0xFFFF: in UTF-8 they sort after 0xE000–0xFFFF.
    const surrogateX = x >= 0xd800 && x <= 0xdfff
    const surrogateY = y >= 0xd800 && y <= 0xdfff
    if (surrogateX !== surrogateY) return surrogateX ? 1 : -1
    return x - y
  }
  return a.length - b.length
}

/** An in-memory `StateReader` that can apply change sets: used by tests and in-process chains. */
export class MemoryState implements StateReader {
  readonly #data = new Map<string, Map<string, Uint8Array>>()

  get(contract: string, key: string): Uint8Array | undefined {
    return this.#data.get(contract)?.get(key)
  }

  entries(contract: string, prefix: string, after: string | null, limit: number): [string, Uint8Array][] {
    const rows = [...(this.#data.get(contract) ?? [])].filter(
      ([key]) => key.startsWith(prefix) && (after === null || compareKeys(key, after) > 0),
    )
    return rows.sort((a, b) => compareKeys(a[0], b[0])).slice(0, limit)
  }

  apply(writes: Writes): void {
    for (const [contract, changes] of writes) {
      let table = this.#data.get(contract)
      if (!table) this.#data.set(contract, (table = new Map()))
      for (const [key, value] of changes) {
        if (value === null) table.delete(key)
        else table.set(key, value)
      }
    }
  }
}

/**
 * Buffered writes over a `StateReader` with nested checkpoints: a call's writes become visible
 * to later reads at once, and `revert()` drops everything since the matching `checkpoint()`.
 */
export class Overlay implements StateReader {
  readonly #base: StateReader
  readonly #frames: Writes[] = [new Map()]

  constructor(base: StateReader) {
    this.#base = base
  }

  get depth(): number {
    return this.#frames.length - 1
  }

  get(contract: string, key: string): Uint8Array | undefined {
    for (let i = this.#frames.length - 1; i >= 0; i--) {
      const value = this.#frames[i]!.get(contract)?.get(key)
      if (value !== undefined) return value ?? undefined
    }
    return this.#base.get(contract, key)
  }

  set(contract: string, key: string, value: Uint8Array | null): void {
    const top = this.#frames[this.#frames.length - 1]!
    let table = top.get(contract)
    if (!table) top.set(contract, (table = new Map()))
    table.set(key, value)
  }

  entries(contract: string, prefix: string, after: string | null, limit: number): [string, Uint8Array][] {
    // Merge the overlay's view of matching keys with enough base rows to fill `limit` after deletions.
    const pending = new Map<string, Uint8Array | null>()
    for (const frame of this.#frames) {
      for (const [key, value] of frame.get(contract) ?? []) {
        if (key.startsWith(prefix) && (after === null || compareKeys(key, after) > 0)) pending.set(key, value)
      }
    }
    const deleted = [...pending.values()].filter((v) => v === null).length
    const merged = new Map(this.#base.entries(contract, prefix, after, limit + deleted))
    for (const [key, value] of pending) {
      if (value === null) merged.delete(key)
      else merged.set(key, value)
    }
    return [...merged].sort((a, b) => compareKeys(a[0], b[0])).slice(0, limit)
  }

  checkpoint(): void {
    this.#frames.push(new Map())
  }

  /** Folds the newest checkpoint into the one below it. */
  commit(): void {
    if (this.#frames.length < 2) throw new Error('overlay: commit without a checkpoint')
    const top = this.#frames.pop()!
    const below = this.#frames.length - 1
    // Over nothing written yet (an outermost call's writes, a first nested call's), the newest
    // checkpoint's writes are the merged writes as they are.
    if (this.#frames[below]!.size === 0) {
      this.#frames[below] = top
      return
    }
    for (const [contract, changes] of top) {
      for (const [key, value] of changes) this.set(contract, key, value)
    }
  }

  revert(): void {
    if (this.#frames.length < 2) throw new Error('overlay: revert without a checkpoint')
    this.#frames.pop()
  }

  /** All buffered writes (only valid with no open checkpoint; a later commit may replace rather than fill them). */
  writes(): Writes {
    if (this.#frames.length !== 1) throw new Error('overlay: writes() with an open checkpoint')
    return this.#frames[0]!
  }
}
