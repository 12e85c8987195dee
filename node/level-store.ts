/**
 * The durable store: LevelDB through `level` (classic-level), one atomic batch per block.
 *
 * Every block is one chained batch — block, indexes, state changes, head pointer — written with
 * `write({ sync: true })`: LevelDB applies a batch atomically through its write-ahead log and
 * `sync` makes it durable before the promise resolves, so a process killed at any moment restarts
 * at the last committed block with nothing half-written. (The chained form is used because the
 * array form with options measured 3.5× slower.) LevelDB's LOCK file keeps a second process out.
 *
 * Keys (UTF-8):  head → height · b:<height, 12 digits> → block · h:<block hash> → height ·
 *                t:<tx hash> → [height, index] · x:<state key> → state value (world-state.ts).
 */
import { Level } from 'level'
import { decode, encode } from '../vm/canonical.ts'
import { decodeBlock, encodeBlock, type BlockRecord, type ChainStore } from './store.ts'
import type { StateChanges } from './world-state.ts'

type Db = Level<string, Uint8Array>

const blockKey = (height: number) => `b:${String(height).padStart(12, '0')}`

export class LevelStore implements ChainStore {
  readonly #db: Db

  private constructor(db: Db) {
    this.#db = db
  }

  /** Opens (creating if needed) the database in `directory`. */
  static async open(directory: string): Promise<LevelStore> {
    const db: Db = new Level<string, Uint8Array>(directory, { keyEncoding: 'utf8', valueEncoding: 'view' })
    await db.open()
    return new LevelStore(db)
  }

  async open() {
    const head = await this.#db.get('head')
    const db = this.#db
    async function* state(): AsyncGenerator<[string, Uint8Array]> {
      for await (const [key, value] of db.iterator({ gte: 'x:', lt: 'x;' })) yield [key.slice(2), value]
    }
    return { height: head === undefined ? undefined : (decode(head) as number), state: state() }
  }

  async commit(block: BlockRecord, changes: StateChanges): Promise<void> {
    const batch = this.#db.batch()
    const height = block.header.height
    batch.put(blockKey(height), encodeBlock(block))
    batch.put(`h:${block.hash}`, encode(height))
    block.receipts.forEach((receipt, index) => batch.put(`t:${receipt.txHash}`, encode([height, index])))
    for (const [key, value] of changes) {
      if (value === null) batch.del(`x:${key}`)
      else batch.put(`x:${key}`, value)
    }
    batch.put('head', encode(height))
    await batch.write({ sync: true })
  }

  async block(height: number) {
    const bytes = await this.#db.get(blockKey(height))
    return bytes === undefined ? undefined : decodeBlock(bytes)
  }

  async heightOf(blockHash: string) {
    const bytes = await this.#db.get(`h:${blockHash}`)
    return bytes === undefined ? undefined : (decode(bytes) as number)
  }

  async txLocation(txHash: string) {
    const bytes = await this.#db.get(`t:${txHash}`)
    if (bytes === undefined) return undefined
    const [height, index] = decode(bytes) as [number, number]
    return { height, index }
  }

  async close() {
    await this.#db.close()
  }
}
