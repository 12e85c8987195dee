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

/** Value of each byte (an ASCII character) as a hex digit, either case; -1 for every other byte. */
const DIGIT = /* @__PURE__ */ (() => {
  const table = new Int8Array(256).fill(-1)
  for (let i = 0; i < 10; i++) table[48 + i] = i // 0-9
  for (let i = 0; i < 6; i++) table[97 + i] = table[65 + i] = 10 + i // a-f, A-F
  return table
})()

const encoder = /* @__PURE__ */ new TextEncoder()
/** The text being decoded, copied as ASCII bytes; grows to the longest text up to 64 KiB. */
let scratch = new Uint8Array(1024)

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
  // The text is copied to bytes natively, then read through a table: about twice as fast as
  // charCodeAt per character. A character beyond ASCII takes more than one byte, so the copy
  // then stops short or runs long.
  if (hex.length > scratch.length && hex.length <= 65_536) scratch = new Uint8Array(hex.length)
  const ascii = hex.length <= scratch.length ? scratch : new Uint8Array(hex.length)
  const { read, written } = encoder.encodeInto(hex, ascii)
  const out = new Uint8Array(hex.length / 2)
  let invalid = read === hex.length && written === hex.length ? 0 : -1
  for (let i = 0, j = 0; i < out.length; i++, j += 2) {
    const high = DIGIT[ascii[j]!]!
    const low = DIGIT[ascii[j + 1]!]!
    invalid |= high | low
    out[i] = (high << 4) | low
  }
  // Hex is how keys travel too: leave no copy of the text behind in the module's scratch.
  ascii.fill(0, 0, hex.length)
  if (invalid < 0) throw nonHex(hex)
  return out
}

/** The error for the first character of `hex` that is not a hex digit. */
function nonHex(hex: string): RangeError {
  let at = 0
  while (at < hex.length && hex.charCodeAt(at) < 256 && DIGIT[hex.charCodeAt(at)]! >= 0) at++
  return new RangeError(`"hex" has a non-hex character ${JSON.stringify(hex[at])} at index ${at}`)
}
