/**
 * Byte helpers of the node's core modules (no `node:` imports: the core runs in browsers).
 * Hex comes from stdlib/crypto (one strict codec; raw transactions arrive as hex, so its parser is
 * on every submission), concatenation from @noble/hashes, which stdlib/crypto builds on too.
 */
import { concatBytes } from '@noble/hashes/utils.js'
import { bytesToHex, hexToBytes } from '../stdlib/crypto/hex.ts'

export { concatBytes }

/** Lowercase hex of `bytes`. */
export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes)

const utf8Encoder = new TextEncoder()

/**
 * Bytes of `hex` (no `0x`, either case), or undefined when it is not a string, has odd length
 * or a character that is not a hex digit.
 */
export function parseHex(hex: unknown): Uint8Array | undefined {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) return undefined
  try {
    return hexToBytes(hex)
  } catch {
    return undefined
  }
}

/** Parses hex (no `0x`). Throws `TypeError` naming `what` when malformed. */
export function fromHex(hex: string, what = 'hex'): Uint8Array {
  const bytes = parseHex(hex)
  if (bytes === undefined) throw new TypeError(`${what} must be an even-length hex string`)
  return bytes
}

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

/**
 * Byte strings in one transferable buffer: per chunk, u32 length ‖ bytes. A chunk given as parts
 * is their concatenation, written without making it first.
 */
export function packChunks(chunks: readonly (Uint8Array | readonly Uint8Array[])[]): Uint8Array {
  let size = 0
  for (const chunk of chunks) size += 4 + chunkLength(chunk)
  const packed = new Uint8Array(size)
  const view = new DataView(packed.buffer)
  let offset = 0
  for (const chunk of chunks) {
    view.setUint32(offset, chunkLength(chunk))
    offset += 4
    if (chunk instanceof Uint8Array) {
      packed.set(chunk, offset)
      offset += chunk.length
    } else {
      for (const part of chunk) {
        packed.set(part, offset)
        offset += part.length
      }
    }
  }
  return packed
}

function chunkLength(chunk: Uint8Array | readonly Uint8Array[]): number {
  if (chunk instanceof Uint8Array) return chunk.length
  let length = 0
  for (const part of chunk) length += part.length
  return length
}

export function unpackChunks(packed: Uint8Array): Uint8Array[] {
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength)
  const chunks: Uint8Array[] = []
  for (let offset = 0; offset < packed.length; ) {
    const length = view.getUint32(offset)
    chunks.push(packed.subarray(offset + 4, offset + 4 + length))
    offset += 4 + length
  }
  return chunks
}
