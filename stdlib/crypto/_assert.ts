/**
 * Argument checks shared by every module in `stdlib/crypto`.
 *
 * Conventions (STYLE.md "stdlib/ and crypto"): a value of the wrong type throws `TypeError`, a
 * value of the right type but the wrong length or range throws `RangeError`. Messages name the
 * parameter in quotes so a caller can tell which argument was rejected, e.g.
 * `"publicKey" expected Uint8Array of length 65, got length=64`.
 * @module
 */

/** Returns a short description of a value's type for error messages (`null`, `array`, `string`…). */
function typeName(value: unknown): string {
  if (value === null) return 'null'
  if (Array.isArray(value)) return 'array'
  if (typeof value === 'object') return (value as object).constructor?.name ?? 'object'
  return typeof value
}

/** True for a `Uint8Array` (also one from another realm, e.g. a Node `Buffer` or an iframe's array). */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    value instanceof Uint8Array ||
    (ArrayBuffer.isView(value) && value.constructor?.name === 'Uint8Array')
  )
}

/**
 * Asserts `value` is a `Uint8Array`, optionally of one of the given lengths.
 * @param value - the argument to check
 * @param name - parameter name used in the message
 * @param lengths - allowed lengths; none means any length
 * @returns `value`, narrowed to `Uint8Array`
 * @throws {TypeError} when `value` is not a Uint8Array
 * @throws {RangeError} when its length is not one of `lengths`
 * @example
 * abytes(key, 'key', 16) // throws RangeError: "key" expected Uint8Array of length 16, got length=15
 */
export function abytes(value: unknown, name: string, ...lengths: number[]): Uint8Array {
  if (!isBytes(value)) throw new TypeError(`"${name}" expected Uint8Array, got type=${typeName(value)}`)
  if (lengths.length > 0 && !lengths.includes(value.length)) {
    throw new RangeError(
      `"${name}" expected Uint8Array of length ${lengths.join(' or ')}, got length=${value.length}`,
    )
  }
  return value
}

/**
 * Asserts `value` is a `Uint8Array` whose length is at least `min`.
 * @throws {TypeError} when `value` is not a Uint8Array
 * @throws {RangeError} when it is shorter than `min`
 * @example
 * aminBytes(ciphertext, 'ciphertext', 98)
 */
export function aminBytes(value: unknown, name: string, min: number): Uint8Array {
  abytes(value, name)
  const bytes = value as Uint8Array
  if (bytes.length < min) {
    throw new RangeError(`"${name}" expected Uint8Array of length >= ${min}, got length=${bytes.length}`)
  }
  return bytes
}

/**
 * Asserts `value` is a string.
 * @throws {TypeError} when it is not
 * @example
 * astring(hex, 'hex')
 */
export function astring(value: unknown, name: string): string {
  if (typeof value !== 'string') throw new TypeError(`"${name}" expected string, got type=${typeName(value)}`)
  return value
}

/**
 * Asserts an optional boolean option.
 * @returns the value, or `fallback` when it is `undefined`
 * @throws {TypeError} when it is present and not a boolean
 * @example
 * const der = aboolOpt(opts.der, 'der', false)
 */
export function aboolOpt(value: unknown, name: string, fallback: boolean): boolean {
  if (value === undefined) return fallback
  if (typeof value !== 'boolean') throw new TypeError(`"${name}" expected boolean, got type=${typeName(value)}`)
  return value
}

/**
 * Asserts an options bag: `undefined` or a plain object whose keys are all in `allowed`.
 * Unknown keys are rejected so a typo (`{ userID: … }`) cannot silently fall back to a default.
 * @returns the options object (`{}` for `undefined`)
 * @throws {TypeError} when `opts` is not an object or has an unknown key
 * @example
 * const o = aoptions(opts, 'opts', ['userId', 'der'])
 */
export function aoptions<T extends object>(opts: T | undefined, name: string, allowed: readonly string[]): Partial<T> {
  if (opts === undefined) return {}
  if (opts === null || typeof opts !== 'object' || Array.isArray(opts)) {
    throw new TypeError(`"${name}" expected object, got type=${typeName(opts)}`)
  }
  for (const key of Object.keys(opts)) {
    if (!allowed.includes(key)) {
      throw new TypeError(`"${name}" has unknown option "${key}", expected one of: ${allowed.join(', ')}`)
    }
  }
  return opts
}

/**
 * Asserts `value` is one of the listed string literals.
 * @throws {TypeError} when it is not a string
 * @throws {RangeError} when it is a string outside `allowed`
 * @example
 * aoneOf(mode, 'mode', ['C1C3C2', 'C1C2C3'] as const)
 */
export function aoneOf<const T extends string>(value: unknown, name: string, allowed: readonly T[]): T {
  astring(value, name)
  if (!allowed.includes(value as T)) {
    throw new RangeError(`"${name}" expected one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${String(value)}'`)
  }
  return value as T
}
