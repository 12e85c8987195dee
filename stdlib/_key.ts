/**
 * Storage keys of the collections: `<collection name>:<encoded key>`.
 *
 * A key is encoded as one type tag and a text form, so keys of different types never collide and
 * decode back to the value: `s` string (as is), `n` bigint (decimal), `d` number (its shortest
 * decimal form), `t`/`f` booleans, `x` Uint8Array (lowercase hex). Iteration follows the UTF-8
 * order of the encoded key: string keys come out in byte order, numbers and bigints do not come
 * out in numeric order. A collection name may not contain `:` (so one collection's keys can never
 * be another's) nor start with `$` (reserved for the runtime, e.g. the init flag).
 */

/** The types a map key or set element may have. */
export type StorageKey = string | number | bigint | boolean | Uint8Array

/**
 * Names already known to be valid, each with its key prefix (`name:`): the literal names the
 * compiler checked, handed over by the generated entry module while the contract module
 * initialises. Replaced, never changed in place, so a call that replaced it would write module
 * state and lose its context (docs/vm.md).
 */
let trustedPrefixes: ReadonlyMap<string, string> = new Map()

/** Marks collection names valid (checking them); the generated entry calls this once, at load. */
export function trustCollectionNames(names: readonly string[]): void {
  trustedPrefixes = Object.freeze(new Map(names.map((name) => [collectionName(name), name + ':'])))
}

/** Validates a collection name; returns it. */
export function collectionName(name: string): string {
  // Collections are built each time a contract is (once per loaded context, or per call when it
  // cannot be built in advance), mostly with the same few names.
  if (trustedPrefixes.has(name)) return name
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) {
    throw new TypeError('a collection name must be a string of 1 to 64 characters')
  }
  if (name.includes(':') || name[0] === '$') {
    throw new RangeError(`collection name "${name}" may not contain ':' nor start with '$'`)
  }
  return name
}

/** The prefix of a collection's keys, `name:`, for a valid name (a trusted one without a join). */
export function collectionPrefix(name: string): string {
  return trustedPrefixes.get(name) ?? collectionName(name) + ':'
}

/** The tag of string keys: collections join `name:s` once and add a string key to it without calling encodeKey. */
export const STRING_KEY_TAG = 's'

export function encodeKey(key: StorageKey): string {
  switch (typeof key) {
    case 'string':
      return STRING_KEY_TAG + key
    case 'bigint':
      return 'n' + key
    case 'number':
      if (!Number.isFinite(key)) throw new RangeError(`storage key ${key} is not a finite number`)
      return 'd' + key
    case 'boolean':
      return key ? 't' : 'f'
  }
  if (key instanceof Uint8Array) {
    let hex = 'x'
    for (let i = 0; i < key.length; i++) hex += (key[i]! < 16 ? '0' : '') + key[i]!.toString(16)
    return hex
  }
  throw new TypeError(`a storage key must be a string, number, bigint, boolean or Uint8Array, got ${typeof key}`)
}

export function decodeKey(text: string): StorageKey {
  const body = text.slice(1)
  switch (text[0]) {
    case 's':
      return body
    case 'n':
      return BigInt(body)
    case 'd':
      return Number(body)
    case 't':
      return true
    case 'f':
      return false
    case 'x': {
      const bytes = new Uint8Array(body.length / 2)
      for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(body.slice(2 * i, 2 * i + 2), 16)
      return bytes
    }
  }
  throw new RangeError(`malformed storage key "${text}"`)
}
