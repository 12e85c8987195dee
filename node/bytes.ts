/**
 * Byte helpers of the node's core modules (no `node:` imports: the core runs in browsers).
 * Hex comes from stdlib/crypto, but for the parse of texts up to 64 KiB (raw transactions arrive
 * as hex, so that parser is on every submission) and the text of up to 32 bytes (hashes,
 * addresses); concatenation from @noble/hashes, which stdlib/crypto builds on too.
 */
import { concatBytes } from '@noble/hashes/utils.js'
import { bytesToHex, hexToBytes } from '../stdlib/crypto/hex.ts'

export { concatBytes }

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  if (!(bytes instanceof Uint8Array) || bytes.length > SHORT_HEX) return bytesToHex(bytes)
  // Hashes and addresses: the digits' codes into an array kept per length, then one call makes a
  // flat string (concatenation makes a rope, flattened again when the text is hashed as a key).
  const codes = digitCodes[bytes.length]!
  for (let i = 0; i < bytes.length; i++) {
    codes[2 * i] = HEX_DIGITS[bytes[i]! >> 4]!
    codes[2 * i + 1] = HEX_DIGITS[bytes[i]! & 15]!
  }
  return String.fromCharCode.apply(null, codes)
}
const SHORT_HEX = 32
const HEX_DIGITS = Array.from('0123456789abcdef', (digit) => digit.charCodeAt(0))
const digitCodes = Array.from({ length: SHORT_HEX + 1 }, (_, n) => new Array<number>(2 * n).fill(0))

const utf8Encoder = new TextEncoder()

/**
 * Bytes of `hex` (no `0x`, either case), or undefined when it is not a string, has odd length
 * or a character that is not a hex digit.
 */
export function parseHex(hex: unknown): Uint8Array | undefined {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) return undefined
  if (hex.length <= MAX_PAIRED_HEX) return parsePairs(hex)
  try {
    return hexToBytes(hex)
  } catch {
    return undefined
  }
}

/**
 * Up to this length (raw transactions, keys, hashes), hex is copied to ASCII bytes natively and
 * read two digits at a time through a table of all digit pairs: ~1.1 µs for a transfer's 668
 * digits against ~1.7 µs digit by digit (stdlib/crypto's hexToBytes, which longer text takes).
 */
const MAX_PAIRED_HEX = 65_536
/** Byte value of two ASCII characters read as one native-order u16; -1 unless both are hex digits. */
const HEX_PAIRS = pairTable()
/** The text being parsed as ASCII bytes (grows to the longest text parsed), and read as u16 pairs. */
let hexScratch = new Uint8Array(1024)
let hexScratchPairs = new Uint16Array(hexScratch.buffer)

function parsePairs(hex: string): Uint8Array | undefined {
  if (hex.length > hexScratch.length) {
    hexScratch = new Uint8Array(hex.length)
    hexScratchPairs = new Uint16Array(hexScratch.buffer)
  }
  const { read, written } = utf8Encoder.encodeInto(hex, hexScratch)
  // Every character ASCII: one byte each (a longer one stops the copy short or makes it run long).
  let invalid = read === hex.length && written === hex.length ? 0 : -1
  const table = HEX_PAIRS
  const pairs = hexScratchPairs
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) {
    const value = table[pairs[i]!]!
    invalid |= value
    out[i] = value
  }
  // Hex is how keys travel too: leave no copy of the text behind in the scratch.
  hexScratch.fill(0, 0, hex.length)
  return invalid < 0 ? undefined : out
}

function pairTable(): Int16Array {
  const littleEndian = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1
  const table = new Int16Array(65_536).fill(-1)
  const digits = '0123456789abcdefABCDEF'
  for (let i = 0; i < digits.length; i++) {
    for (let j = 0; j < digits.length; j++) {
      const first = digits.charCodeAt(i)
      const second = digits.charCodeAt(j)
      table[littleEndian ? (second << 8) | first : (first << 8) | second] = (parseInt(digits[i]!, 16) << 4) | parseInt(digits[j]!, 16)
    }
  }
  return table
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
