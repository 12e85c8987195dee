/**
 * Canonical values in JSON (RPC parameters and results, CLI arguments and output).
 *
 * JSON has no bigint and no bytes, so two tagged forms are used:
 *   bigint      → { "$bigint": "-123" }   (decimal)
 *   Uint8Array  → { "$bytes": "0a1b" }    (lowercase hex)
 * Everything else (null, booleans, finite numbers, strings, arrays, plain objects) is plain JSON.
 * An object whose only key is "$bigint" or "$bytes" is therefore always read as a tag.
 */
import { isPlainObject, MAX_DEPTH, type CanonicalValue } from '../../vm/canonical.ts'
import { fromHex, toHex } from '../bytes.ts'

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue }

/** Converts a canonical value (or any structure of them, e.g. a receipt) to JSON-safe data. */
export function toJson(value: unknown): JsonValue {
  if (typeof value === 'bigint') return { $bigint: value.toString() }
  if (value instanceof Uint8Array) return { $bytes: toHex(value) }
  if (Array.isArray(value)) return value.map(toJson)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined).map(([k, v]) => [k, toJson(v)]))
  }
  return value as JsonValue
}

/** Reads tagged JSON into a canonical value. Throws `TypeError` naming the path when malformed. */
export function fromJson(value: unknown, path = '$', depth = 0): CanonicalValue {
  if (depth > MAX_DEPTH) throw new TypeError(`${path}: nesting deeper than ${MAX_DEPTH}`)
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return value
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: numbers must be finite`)
    return value
  }
  if (Array.isArray(value)) return value.map((item, i) => fromJson(item, `${path}[${i}]`, depth + 1))
  if (!isPlainObject(value)) throw new TypeError(`${path}: not a JSON value`)
  const keys = Object.keys(value)
  if (keys.length === 1 && keys[0] === '$bigint') {
    const text = value.$bigint
    if (typeof text !== 'string' || !/^-?(0|[1-9][0-9]*)$/.test(text)) throw new TypeError(`${path}.$bigint must be a decimal integer string`)
    return BigInt(text)
  }
  if (keys.length === 1 && keys[0] === '$bytes') return fromHex(value.$bytes as string, `${path}.$bytes`)
  return Object.fromEntries(keys.map((key) => [key, fromJson(value[key], `${path}.${key}`, depth + 1)]))
}
