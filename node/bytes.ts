/**
 * Byte helpers shared by the node's core modules (no `node:` imports: the core runs in browsers).
 */

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))
const utf8Encoder = new TextEncoder()

/** Lowercase hex of `bytes`. */
export function toHex(bytes: Uint8Array): string {
  let out = ''
  for (let i = 0; i < bytes.length; i++) out += HEX[bytes[i]!]
  return out
}

/** Value of each hex digit by char code; 255 for non-digits. */
const NIBBLE = new Uint8Array(128).fill(255)
for (let i = 0; i < 16; i++) {
  NIBBLE['0123456789abcdef'.charCodeAt(i)] = i
  NIBBLE['0123456789ABCDEF'.charCodeAt(i)] = i
}

/** Parses lowercase or uppercase hex (no `0x`). Throws `TypeError` naming `what` when malformed. */
export function fromHex(hex: string, what = 'hex'): Uint8Array {
  if (typeof hex !== 'string' || hex.length % 2 !== 0) throw new TypeError(`${what} must be an even-length hex string`)
  const out = new Uint8Array(hex.length / 2)
  for (let i = 0; i < out.length; i++) {
    const hi = NIBBLE[hex.charCodeAt(2 * i)] ?? 255
    const lo = NIBBLE[hex.charCodeAt(2 * i + 1)] ?? 255
    if (hi === 255 || lo === 255) throw new TypeError(`${what} must be an even-length hex string`)
    out[i] = (hi << 4) | lo
  }
  return out
}

export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
