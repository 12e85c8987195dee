/**
 * Canonical byte framing for what is authenticated or hashed: strings are UTF-8 with a 16-bit
 * big-endian length in front, so no two different lists of strings frame to the same bytes
 * (`"ab" ‖ "c"` and `"a" ‖ "bc"` differ). Internal to stdlib/privacy.
 * @module
 */
import { utf8ToBytes } from '../crypto/_bytes.ts'

/**
 * u16be(byte length) ‖ UTF-8 of `value`.
 * @throws {TypeError} when `value` is not a string
 * @throws {RangeError} when it is empty or its UTF-8 form is longer than 65,535 bytes
 */
export function framed(value: string, name: string): Uint8Array {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected string, got type=${value === null ? 'null' : typeof value}`)
  const bytes = utf8ToBytes(value)
  if (bytes.length === 0 || bytes.length > 0xffff) throw new RangeError(`"${name}" expected 1 to 65535 UTF-8 bytes, got ${bytes.length}`)
  const out = new Uint8Array(2 + bytes.length)
  out[0] = bytes.length >>> 8
  out[1] = bytes.length & 0xff
  out.set(bytes, 2)
  return out
}

/** The key version as 4 bytes big-endian; it must be an integer from 1 to 2³² − 1. */
export function keyVersionBytes(keyVersion: number): Uint8Array {
  if (typeof keyVersion !== 'number') throw new TypeError(`"keyVersion" expected number, got type=${typeof keyVersion}`)
  if (!Number.isInteger(keyVersion) || keyVersion < 1 || keyVersion > 0xffffffff) throw new RangeError(`"keyVersion" expected an integer from 1 to 4294967295, got ${keyVersion}`)
  return new Uint8Array([keyVersion >>> 24, (keyVersion >>> 16) & 0xff, (keyVersion >>> 8) & 0xff, keyVersion & 0xff])
}
