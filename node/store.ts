/**
 * Where committed blocks and state live. The chain writes one block at a time through `commit`,
 * which must be atomic: after a crash the store holds every entry of the last committed block
 * and nothing of the next. `MemoryStore` (here) serves tests and in-browser chains;
 * `LevelStore` (level-store.ts) is the durable one.
 *
 * A stored block is canonical({ header, hash, txs: raw transaction bytes[], receipts: canonical
 * receipt bytes[] }): receipts are stored as the bytes receiptsRoot hashed, encoded once.
 */
import { decode, encode, type CanonicalValue } from '../vm/canonical.ts'
import { encodeReceipts, type BlockHeader, type Receipt } from './block.ts'
import type { StateChanges } from './world-state.ts'

export interface StoredBlock {
  header: BlockHeader
  hash: string
  txs: Uint8Array[]
  receipts: Receipt[]
}

export interface ChainStore {
  /** The committed head height (undefined for an empty store) and every state entry. */
  open(): Promise<{ height: number | undefined; state: AsyncIterable<[string, Uint8Array]> | Iterable<[string, Uint8Array]> }>
  /** Atomically stores a block, its indexes, its state changes and the new head. */
  commit(block: BlockRecord, changes: StateChanges): Promise<void>
  block(height: number): Promise<StoredBlock | undefined>
  heightOf(blockHash: string): Promise<number | undefined>
  txLocation(txHash: string): Promise<{ height: number; index: number } | undefined>
  close(): Promise<void>
}

/** A block on its way to the store, with its receipts already encoded when the caller has them. */
export type BlockRecord = StoredBlock & { receiptBytes?: Uint8Array[] }

export function encodeBlock({ header, hash, txs, receipts, receiptBytes }: BlockRecord): Uint8Array {
  return encode({ header, hash, txs, receipts: receiptBytes ?? encodeReceipts(receipts) } as unknown as CanonicalValue)
}

export function decodeBlock(bytes: Uint8Array): StoredBlock {
  const { header, hash, txs, receipts } = decode(bytes) as unknown as Omit<StoredBlock, 'receipts'> & { receipts: Uint8Array[] }
  return { header, hash, txs, receipts: receipts.map((r) => decode(r) as unknown as Receipt) }
}

export class MemoryStore implements ChainStore {
  readonly #blocks: Uint8Array[] = []
  readonly #hashes = new Map<string, number>()
  readonly #txs = new Map<string, { height: number; index: number }>()
  readonly #state = new Map<string, Uint8Array>()

  async open() {
    return { height: this.#blocks.length ? this.#blocks.length - 1 : undefined, state: [...this.#state] }
  }

  async commit(block: BlockRecord, changes: StateChanges): Promise<void> {
    if (block.header.height !== this.#blocks.length) throw new Error(`store: expected height ${this.#blocks.length}, got ${block.header.height}`)
    this.#blocks.push(encodeBlock(block))
    this.#hashes.set(block.hash, block.header.height)
    block.receipts.forEach((receipt, index) => this.#txs.set(receipt.txHash, { height: block.header.height, index }))
    for (const [key, value] of changes) {
      if (value === null) this.#state.delete(key)
      else this.#state.set(key, value)
    }
  }

  async block(height: number) {
    const bytes = this.#blocks[height]
    return bytes ? decodeBlock(bytes) : undefined
  }

  async heightOf(blockHash: string) {
    return this.#hashes.get(blockHash)
  }

  async txLocation(txHash: string) {
    return this.#txs.get(txHash)
  }

  async close() {}
}
