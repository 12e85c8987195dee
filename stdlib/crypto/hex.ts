/**
 * Strict hex codec for the crypto APIs, which take and return `Uint8Array` only.
 *
 * Decoding rejects odd lengths and any character outside `[0-9a-fA-F]` (no `0x` prefix, no
 * whitespace), unlike the lenient helpers in sm-crypto that silently drop bad digits.
 * @module
 */
import { abytes, astring } from './_assert.ts'
import { HEX } from './_bytes.ts'

/**
 * Encodes bytes as lowercase hex.
 * @param bytes - data to encode
 * @returns lowercase hex string, two characters per byte (`''` for empty input)
 * @throws {TypeError} when `bytes` is not a Uint8Array
 * @example
 * bytesToHex(new Uint8Array([0xca, 0xfe])) // 'cafe'
 */
export function bytesToHex(bytes: Uint8Array): string {
  abytes(bytes, 'bytes')
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]
  return out
}

/** Value of one hex digit's char code, or -1. */
function nibble(code: number): number {
  if (code >= 48 && code <= 57) return code - 48 // 0-9
  if (code >= 97 && code <= 102) return code - 87 // a-f
  if (code >= 65 && code <= 70) return code - 55 // A-F
  return -1
}

/**
 * Decodes a hex string (upper or lower case).
 * @param hex - even-length string of hex digits
 * @returns the decoded bytes
 * @throws {TypeError} when `hex` is not a string
 * @throws {RangeError} on odd length or a non-hex character (the message gives its index)
 * @example
 * hexToBytes('cafe') // Uint8Array [0xca, 0xfe]
 * hexToBytes('abc')  // throws RangeError: "hex" expected even length, got length=3
 */
export function hexToBytes(hex: string): Uint8Array {
  astring(hex, 'hex')
  if (hex.length % 2 !== 0) throw new RangeError(`"hex" expected even length, got length=${hex.length}`)
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = nibble(hex.charCodeAt(2 * i))
    const lo = nibble(hex.charCodeAt(2 * i + 1))
    if (hi < 0 || lo < 0) {
      const at = hi < 0 ? 2 * i : 2 * i + 1
      throw new RangeError(`"hex" has a non-hex character ${JSON.stringify(hex[at])} at index ${at}`)
    }
    out[i] = (hi << 4) | lo
  }
  return out
}
