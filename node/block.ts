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
import { encode, TAG, writeAscii, writeUvarint, type CanonicalValue } from '../vm/canonical.ts'
import { eventDataBytes } from '../vm/frames.ts'
import type { FailureKind } from '../vm/vm.ts'
import { fromHex, toHex, utf8 } from './bytes.ts'
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
 * Receipts' canonical bytes, each the same as `encode(receipt)`: hashed into receiptsRoot and
 * stored as they are. The chain's thread encodes every receipt of every block, and the generic
 * walk cost ~7 µs a transfer's receipt there, so they are written here field by field in canonical
 * key order (layout in vm/canonical.ts), all of a block's into one buffer (each receipt a view of
 * one copy: one allocation per block, not per receipt). By hand: the keys, numbers, null and
 * booleans, and ASCII text (its UTF-8 is itself and it holds no lone surrogate). Everything else
 * (event data and return values that are not such scalars, non-ASCII text) goes through `encode`,
 * which checks it as for any other value: a lone surrogate or a NaN throws as there.
 */
export function encodeReceipts(receipts: readonly Receipt[]): Uint8Array[] {
  const w = receiptWriter
  w.length = 0
  const ends: number[] = []
  for (const receipt of receipts) {
    w.byte(TAG.object)
    w.byte(10)
    w.key(KEY.contractAddress)
    w.value(receipt.contractAddress)
    w.key(KEY.error)
    const error = receipt.error
    if (error === null) w.byte(TAG.null)
    else {
      w.byte(TAG.object)
      w.byte(5)
      w.key(KEY.contract)
      w.text(error.contract)
      w.key(KEY.kind)
      w.text(error.kind)
      w.key(KEY.message)
      w.text(error.message)
      w.key(KEY.name)
      w.text(error.name)
      w.key(KEY.stack)
      w.text(error.stack)
    }
    w.key(KEY.events)
    w.byte(TAG.array)
    w.uvarint(receipt.events.length)
    for (const event of receipt.events) {
      w.byte(TAG.object)
      w.byte(3)
      w.key(KEY.contract)
      w.text(event.contract)
      w.key(KEY.data)
      // The VM's own events carry their data's canonical bytes: copied, not encoded again.
      const dataBytes = eventDataBytes(event)
      if (dataBytes === undefined) w.value(event.data)
      else w.bytes(dataBytes)
      w.key(KEY.name)
      w.text(event.name)
    }
    w.key(KEY.from)
    w.text(receipt.from)
    w.key(KEY.gasUsed)
    w.number(receipt.gasUsed)
    w.key(KEY.height)
    w.number(receipt.height)
    w.key(KEY.index)
    w.number(receipt.index)
    w.key(KEY.status)
    w.text(receipt.status)
    w.key(KEY.txHash)
    w.text(receipt.txHash)
    w.key(KEY.value)
    w.value(receipt.value)
    ends.push(w.length)
  }
  const all = w.copy()
  return ends.map((end, i) => all.subarray(i === 0 ? 0 : ends[i - 1], end))
}

/** One receipt's canonical bytes (see `encodeReceipts`). */
export function encodeReceipt(receipt: Receipt): Uint8Array {
  return encodeReceipts([receipt])[0]!
}

/** A receipt's object keys as written: uvarint length ‖ UTF-8 (all ASCII and short). */
const KEY = Object.fromEntries(
  ['contract', 'contractAddress', 'data', 'error', 'events', 'from', 'gasUsed', 'height', 'index', 'kind', 'message', 'name', 'stack', 'status', 'txHash', 'value'].map(
    (key) => [key, Uint8Array.of(key.length, ...utf8(key))],
  ),
) as Record<'contract' | 'contractAddress' | 'data' | 'error' | 'events' | 'from' | 'gasUsed' | 'height' | 'index' | 'kind' | 'message' | 'name' | 'stack' | 'status' | 'txHash' | 'value', Uint8Array>

/** A growing byte buffer kept between blocks (see `encodeReceipts`). */
class ReceiptWriter {
  #buffer = new Uint8Array(64 * 1024)
  #view = new DataView(this.#buffer.buffer)
  length = 0

  byte(b: number): void {
    this.#room(1)
    this.#buffer[this.length++] = b
  }

  uvarint(n: number): void {
    this.#room(8)
    this.length = writeUvarint(this.#buffer, this.length, n)
  }

  /** A key's bytes, copied one by one: for a dozen bytes a loop costs less than `set`. */
  key(key: Uint8Array): void {
    this.#room(key.length)
    const buffer = this.#buffer
    let at = this.length
    for (let i = 0; i < key.length; i++) buffer[at++] = key[i]!
    this.length = at
  }

  /** A string value: ASCII by hand, anything else through the canonical encoder. */
  text(text: string): void {
    this.#room(9 + text.length)
    const buffer = this.#buffer
    buffer[this.length] = TAG.string
    const at = writeUvarint(buffer, this.length + 1, text.length)
    if (writeAscii(buffer, at, text) < text.length) return this.bytes(encode(text))
    this.length = at + text.length
  }

  number(n: number): void {
    if (!Number.isFinite(n)) return this.bytes(encode(n)) // throws as the canonical encoder does
    this.#room(9)
    this.#buffer[this.length] = TAG.number
    this.#view.setFloat64(this.length + 1, n === 0 ? 0 : n) // -0 is written as 0
    this.length += 9
  }

  /** Any canonical value: null, booleans and strings by hand, the rest through the canonical encoder. */
  value(value: unknown): void {
    if (value === null) this.byte(TAG.null)
    else if (value === true) this.byte(TAG.true)
    else if (value === false) this.byte(TAG.false)
    else if (typeof value === 'string') this.text(value)
    else this.bytes(encode(value))
  }

  bytes(bytes: Uint8Array): void {
    this.#room(bytes.length)
    this.#buffer.set(bytes, this.length)
    this.length += bytes.length
  }

  /** A copy of what was written. */
  copy(): Uint8Array {
    return this.#buffer.slice(0, this.length)
  }

  #room(bytes: number): void {
    if (this.length + bytes <= this.#buffer.length) return
    const grown = new Uint8Array(Math.max(2 * this.#buffer.length, this.length + bytes))
    grown.set(this.#buffer.subarray(0, this.length))
    this.#buffer = grown
    this.#view = new DataView(grown.buffer)
  }
}

const receiptWriter = new ReceiptWriter()

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

/** receiptsRoot over receipts' canonical bytes (see `encodeReceipts`). */
export function receiptsRoot(encodedReceipts: Uint8Array[]): string {
  return listRoot(encodedReceipts.map(sm3))
}
