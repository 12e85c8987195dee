/**
 * Replay verification: re-executes a stored chain from genesis on a fresh in-memory state,
 * re-checking every signature and every header field (state, transaction and receipt roots,
 * hashes, parent links), then compares the replayed state with the stored state entry by entry.
 */
import { encodeReceipts, receiptsRoot } from './block.ts'
import { compareBytes } from '../vm/canonical.ts'
import { Chain, genesisHeader, headerMismatch } from './chain.ts'
import type { ChainStore, StoredBlock } from './store.ts'

export interface ReplayReport {
  height: number
  headHash: string
  stateRoot: string
  entries: number
  transactions: number
}

export class ReplayError extends Error {
  override name = 'ReplayError'
}

/** Keeps only what replay needs: nothing is written anywhere. */
class DiscardStore implements ChainStore {
  async open() {
    return { height: undefined, state: [] }
  }
  async commit() {}
  async block() {
    return undefined
  }
  async heightOf() {
    return undefined
  }
  async txLocation() {
    return undefined
  }
  async close() {}
}

export async function replayChain(
  store: ChainStore,
  { onProgress }: { onProgress?: (height: number, head: number) => void } = {},
): Promise<ReplayReport> {
  const { height: head, state } = await store.open()
  if (head === undefined) throw new ReplayError('the store holds no chain')
  const genesis = (await store.block(0))!
  const { chainId, time } = genesis.header
  const replica = await Chain.open({ chainId, store: new DiscardStore(), genesisTime: time })
  const mismatch = headerMismatch(genesisHeader(chainId, time, replica.state.root()), genesis.header)
  if (mismatch || replica.head.hash !== genesis.hash) throw new ReplayError(`genesis: ${mismatch ?? 'hash'} differs`)
  let transactions = 0
  let last: StoredBlock = genesis
  for (let height = 1; height <= head; height++) {
    const block = await store.block(height)
    if (!block) throw new ReplayError(`block ${height} is missing`)
    try {
      await replica.importBlock(block)
    } catch (error) {
      throw new ReplayError(`block ${height}: ${(error as Error).message}`)
    }
    // Receipts are stored beside the header: they must be the ones its receiptsRoot commits to.
    if (receiptsRoot(encodeReceipts(block.receipts)) !== block.header.receiptsRoot) throw new ReplayError(`block ${height}: stored receipts do not match receiptsRoot`)
    transactions += block.txs.length
    last = block
    onProgress?.(height, head)
  }
  let entries = 0
  for await (const [key, value] of state) {
    entries++
    const replayed = replica.state.getEntry(key)
    if (!replayed || compareBytes(replayed, value) !== 0) throw new ReplayError(`stored state entry ${key} differs from the replayed state`)
  }
  if (entries !== replica.state.size) throw new ReplayError(`stored state has ${entries} entries, replay has ${replica.state.size}`)
  await replica.close()
  return { height: head, headHash: last.hash, stateRoot: last.header.stateRoot, entries, transactions }
}
