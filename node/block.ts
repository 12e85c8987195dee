/**
 * Blocks and receipts: their consensus fields and hashes (all SM3).
 *
 * header  = { chainId, height, parentHash, time, txRoot, receiptsRoot, stateRoot, gasUsed, txCount }
 * hash    = SM3(canonical(header)), hex
 * txRoot  = listRoot(transaction hashes, in block order)
 * receiptsRoot = listRoot(SM3(canonical(receipt)) for each receipt, in block order)
 * listRoot: a binary Merkle tree over 32-byte leaves, node = SM3(0x02 ‖ left ‖ right); an odd
 * node is carried up unchanged; the root of no leaves is 32 zero bytes.
 * Genesis is height 0 with no transactions and parentHash = 64 zeros; its state root is the
 * root of the genesis state.
 */
import { encode, encodeWith, type CanonicalValue } from '../vm/canonical.ts'
import type { FailureKind } from '../vm/vm.ts'
import { fromHex, toHex } from './bytes.ts'
import { sm3, sm3Hex, sm3Pair } from './crypto.ts'

export interface BlockHeader {
  chainId: string
  height: number
  parentHash: string
  time: number
  txRoot: string
  receiptsRoot: string
  stateRoot: string
  gasUsed: number
  txCount: number
}

export interface ReceiptEvent {
  contract: string
  name: string
  data: CanonicalValue
}

/** The outcome of one transaction (consensus data: everything here is hashed into receiptsRoot). */
export interface Receipt {
  txHash: string
  from: string
  /** `ok`, or how it failed (vm/vm.ts FailureKind). */
  status: 'ok' | FailureKind
  gasUsed: number
  /** The returned value (null when it failed). */
  value: CanonicalValue
  /**
   * How it failed; `stack` is the failing contract's frames in bundle coordinates as the VM
   * reports them (deterministic, so it may be hashed; RPC maps them to TypeScript at read time).
   */
  error: { kind: FailureKind; name: string; message: string; contract: string; stack: string } | null
  events: ReceiptEvent[]
  /** The new contract's address for a successful deploy, else null. */
  contractAddress: string | null
  height: number
  index: number
}

export const ZERO_HASH = '0'.repeat(64)

export function blockHash(header: BlockHeader): string {
  return sm3Hex(encode(header as unknown as CanonicalValue))
}

/**
 * A receipt's canonical bytes: hashed into receiptsRoot and stored as they are. The same bytes as
 * `encode(receipt)`, written field by field in canonical key order: the chain's thread encodes
 * every receipt, and the generic walk spent a third of its time finding and sorting these keys.
 */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  return encodeWith((w) => {
    w.object(10)
    w.key('contractAddress')
    w.value(receipt.contractAddress)
    w.key('error')
    const error = receipt.error
    if (error === null) w.value(null)
    else {
      w.object(5)
      for (const key of ERROR_KEYS) {
        w.key(key)
        w.value(error[key])
      }
    }
    w.key('events')
    w.array(receipt.events.length)
    for (const { contract, data, name } of receipt.events) {
      w.object(3)
      w.key('contract')
      w.value(contract)
      w.key('data')
      w.value(data)
      w.key('name')
      w.value(name)
    }
    for (const key of SCALAR_KEYS) {
      w.key(key)
      w.value(receipt[key])
    }
  })
}
const ERROR_KEYS = ['contract', 'kind', 'message', 'name', 'stack'] as const
/** The receipt's keys after `events`, in canonical order. */
const SCALAR_KEYS = ['from', 'gasUsed', 'height', 'index', 'status', 'txHash', 'value'] as const

/** Binary Merkle root over 32-byte leaves (hex). */
export function listRoot(leaves: Uint8Array[]): string {
  if (leaves.length === 0) return ZERO_HASH
  let level = leaves
  while (level.length > 1) {
    const next: Uint8Array[] = []
    for (let i = 0; i < level.length; i += 2) {
      if (i + 1 === level.length) {
        next.push(level[i]!)
        continue
      }
      next.push(sm3Pair(level[i]!, level[i + 1]!))
    }
    level = next
  }
  return toHex(level[0]!)
}

export function txRoot(txHashes: string[]): string {
  return listRoot(txHashes.map((hash) => fromHex(hash)))
}

/** receiptsRoot over receipts' canonical bytes (see `encodeReceipt`). */
export function receiptsRoot(encodedReceipts: Uint8Array[]): string {
  return listRoot(encodedReceipts.map(sm3))
}
