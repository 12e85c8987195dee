/**
 * Argument checks shared by the `stdlib/zkp` modules.
 *
 * Same conventions as `stdlib/crypto/_assert.ts` (STYLE.md "stdlib/ and crypto"): a wrong type
 * throws `TypeError`, a right type with a wrong length or range throws `RangeError`, and the
 * message names the argument in quotes (`"proof.pi_a" expected an array of 3, got 2`). Proof
 * systems take snarkjs JSON, so numbers arrive as decimal strings or bigints.
 * @module
 */
export { abytes } from '../crypto/_assert.ts'

/** Decimal digits allowed in one number: enough for any 381-bit field element (115 digits). */
const MAX_DECIMAL_DIGITS = 120

/** A plain object (not null, not an array). */
export function aobject(value: unknown, name: string): Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
    throw new TypeError(`"${name}" expected object, got ${describe(value)}`)
  }
  return value as Record<string, unknown>
}

/**
 * An array, optionally of exactly `length` items.
 * @throws {TypeError} when `value` is not an array
 * @throws {RangeError} when its length differs from `length`
 */
export function aarray(value: unknown, name: string, length?: number): unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`"${name}" expected array, got ${describe(value)}`)
  if (length !== undefined && value.length !== length) {
    throw new RangeError(`"${name}" expected an array of ${length}, got ${value.length}`)
  }
  return value
}

/**
 * A non-negative integer below `bound`, given as a bigint or a string of decimal digits (what
 * snarkjs writes).
 * @throws {TypeError} when `value` is neither, or the string is not plain decimal digits
 * @throws {RangeError} when it is ≥ `bound`
 * @example
 * const signal = aint('123', 'publicSignals[0]', Fr.ORDER) // 123n
 */
export function aint(value: unknown, name: string, bound: bigint): bigint {
  let n: bigint
  if (typeof value === 'bigint') n = value
  else if (typeof value === 'string' && /^[0-9]+$/.test(value) && value.length <= MAX_DECIMAL_DIGITS) n = BigInt(value)
  else throw new TypeError(`"${name}" expected a decimal string or bigint, got ${describe(value)}`)
  if (n < 0n || n >= bound) throw new RangeError(`"${name}" must be in [0, ${bound}), got ${n}`)
  return n
}

/**
 * A safe integer in [min, max].
 * @throws {TypeError} when `value` is not an integer number
 * @throws {RangeError} when it is outside [min, max]
 */
export function ainteger(value: unknown, name: string, min: number, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) throw new TypeError(`"${name}" expected integer, got ${describe(value)}`)
  if (value < min || value > max) throw new RangeError(`"${name}" must be in [${min}, ${max}], got ${value}`)
  return value
}

/** `arity` of a host function: the number of arguments, exactly or in [min, max]. */
export function aarity(args: readonly unknown[], min: number, max = min): void {
  if (args.length < min || args.length > max) {
    throw new TypeError(`expected ${min === max ? min : `${min} to ${max}`} arguments, got ${args.length}`)
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (value instanceof Uint8Array) return 'Uint8Array'
  if (typeof value === 'string') return value.length > 20 ? `string of length ${value.length}` : `'${value}'`
  return typeof value
}
