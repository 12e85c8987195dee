/**
 * The ABI: what a contract's entry points accept and return, and the events it emits, as data.
 *
 * The compiler extracts it from the TypeScript types (compiler/abi-extract.ts); it travels in the
 * artifact and on chain. The checker below is the single implementation of "does this value fit
 * this type": clients run it before sending a call, and every bundled contract runs it on its own
 * arguments (so nested calls from other contracts are checked too). It is plain code without
 * regular expressions because it runs inside the VM.
 *
 * Values are canonical values (docs/vm.md): `bytes` is a `Uint8Array`; `undefined` never occurs,
 * an optional parameter or property is simply absent.
 * @module
 */

/** A value type. Primitives are strings; composite types are one-key objects. */
export type AbiType =
  | 'string'
  | 'number'
  | 'bigint'
  | 'boolean'
  | 'bytes'
  | 'null'
  | { literal: string | number | boolean }
  | { array: AbiType }
  | { tuple: AbiType[] }
  | { object: AbiField[] }
  | { record: AbiType }
  | { union: AbiType[] }
  /** A named type from `Abi.types` (interfaces and type aliases keep their names). */
  | { ref: string }

export interface AbiField {
  name: string
  type: AbiType
  optional?: true
}

/** `call` changes state, `view` only reads it, `init` runs once at deployment. */
export type AbiMutability = 'call' | 'view' | 'init'

export interface AbiMethod {
  name: string
  kind: AbiMutability
  params: AbiField[]
  /** `void` methods return `null`. */
  returns: AbiType | 'void'
}

export interface AbiEvent {
  name: string
  type: AbiType
}

export interface Abi {
  methods: AbiMethod[]
  events: AbiEvent[]
  /** Named types referenced by `{ ref }`, sorted by name. */
  types: Record<string, AbiType>
}

/** Named types, as in `Abi.types`. */
export type AbiTypes = Readonly<Record<string, AbiType>>

/**
 * Checks the arguments of a call. Returns undefined when they fit, else a message naming the
 * method, the parameter and the expected type, e.g.
 * `transfer: argument "amount" expected bigint, got string "10"`.
 */
export function checkArgs(method: AbiMethod, args: readonly unknown[], types: AbiTypes): string | undefined {
  const { name, params } = method
  if (args.length > params.length) {
    return `${name}: expected at most ${params.length} argument${params.length === 1 ? '' : 's'}, got ${args.length}`
  }
  for (let i = 0; i < params.length; i++) {
    const param = params[i]!
    // An optional parameter is skipped by leaving it out at the end, or with null (or undefined).
    if (i >= args.length || args[i] === undefined || (args[i] === null && param.optional)) {
      if (param.optional) continue
      return `${name}: argument "${param.name}" is missing (expected ${describeType(param.type)})`
    }
    const problem = checkValue(param.type, args[i], types, param.name)
    if (problem !== undefined) return `${name}: argument ${problem}`
  }
  return undefined
}

/** Parameter types whose whole check is a `typeof` test (and, for numbers, finiteness). */
const TYPEOF_CHECKED: ReadonlySet<AbiType> = new Set(['string', 'number', 'bigint', 'boolean'])

/**
 * The argument check of one method, made once: `checkArgs(method, args, types)` as a function of
 * the arguments. When every parameter is required and of a `typeof`-checked type (the common
 * signature) it first runs a loop of `typeof` tests and only calls `checkArgs`, for its message,
 * when one fails; otherwise it is `checkArgs` itself. The result is always that of `checkArgs`.
 */
export function argsCheck(method: AbiMethod, types: AbiTypes): (args: readonly unknown[]) => string | undefined {
  const kinds = method.params.map((param) => (param.optional || !TYPEOF_CHECKED.has(param.type) ? undefined : (param.type as string)))
  if (kinds.includes(undefined)) return (args) => checkArgs(method, args, types)
  const count = kinds.length
  return (args) => {
    if (args.length !== count) return checkArgs(method, args, types)
    for (let i = 0; i < count; i++) {
      const value = args[i]
      if (typeof value !== kinds[i] || (typeof value === 'number' && !Number.isFinite(value))) return checkArgs(method, args, types)
    }
    return undefined
  }
}

/**
 * Checks one value against a type. Returns undefined when it fits, else
 * `"<path>" expected <type>, got <value>` for the innermost value that does not fit.
 */
export function checkValue(type: AbiType, value: unknown, types: AbiTypes, path: string): string | undefined {
  return check(type, value, types, path, 0)
}

/** `label` names the expected type in a mismatch when it came through a `ref` to a structure. */
function check(type: AbiType, value: unknown, types: AbiTypes, path: string, depth: number, label?: string): string | undefined {
  // Canonical values nest at most 64 deep; a deeper recursive type cannot match anyway.
  if (depth > 64) return `"${path}" is nested too deeply`
  // The message is built only on failure: in a contract this runs on every call, under gas.
  if (typeof type === 'string') {
    switch (type) {
      case 'bytes':
        return value instanceof Uint8Array ? undefined : mismatchOf(type, value, path, label)
      case 'null':
        return value === null ? undefined : mismatchOf(type, value, path, label)
      case 'number':
        return typeof value === 'number' && Number.isFinite(value) ? undefined : mismatchOf(type, value, path, label)
      default:
        return typeof value === type ? undefined : mismatchOf(type, value, path, label)
    }
  }
  if ('literal' in type) return value === type.literal ? undefined : mismatchOf(type, value, path, label)
  if ('ref' in type) {
    const named = types[type.ref]
    if (named === undefined) return `"${path}" has unknown type ${type.ref}`
    // A union says more by its members ('yes' | 'no'); an object by its name.
    return check(named, value, types, path, depth + 1, typeof named === 'object' && 'union' in named ? undefined : type.ref)
  }
  if ('union' in type) {
    for (const option of type.union) if (check(option, value, types, path, depth + 1) === undefined) return undefined
    return mismatchOf(type, value, path, label)
  }
  if ('array' in type || 'tuple' in type) {
    if (!Array.isArray(value)) return mismatchOf(type, value, path, label)
    if ('tuple' in type && value.length !== type.tuple.length) return mismatchOf(type, value, path, label)
    for (let i = 0; i < value.length; i++) {
      const item = 'array' in type ? type.array : type.tuple[i]!
      const problem = check(item, value[i], types, `${path}[${i}]`, depth + 1)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  if (!isRecord(value)) return mismatchOf(type, value, path, label)
  if ('record' in type) {
    for (const key of Object.keys(value)) {
      const problem = check(type.record, value[key], types, `${path}.${key}`, depth + 1)
      if (problem !== undefined) return problem
    }
    return undefined
  }
  const known: Record<string, true> = {}
  for (const field of type.object) {
    known[field.name] = true
    if (!Object.hasOwn(value, field.name) || value[field.name] === undefined) {
      if (field.optional) continue
      return `"${path}.${field.name}" is missing (expected ${describeType(field.type)})`
    }
    const problem = check(field.type, value[field.name], types, `${path}.${field.name}`, depth + 1)
    if (problem !== undefined) return problem
  }
  for (const key of Object.keys(value)) if (!Object.hasOwn(known, key)) return `"${path}" has an unexpected property "${key}"`
  return undefined
}

function mismatchOf(type: AbiType, value: unknown, path: string, label: string | undefined): string {
  return `"${path}" expected ${label ?? describeType(type)}, got ${describeValue(value)}`
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
}

/** A type in TypeScript syntax, for messages: `bigint`, `'yes' | 'no'`, `{ to: string; memo?: string }[]`. */
export function describeType(type: AbiType | 'void'): string {
  if (typeof type === 'string') return type === 'bytes' ? 'Uint8Array' : type
  if ('literal' in type) return typeof type.literal === 'string' ? `'${type.literal}'` : String(type.literal)
  if ('ref' in type) return type.ref
  if ('array' in type) {
    const item = describeType(type.array)
    return typeof type.array === 'object' && 'union' in type.array ? `(${item})[]` : `${item}[]`
  }
  if ('tuple' in type) return `[${type.tuple.map(describeType).join(', ')}]`
  if ('record' in type) return `Record<string, ${describeType(type.record)}>`
  if ('union' in type) return type.union.map(describeType).join(' | ')
  if (type.object.length === 0) return '{}'
  return `{ ${type.object.map((f) => `${f.name}${f.optional ? '?' : ''}: ${describeType(f.type)}`).join('; ')} }`
}

/** A short description of a value, for messages: `string "10"`, `bigint 5n`, `array`, `Uint8Array`. */
function describeValue(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return `string ${JSON.stringify(value.length > 32 ? value.slice(0, 32) + '…' : value)}`
    case 'bigint':
      return `bigint ${value}n`
    case 'number':
    case 'boolean':
      return `${typeof value} ${value}`
    case 'object':
      if (value === null) return 'null'
      if (value instanceof Uint8Array) return 'Uint8Array'
      return Array.isArray(value) ? 'array' : 'object'
    default:
      return typeof value
  }
}
