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
/** Where `s:<contract>:<key>` splits (addresses have a fixed length). */
const CONTRACT_START = 2
const CONTRACT_END = 44

/**
 * A contract's storage: its entries by key, and a sorted copy of the keys built when first
 * iterated and kept sorted from then on (binary-search insert/remove), so iteration costs
 * O(log n + rows), not a sort.
 */
interface ContractStorage {
  values: Map<string, Uint8Array>
  sorted: string[] | null
}

export class WorldState implements StateReader {
  /** Every entry by its full key. */
  readonly #data = new Map<string, Uint8Array>()
  /**
   * The `s:` entries again, per contract: the VM reads storage by contract and key, and finding
   * them here costs no `s:<contract>:<key>` string to build, flatten and hash per read.
   */
  readonly #storage = new Map<string, ContractStorage>()
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
    return this.#storage.get(contract)?.values.get(key)
  }

  entries(contract: string, prefix: string, after: string | null, limit: number): [string, Uint8Array][] {
    const storage = this.#storage.get(contract)
    if (!storage) return []
    const sorted = (storage.sorted ??= [...storage.values.keys()].sort(compareKeys))
    // Keys with a prefix are contiguous in code-point order, starting at the prefix itself.
    let i = after !== null && compareKeys(after, prefix) >= 0 ? search(sorted, after, true) : search(sorted, prefix, false)
    const rows: [string, Uint8Array][] = []
    for (; i < sorted.length && rows.length < limit && sorted[i]!.startsWith(prefix); i++) {
      rows.push([sorted[i]!, storage.values.get(sorted[i]!)!])
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
      for (const [key, value] of changes) this.#set(storageKey(contract, key), value, contract, key)
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

  /**
   * Changes one entry. `contract` and `keyInContract` are the parts of an `s:` key when the caller
   * has them (the VM's writes); otherwise they are cut from `key`.
   */
  #set(key: string, value: Uint8Array | null, contract?: string, keyInContract?: string): void {
    const journal = this.#journal
    if (!journal) throw new Error('world state: change outside of a block')
    if (!journal.has(key)) journal.set(key, this.#data.get(key))
    if (value === null) this.#delete(key, contract, keyInContract)
    else this.#put(key, value, contract, keyInContract)
  }

  #put(key: string, value: Uint8Array, contract = contractOf(key), keyInContract?: string): void {
    this.#data.set(key, value)
    this.#tree.set(key, value)
    if (contract === null) return
    keyInContract ??= key.slice(CONTRACT_END + 1)
    let storage = this.#storage.get(contract)
    if (!storage) this.#storage.set(contract, (storage = { values: new Map(), sorted: null }))
    const size = storage.values.size
    storage.values.set(keyInContract, value)
    if (storage.sorted && storage.values.size > size) storage.sorted.splice(search(storage.sorted, keyInContract, false), 0, keyInContract)
  }

  #delete(key: string, contract = contractOf(key), keyInContract?: string): void {
    if (!this.#data.delete(key)) return
    this.#tree.set(key, null)
    if (contract === null) return
    keyInContract ??= key.slice(CONTRACT_END + 1)
    const storage = this.#storage.get(contract)!
    storage.values.delete(keyInContract)
    if (storage.sorted) storage.sorted.splice(search(storage.sorted, keyInContract, false), 1)
  }
}

/** The contract of an `s:<contract>:<key>` key; null for any other key. */
function contractOf(key: string): string | null {
  return key.startsWith('s:') ? key.slice(CONTRACT_START, CONTRACT_END) : null
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
