/**
 * DER encoding of SM2 signatures, GB/T 35276-2017 §7.3 / GM/T 0009-2012 §7.3:
 *
 *   SM2Signature ::= SEQUENCE { r INTEGER, s INTEGER }
 *
 * Decoding is strict DER (ITU-T X.690 §10): short-form lengths only (a signature is at most
 * 72 bytes, so a long form is never minimal), minimal INTEGERs (no superfluous leading 0x00,
 * no negative values), no trailing bytes, and r, s in [1, n − 1]. BER leniency would make
 * signatures malleable: several byte strings for one (r, s).
 * @module
 */
import { abytes } from './_assert.ts'
import { bigIntToBytes, bytesToBigInt, concatBytes } from './_bytes.ts'
import { SM2_CURVE, SM2_LENGTHS } from './sm2-curve.ts'

const { n } = SM2_CURVE

/**
 * Parses a raw 64-byte r ‖ s signature and checks 1 ≤ r, s ≤ n − 1 (GB/T 32918.2 §7.1 B1–B2).
 * @throws {TypeError} when not a Uint8Array
 * @throws {RangeError} on a wrong length or r/s out of range
 * @example
 * const { r, s } = parseRawSignature(sig64)
 */
export function parseRawSignature(signature: Uint8Array, name = 'signature'): { r: bigint; s: bigint } {
  abytes(signature, name, SM2_LENGTHS.signature)
  const r = bytesToBigInt(signature.subarray(0, 32))
  const s = bytesToBigInt(signature.subarray(32))
  assertScalarRange(r, 'r', name)
  assertScalarRange(s, 's', name)
  return { r, s }
}

function assertScalarRange(v: bigint, part: 'r' | 's', name: string): void {
  if (v < 1n || v >= n) throw new RangeError(`"${name}" ${part} expected an integer in [1, n-1], got ${v === 0n ? '0' : 'a value >= n'}`)
}

/** DER INTEGER for a positive value: minimal big-endian bytes, a 0x00 prefix when the top bit is set. */
function derInteger(v: bigint): Uint8Array {
  let body = bigIntToBytes(v, 32)
  let i = 0
  while (i < body.length - 1 && body[i] === 0) i++
  body = body.subarray(i)
  if (body[0]! & 0x80) body = concatBytes(Uint8Array.of(0), body)
  return concatBytes(Uint8Array.of(0x02, body.length), body)
}

/**
 * Encodes a raw r ‖ s signature as DER `SEQUENCE { INTEGER r, INTEGER s }` (8–72 bytes).
 * @param signature - 64-byte r ‖ s with r, s in [1, n − 1]
 * @returns DER bytes
 * @throws {TypeError} when not a Uint8Array
 * @throws {RangeError} on a wrong length or r/s out of range
 * @example
 * signatureToDer(sig64)[0] // 0x30
 */
export function signatureToDer(signature: Uint8Array): Uint8Array {
  const { r, s } = parseRawSignature(signature)
  const body = concatBytes(derInteger(r), derInteger(s))
  return concatBytes(Uint8Array.of(0x30, body.length), body)
}

/** Reads one strict DER INTEGER at `pos`; returns the value and the next position. */
function readInteger(der: Uint8Array, pos: number, part: 'r' | 's'): { value: bigint; next: number } {
  const fail = (why: string): never => {
    throw new RangeError(`"signature" invalid DER: ${part} ${why}`)
  }
  if (der[pos] !== 0x02) fail(`expected INTEGER tag 0x02`)
  const len = der[pos + 1]
  if (len === undefined || len === 0) fail('has an empty or missing length')
  if (len! & 0x80) fail('uses a long-form length')
  const start = pos + 2
  const end = start + len!
  if (end > der.length) fail('is truncated')
  const body = der.subarray(start, end)
  if (body[0]! & 0x80) fail('is negative')
  if (body.length > 1 && body[0] === 0 && !(body[1]! & 0x80)) fail('has a non-minimal leading zero')
  const value = bytesToBigInt(body)
  assertScalarRange(value, part, 'signature')
  return { value, next: end }
}

/**
 * Decodes a strict-DER SM2 signature into raw 64-byte r ‖ s.
 * @param der - DER bytes
 * @returns 64-byte r ‖ s
 * @throws {TypeError} when not a Uint8Array
 * @throws {RangeError} on any deviation from minimal DER, trailing bytes, or r/s outside [1, n − 1]
 * @example
 * derToSignature(signatureToDer(sig64)) // equal to sig64
 */
export function derToSignature(der: Uint8Array): Uint8Array {
  abytes(der, 'signature')
  if (der.length < 8) throw new RangeError(`"signature" invalid DER: expected at least 8 bytes, got length=${der.length}`)
  if (der[0] !== 0x30) throw new RangeError('"signature" invalid DER: expected SEQUENCE tag 0x30')
  const len = der[1]!
  if (len & 0x80) throw new RangeError('"signature" invalid DER: SEQUENCE uses a long-form length')
  if (len + 2 !== der.length) {
    throw new RangeError(`"signature" invalid DER: SEQUENCE length ${len} does not match ${der.length - 2} content bytes (trailing or missing bytes)`)
  }
  const r = readInteger(der, 2, 'r')
  const s = readInteger(der, r.next, 's')
  if (s.next !== der.length) throw new RangeError('"signature" invalid DER: trailing bytes inside SEQUENCE')
  return concatBytes(bigIntToBytes(r.value, 32), bigIntToBytes(s.value, 32))
}
