/**
 * Byte helpers of the node's core modules (no `node:` imports: the core runs in browsers).
 * Hex and concatenation come from @noble/hashes, which stdlib/crypto builds on too.
 */
import { bytesToHex, concatBytes, hexToBytes } from '@noble/hashes/utils.js'

export { concatBytes }

/** Lowercase hex of `bytes`. */
export const toHex = (bytes: Uint8Array): string => bytesToHex(bytes)

/** Parses hex (no `0x`). Throws `TypeError` naming `what` when malformed. */
export function fromHex(hex: string, what = 'hex'): Uint8Array {
  try {
    return hexToBytes(hex)
  } catch {
    throw new TypeError(`${what} must be an even-length hex string`)
  }
}

const utf8Encoder = new TextEncoder()

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}
