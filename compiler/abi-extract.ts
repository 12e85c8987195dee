/**
 * From TypeScript types to ABI types (stdlib/abi.ts).
 *
 * What a type can be is what the canonical encoding can carry: string, number, bigint, boolean,
 * null, Uint8Array, arrays, tuples, plain objects (interfaces, object types, `Record<string, T>`),
 * unions of these (so literal unions, enums and `T | null`). Interfaces and type aliases declared
 * in the project keep their names (`{ ref }` into `Abi.types`), which also makes recursive types
 * possible. `undefined`, functions, classes (Map, Date, …), `any` and `unknown` are refused with
 * the path of the offending part, e.g. `"when" is Date, which is not a canonical value`.
 *
 * Union members come out sorted, so the ABI does not depend on the order in which the checker
 * happened to create their types.
 */
import ts from 'typescript'
import type { AbiType } from '../stdlib/abi.ts'
import { isProjectFile, TYPESCRIPT_LIB_DIR } from './files.ts'

/** A type that has no ABI form; `message` says which part and why. */
export class UnsupportedType extends Error {
  override name = 'UnsupportedType'
}

const SUPPORTED = 'use string, number, bigint, boolean, null, Uint8Array, arrays, tuples, plain object types or unions of these'

export class AbiTypeBuilder {
  readonly #checker: ts.TypeChecker
  readonly #named = new Map<string, { symbol: ts.Symbol; type: AbiType | undefined }>()

  constructor(checker: ts.TypeChecker) {
    this.#checker = checker
  }

  /** The named types met so far, sorted by name. */
  types(): Record<string, AbiType> {
    const names = [...this.#named.keys()].sort()
    return Object.fromEntries(names.map((name) => [name, this.#named.get(name)!.type!]))
  }

  /**
   * The ABI type of `type`; `path` names the value in messages. With `optional`, `undefined` is
   * dropped from the type (an optional parameter or property is absent instead).
   * @throws {UnsupportedType}
   */
  convert(type: ts.Type, path: string, optional = false): AbiType {
    if (optional && type.isUnion()) {
      const defined = type.types.filter((member) => !(member.flags & ts.TypeFlags.Undefined))
      if (defined.length === 1) return this.convert(defined[0]!, path)
      return this.#union(defined, path)
    }
    const named = this.#namedType(type)
    if (named !== undefined) return this.#ref(named, type, path)
    return this.#structure(type, path)
  }

  #structure(type: ts.Type, path: string): AbiType {
    const checker = this.#checker
    const { flags } = type
    if (flags & (ts.TypeFlags.Any | ts.TypeFlags.Unknown)) throw new UnsupportedType(`"${path}" is ${checker.typeToString(type)}, which cannot be checked: give it a concrete type`)
    if (flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Void)) throw new UnsupportedType(`"${path}" is ${checker.typeToString(type)}, which is not a canonical value: use null, or make the parameter or property optional`)
    if (flags & ts.TypeFlags.StringLiteral) return { literal: (type as ts.StringLiteralType).value }
    if (flags & ts.TypeFlags.NumberLiteral) return { literal: (type as ts.NumberLiteralType).value }
    if (flags & ts.TypeFlags.BooleanLiteral) return { literal: checker.typeToString(type) === 'true' }
    if (flags & ts.TypeFlags.StringLike) return 'string'
    if (flags & ts.TypeFlags.NumberLike) return 'number'
    if (flags & ts.TypeFlags.BigIntLiteral) throw new UnsupportedType(`"${path}" is the bigint literal ${checker.typeToString(type)}: use bigint`)
    if (flags & ts.TypeFlags.BigIntLike) return 'bigint'
    if (flags & ts.TypeFlags.Null) return 'null'
    if (type.isUnion()) return this.#union(type.types, path)
    if (flags & ts.TypeFlags.Object || type.isIntersection()) return this.#object(type, path)
    throw new UnsupportedType(`"${path}" is ${checker.typeToString(type)}, which is not a canonical value: ${SUPPORTED}`)
  }

  #union(members: readonly ts.Type[], path: string): AbiType {
    const options = new Map<string, AbiType>()
    const literals = members.filter((member) => member.flags & ts.TypeFlags.BooleanLiteral)
    // `boolean` is the union `true | false` to the checker: give it back its name.
    if (literals.length === 2) options.set('"boolean"', 'boolean')
    for (const member of members) {
      if (literals.length === 2 && literals.includes(member)) continue
      const option = this.convert(member, path)
      options.set(JSON.stringify(option), option)
    }
    const sorted = [...options.keys()].sort().map((key) => options.get(key)!)
    return sorted.length === 1 ? sorted[0]! : { union: sorted }
  }

  #object(type: ts.Type, path: string): AbiType {
    const checker = this.#checker
    const shown = checker.typeToString(type)
    if (checker.isTupleType(type)) {
      const target = (type as ts.TupleTypeReference).target
      if (target.elementFlags.some((flag) => !(flag & ts.ElementFlags.Required))) {
        throw new UnsupportedType(`"${path}" is ${shown}: tuples with optional or rest elements are not supported`)
      }
      return { tuple: checker.getTypeArguments(type as ts.TypeReference).map((item, i) => this.convert(item, `${path}[${i}]`)) }
    }
    if (checker.isArrayType(type)) return { array: this.convert(checker.getTypeArguments(type as ts.TypeReference)[0]!, `${path}[]`) }
    const symbol = type.getSymbol()
    const declaration = symbol?.declarations?.[0]
    // The ECMAScript library's object types (Date, Map, Promise…) are classes in all but name.
    const builtin = declaration !== undefined && declaration.getSourceFile().fileName.startsWith(TYPESCRIPT_LIB_DIR)
    if (symbol?.getName() === 'Uint8Array' && builtin) return 'bytes'
    if (type.getCallSignatures().length > 0 || type.getConstructSignatures().length > 0) {
      throw new UnsupportedType(`"${path}" is ${shown}: functions are not canonical values`)
    }
    if ((symbol && symbol.flags & ts.SymbolFlags.Class) || (builtin && !(symbol!.flags & ts.SymbolFlags.TypeLiteral))) {
      throw new UnsupportedType(`"${path}" is ${shown}, which is not a canonical value (only plain objects are): ${SUPPORTED}`)
    }
    const properties = checker.getPropertiesOfType(type)
    const index = checker.getIndexInfosOfType(type)
    if (index.length > 0) {
      const only = index[0]!
      if (properties.length > 0 || index.length > 1 || !(only.keyType.flags & ts.TypeFlags.String)) {
        throw new UnsupportedType(`"${path}" is ${shown}: an index signature must be the only member and have string keys (Record<string, T>)`)
      }
      return { record: this.convert(only.type, `${path}[key]`) }
    }
    return {
      object: properties.map((property) => {
        const name = property.getName()
        if (property.flags & ts.SymbolFlags.Method) throw new UnsupportedType(`"${path}.${name}" is a method: functions are not canonical values`)
        const optional = (property.flags & ts.SymbolFlags.Optional) !== 0
        const field = { name, type: this.convert(checker.getTypeOfSymbol(property), `${path}.${name}`, optional) }
        return optional ? { ...field, optional: true as const } : field
      }),
    }
  }

  /** The name under which a type goes into `Abi.types`: non-generic interfaces and type aliases of the project. */
  #namedType(type: ts.Type): ts.Symbol | undefined {
    const alias = type.aliasSymbol
    if (alias) return !type.aliasTypeArguments && declaredInProject(alias) ? alias : undefined
    const symbol = type.getSymbol()
    if (!symbol || !(symbol.flags & ts.SymbolFlags.Interface) || !declaredInProject(symbol)) return undefined
    const generic = (type as ts.InterfaceType).typeParameters !== undefined || ((type as ts.ObjectType).objectFlags & ts.ObjectFlags.Reference && (type as ts.TypeReference).typeArguments?.length)
    return generic ? undefined : symbol
  }

  #ref(symbol: ts.Symbol, type: ts.Type, path: string): AbiType {
    const name = symbol.getName()
    const known = this.#named.get(name)
    if (known) {
      if (known.symbol !== symbol) throw new UnsupportedType(`"${path}": two different types are named ${name}; the ABI needs distinct names`)
      return { ref: name }
    }
    // Registered before its body is converted, so a recursive type refers to itself.
    const entry = { symbol, type: undefined as AbiType | undefined }
    this.#named.set(name, entry)
    entry.type = this.#structure(type, path)
    // An alias of a primitive (`type Amount = bigint`) says more inline than by name.
    if (typeof entry.type === 'string') {
      this.#named.delete(name)
      return entry.type
    }
    return { ref: name }
  }
}

function declaredInProject(symbol: ts.Symbol): boolean {
  const declaration = symbol.declarations?.[0]
  return declaration !== undefined && isProjectFile(declaration.getSourceFile().fileName)
}
