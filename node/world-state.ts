/**
 * The node's working state: every committed entry in memory (the VM reads synchronously), an
 * undo journal for the block being executed, and the incremental state-root tree.
 *
 * Key space (one flat map of string → bytes; this is what LevelDB stores and the root covers):
 *   n:<address>              account nonce            canonical number
 *   c:<address>              contract record          canonical { name, codeHash, abi, deployer, txHash, height, loadGas }
 *   k:<codeHash>             contract code            UTF-8 bundle (one copy per distinct code)
 *   s:<contract>:<key>       contract storage         canonical value bytes as the VM wrote them
 *   w:                       contracts deemed loaded  canonical [[codeHash, init bytes], …] (vm/warm-set.ts)
 * Addresses have a fixed length, so `s:<contract>:` prefixes never overlap.
 */
import { decode, encode, type CanonicalValue } from '../vm/canonical.ts'
import { compareKeys, type StateReader, type Writes } from '../vm/state.ts'
import type { ContractCode } from '../vm/vm.ts'
import { toHex, utf8 } from './bytes.ts'
import { StateTree } from './state-root.ts'

export interface ContractRecord {
  name: string
  codeHash: string
  abi: CanonicalValue
  deployer: string
  txHash: string
  height: number
  /** The code's reload price (vm RELOAD_GAS), fixed when it was deployed; absent on older chains. */
  loadGas?: number
}

/** A block's state changes: full key → new bytes, or null for a deletion. */
export type StateChanges = Map<string, Uint8Array | null>

const utf8Decoder = new TextDecoder()
const storageKey = (contract: string, key: string) => `s:${contract}:${key}`

export class WorldState implements StateReader {
  readonly #data = new Map<string, Uint8Array>()
  /**
   * Per contract: its storage keys, and a sorted copy built when first iterated and kept sorted
   * from then on (binary-search insert/remove), so iteration costs O(log n + rows), not a sort.
   */
  readonly #storageKeys = new Map<string, { keys: Set<string>; sorted: string[] | null }>()
  readonly #tree = new StateTree()
  readonly #codes = new Map<string, ContractCode>()
  /** Values before the open block changed them (undefined: absent); null when no block is open. */
  #journal: Map<string, Uint8Array | undefined> | null = null

  /** Loads committed entries (at start-up); not journaled. */
  load(entries: Iterable<[string, Uint8Array]>): void {
    for (const [key, value] of entries) this.#put(key, value)
  }

  getEntry(key: string): Uint8Array | undefined {
    return this.#data.get(key)
  }

  /** Every account's nonce (a scan of the whole state: for start-up, not per block). */
  *nonces(): Generator<[string, number]> {
    for (const [key, bytes] of this.#data) if (key.startsWith('n:')) yield [key.slice(2), decode(bytes) as number]
  }

  /** Every contract's record (a scan of the whole state: for start-up, not per block). */
  *contracts(): Generator<[string, ContractRecord]> {
    for (const [key, bytes] of this.#data) if (key.startsWith('c:')) yield [key.slice(2), decode(bytes) as unknown as ContractRecord]
  }

  get size(): number {
    return this.#data.size
  }

  // StateReader: what the VM sees.
  get(contract: string, key: string): Uint8Array | undefined {
    return this.#data.get(storageKey(contract, key))
  }

  entries(contract: string, prefix: string, after: string | null, limit: number): [string, Uint8Array][] {
    const index = this.#storageKeys.get(contract)
    if (!index) return []
    const sorted = (index.sorted ??= [...index.keys].sort(compareKeys))
    // Keys with a prefix are contiguous in code-point order, starting at the prefix itself.
    let i = after !== null && compareKeys(after, prefix) >= 0 ? search(sorted, after, true) : search(sorted, prefix, false)
    const rows: [string, Uint8Array][] = []
    for (; i < sorted.length && rows.length < limit && sorted[i]!.startsWith(prefix); i++) {
      rows.push([sorted[i]!, this.#data.get(storageKey(contract, sorted[i]!))!])
    }
    return rows
  }

  nonceOf(address: string): number {
    const bytes = this.#data.get(`n:${address}`)
    return bytes ? (decode(bytes) as number) : 0
  }

  contract(address: string): ContractRecord | undefined {
    const bytes = this.#data.get(`c:${address}`)
    return bytes ? (decode(bytes) as unknown as ContractRecord) : undefined
  }

  /** The code of a contract address, for the VM. */
  codeOf(address: string): ContractCode | undefined {
    const cached = this.#codes.get(address)
    if (cached) return cached
    const record = this.contract(address)
    if (!record) return undefined
    const bundle = utf8Decoder.decode(this.#data.get(`k:${record.codeHash}`))
    const code = record.loadGas === undefined ? { codeHash: record.codeHash, bundle } : { codeHash: record.codeHash, bundle, loadGas: record.loadGas }
    this.#codes.set(address, code)
    return code
  }

  // Changes: only inside begin() … commit()/rollback().
  begin(): void {
    if (this.#journal) throw new Error('world state: a block is already open')
    this.#journal = new Map()
  }

  setNonce(address: string, nonce: number): void {
    this.#set(`n:${address}`, encode(nonce))
  }

  addContract(address: string, record: ContractRecord, bundle: string): void {
    this.#set(`k:${record.codeHash}`, utf8(bundle))
    this.#set(`c:${address}`, encode(record as unknown as CanonicalValue))
  }

  /** The chain's model of loaded contracts, least recently used first (vm/warm-set.ts). */
  warmContracts(): [string, number][] {
    const bytes = this.#data.get('w:')
    return bytes ? (decode(bytes) as [string, number][]) : []
  }

  setWarmContracts(entries: [string, number][]): void {
    this.#set('w:', encode(entries))
  }

  applyWrites(writes: Writes): void {
    for (const [contract, changes] of writes) {
      for (const [key, value] of changes) this.#set(storageKey(contract, key), value)
    }
  }

  /** Closes the open block and returns its changes (for the store). */
  commit(): StateChanges {
    const journal = this.#journal
    if (!journal) throw new Error('world state: no open block')
    this.#journal = null
    const changes: StateChanges = new Map()
    for (const key of journal.keys()) changes.set(key, this.#data.get(key) ?? null)
    return changes
  }

  /** The root over the current entries, the open block's changes included (hex). */
  root(): string {
    return toHex(this.#tree.root())
  }

  /** Undoes everything since begin(). */
  rollback(): void {
    const journal = this.#journal
    if (!journal) throw new Error('world state: no open block')
    this.#journal = null
    for (const [key, value] of journal) {
      if (value === undefined) this.#delete(key)
      else this.#put(key, value)
    }
    this.#codes.clear()
  }

  #set(key: string, value: Uint8Array | null): void {
    const journal = this.#journal
    if (!journal) throw new Error('world state: change outside of a block')
    if (!journal.has(key)) journal.set(key, this.#data.get(key))
    if (value === null) this.#delete(key)
    else this.#put(key, value)
  }

  #put(key: string, value: Uint8Array): void {
    if (!this.#data.has(key)) this.#index(key, true)
    this.#data.set(key, value)
    this.#tree.set(key, value)
  }

  #delete(key: string): void {
    if (!this.#data.delete(key)) return
    this.#index(key, false)
    this.#tree.set(key, null)
  }

  #index(key: string, added: boolean): void {
    if (!key.startsWith('s:')) return
    const contract = key.slice(2, 44)
    const storage = key.slice(45)
    let index = this.#storageKeys.get(contract)
    if (!index) this.#storageKeys.set(contract, (index = { keys: new Set(), sorted: null }))
    if (added) index.keys.add(storage)
    else index.keys.delete(storage)
    if (index.sorted) {
      const at = search(index.sorted, storage, false)
      if (added) index.sorted.splice(at, 0, storage)
      else index.sorted.splice(at, 1)
    }
  }
}

/** The first position in `sorted` whose key is ≥ `bound` (> `bound` when `strict`). */
function search(sorted: string[], bound: string, strict: boolean): number {
  let low = 0
  let high = sorted.length
  while (low < high) {
    const mid = (low + high) >>> 1
    const order = compareKeys(sorted[mid]!, bound)
    if (order < 0 || (strict && order === 0)) low = mid + 1
    else high = mid
  }
  return low
}
