/**
 * Finds the contract class in the entry file, checks its shape and extracts its ABI.
 *
 * A contract is the one exported class of the entry file whose methods carry `@call`, `@view` or
 * `@init`, its own or inherited: entry points may come from base classes (the project's or the
 * stdlib's), and an override in a subclass replaces the inherited one in place. The shape rules
 * hold for every class of the project along the chain; they keep the class and its typed client
 * honest:
 *   - every public instance method is an entry point (so `ContractClient<typeof C>`, which sees
 *     public methods, sees exactly the ABI); helpers are private or protected,
 *   - instance fields are `readonly`, and methods do not change what they hold: one instance
 *     serves every call and the VM freezes it, so such a write would throw; state lives in
 *     storage collections,
 *   - the constructor takes no parameters (the VM builds the instance); the initializer takes
 *     the deployment arguments instead: `@init init(…)` (the node calls `init` at deployment),
 *   - storage collections held in fields have distinct literal names and storable value types,
 *   - a `@view` changes no state: neither it nor the methods of the class it calls write to a
 *     storage collection or emit (checked here, where the line can be named; the node also runs
 *     view queries without committing anything).
 */
import ts from 'typescript'
import type { Abi, AbiEvent, AbiField, AbiMethod, AbiMutability, AbiType } from '../stdlib/abi.ts'
import { collectionName } from '../stdlib/_key.ts'
import { AbiTypeBuilder, UnsupportedType } from './abi-extract.ts'
import { displayPath, isStdlib } from './files.ts'
import { entryDecorator, mutatedReceiver, stdlibExport, writtenTargets } from './lint.ts'
import { messageAt, type Message } from './messages.ts'

export interface ContractInfo {
  /** The class name: the artifact's `name`. */
  name: string
  /** How the entry file exports the class (`default` or a name). */
  exportName: string
  abi: Abi
  /** Literal names of the storage collections in fields, checked here (see entry.ts). */
  collections: string[]
}

/** Storage collections of the stdlib, with the index of the type argument holding their values. */
const COLLECTIONS: Readonly<Record<string, number>> = { StorageMap: 1, StorageValue: 0, StorageVector: 0, StorageSet: 0 }

export function analyzeContract(checker: ts.TypeChecker, entry: ts.SourceFile): { contract?: ContractInfo; errors: Message[]; warnings: Message[] } {
  const errors: Message[] = []
  const warnings: Message[] = []
  const fail = (node: ts.Node, text: string, code = 'contract') => errors.push(messageAt(node, text, code))
  // Each class of the entry file with the classes it extends, most derived first.
  const chains = new Map(entry.statements.filter(ts.isClassDeclaration).map((node) => [node, classChain(node, checker)]))
  const candidates = [...chains.keys()].filter((node) => chains.get(node)!.some((c) => hasEntryPoints(c, checker)))
  // A base class declared next to its contract is not a second contract.
  const classes = candidates.filter((node) => !candidates.some((other) => other !== node && chains.get(other)!.includes(node)))
  if (classes.length === 0) {
    errors.push({ file: displayPath(entry.fileName), line: 1, column: 1, text: 'no contract class: export a class whose entry points are marked @call, @view or @init', code: 'contract' })
    return { errors, warnings }
  }
  for (const extra of classes.slice(1)) fail(extra.name ?? extra, 'only one contract class per entry file: move the other one to its own file')
  const node = classes[0]!
  const name = node.name?.text ?? 'Contract'
  const exportName = exportNameOf(node, checker, entry)
  if (exportName === undefined) fail(node.name ?? node, `the contract class ${name} must be exported`)
  if (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword)) fail(node.name ?? node, 'the contract class cannot be abstract')
  if (node.typeParameters) fail(node.typeParameters[0]!, 'the contract class cannot be generic')

  const builder = new AbiTypeBuilder(checker)
  const convert = (at: ts.Node, type: ts.Type, path: string, optional = false): AbiType | undefined => {
    try {
      return builder.convert(type, path, optional)
    } catch (error) {
      if (!(error instanceof UnsupportedType)) throw error
      fail(at, error.message, 'abi')
      return undefined
    }
  }

  // The constructor that runs is the most derived one: the VM calls it without arguments.
  const constructor = chains.get(node)!.flatMap((c) => c.members.filter(ts.isConstructorDeclaration))[0]
  if (constructor && constructor.parameters.length > 0) {
    fail(constructor.parameters[0]!, 'the contract constructor cannot take parameters: the VM builds the contract itself; take deployment arguments in an @init method')
  }
  // Base first, so inherited entry points keep their base's order and overrides replace them in place.
  const chain = [...chains.get(node)!].reverse()
  const methods: AbiMethod[] = []
  const storageNames = new Map<string, ts.Node>()
  for (const declaration of chain) {
    // The stdlib's own classes (Contract and its kin) are trusted: only their entry points count.
    const trusted = isStdlib(declaration.getSourceFile().fileName)
    for (const member of declaration.members) {
      const decorators = entryDecorators(member, checker)
      if (ts.isMethodDeclaration(member) && decorators.length > 0) {
        const method = checkEntryPoint(member, decorators, checker, convert, fail)
        if (!method) continue
        const overridden = methods.findIndex((m) => m.name === method.name)
        if (overridden >= 0) methods[overridden] = method
        else methods.push(method)
      } else if (trusted) {
        continue
      } else if (ts.isMethodDeclaration(member) && isPublicInstance(member) && member.body) {
        fail(member.name, `public method ${member.name.getText()} is not an entry point: mark it @call or @view, or make it private`)
      } else if (ts.isPropertyDeclaration(member) && !hasModifier(member, ts.SyntaxKind.StaticKeyword)) {
        if (!hasModifier(member, ts.SyntaxKind.ReadonlyKeyword)) {
          fail(member.name, `field ${member.name.getText()} must be readonly: one contract instance serves every call and is frozen, so state lives in storage collections (StorageValue, StorageMap, …)`)
        }
        checkCollection(member, checker, storageNames, fail)
      }
    }
  }
  checkViews(chain, checker, methods, fail)
  checkInstanceWrites(chain, checker, fail)
  checkConstruction(chain, checker, (node, text) => warnings.push(messageAt(node, text, 'contract')))
  const events = extractEvents(node, checker, convert, fail)
  if (errors.length > 0 || exportName === undefined) return { errors, warnings }
  return { contract: { name, exportName, abi: { methods, events, types: builder.types() }, collections: [...storageNames.keys()] }, errors, warnings }
}

type Convert = (at: ts.Node, type: ts.Type, path: string, optional?: boolean) => AbiType | undefined
type Fail = (node: ts.Node, text: string, code?: string) => void

function checkEntryPoint(member: ts.MethodDeclaration, decorators: AbiMutability[], checker: ts.TypeChecker, convert: Convert, fail: Fail): AbiMethod | undefined {
  const kind = decorators[0]!
  if (decorators.length > 1) fail(member.name, 'an entry point has exactly one of @call, @view, @init')
  if (!ts.isIdentifier(member.name)) {
    fail(member.name, 'an entry point needs a plain name (not computed, not #private)')
    return undefined
  }
  const name = member.name.text
  if (!isPublicInstance(member)) fail(member.name, `entry point ${name} must be a public instance method`)
  if (member.asteriskToken) fail(member.name, `entry point ${name} cannot be a generator`)
  if (name.startsWith('$')) fail(member.name, `entry point names starting with $ are reserved for clients`)
  if ((name === 'init') !== (kind === 'init')) fail(member.name, 'the initializer is `@init init(…)`: that name and that decorator go together')
  const symbol = checker.getSymbolAtLocation(member.name)
  if ((symbol?.declarations?.length ?? 0) > 1) fail(member.name, `entry point ${name} cannot be overloaded`)

  const params: AbiField[] = []
  for (const parameter of member.parameters) {
    if (!ts.isIdentifier(parameter.name)) {
      fail(parameter, `${name}: destructured parameters have no name in the ABI; take a named parameter`)
      continue
    }
    if (parameter.dotDotDotToken) {
      fail(parameter, `${name}: rest parameters are not supported; take an array`)
      continue
    }
    const optional = parameter.questionToken !== undefined || parameter.initializer !== undefined
    const type = convert(parameter, checker.getTypeAtLocation(parameter), parameter.name.text, optional)
    if (type !== undefined) params.push(optional ? { name: parameter.name.text, type, optional: true } : { name: parameter.name.text, type })
  }
  const signature = checker.getSignatureFromDeclaration(member)!
  const result = checker.getReturnTypeOfSignature(signature)
  const returns = result.flags & ts.TypeFlags.Void ? 'void' : convert(member.type ?? member.name, result, `${name}()`)
  if (returns === undefined) return undefined
  return { name, kind, params, returns }
}

/** Events are the properties of `Events` in `extends Contract<Events>`, read from `Contract`'s type-only `$events`. */
function extractEvents(node: ts.ClassDeclaration, checker: ts.TypeChecker, convert: Convert, fail: Fail): AbiEvent[] {
  const marker = checker.getPropertyOfType(checker.getTypeAtLocation(node), '$events')
  const declaration = marker?.declarations?.[0]
  if (!marker || !declaration || !isStdlib(declaration.getSourceFile().fileName)) return []
  const events = checker.getTypeOfSymbol(marker)
  const heritage = node.heritageClauses?.[0]?.types[0] ?? node
  return checker.getPropertiesOfType(events).flatMap((property) => {
    const name = property.getName()
    const at = property.declarations?.[0] ?? heritage
    if (name.length === 0 || name.length > 64) fail(at, `event name ${name} must be 1 to 64 characters`)
    const type = convert(at, checker.getTypeOfSymbol(property), name)
    return type === undefined ? [] : [{ name, type }]
  })
}

/** Methods of a storage collection that change storage. */
const WRITERS = new Set(['set', 'delete', 'push', 'pop', 'add'])

/**
 * Reports every view that writes, directly or through methods of the class (`this.x()`,
 * `this.#x()`); `chain` is the class and its bases, base first, so the most derived method of a
 * name is the one checked.
 */
function checkViews(chain: ts.ClassDeclaration[], checker: ts.TypeChecker, methods: AbiMethod[], fail: Fail): void {
  const members = new Map<string, { write?: ts.Node; calls: Set<string> }>()
  for (const member of chain.flatMap((declaration) => [...declaration.members])) {
    if (!(ts.isMethodDeclaration(member) || ts.isGetAccessor(member)) || !member.body) continue
    const info: { write?: ts.Node; calls: Set<string> } = { calls: new Set() }
    const visit = (child: ts.Node): void => {
      if (ts.isCallExpression(child) && ts.isPropertyAccessExpression(child.expression)) {
        const { expression: target, name } = child.expression
        if (target.kind === ts.SyntaxKind.ThisKeyword) info.calls.add(name.text)
        if (info.write === undefined && isStateWrite(target, name.text, checker)) info.write = child.expression
      }
      ts.forEachChild(child, visit)
    }
    visit(member.body)
    members.set(member.name.getText(), info)
  }
  const writeOf = (name: string, seen: Set<string>): ts.Node | undefined => {
    const info = members.get(name)
    if (!info || seen.has(name)) return undefined
    seen.add(name)
    if (info.write) return info.write
    for (const callee of info.calls) {
      const write = writeOf(callee, seen)
      if (write) return write
    }
    return undefined
  }
  for (const method of methods) {
    if (method.kind !== 'view') continue
    const write = writeOf(method.name, new Set())
    if (write) fail(write, `${method.name} is a @view but changes state here (${write.getText()}): make it @call, or leave the write out`)
  }
}

/**
 * Writes into what a field holds (`this.seen.add(x)`, `this.totals[k] = v`), from the class's
 * methods: one instance serves every call and the VM freezes it with everything it holds
 * (stdlib/_entry.ts), so each would throw at run time. The constructor may still fill its fields.
 */
function checkInstanceWrites(chain: ts.ClassDeclaration[], checker: ts.TypeChecker, fail: Fail): void {
  const report = (node: ts.Node, field: string) =>
    fail(node, `${node.getText()} changes what field ${field} holds: one contract instance serves every call and is frozen, so this throws; keep per-call data in locals and state in storage collections (StorageMap, StorageSet, …)`)
  for (const declaration of chain) {
    if (isStdlib(declaration.getSourceFile().fileName)) continue
    for (const member of declaration.members) {
      if (ts.isConstructorDeclaration(member) || !ts.isFunctionLike(member) || !('body' in member) || !member.body) continue
      const visit = (node: ts.Node): void => {
        // A nested function or class has a `this` of its own.
        if ((ts.isFunctionLike(node) && !ts.isArrowFunction(node)) || ts.isClassLike(node)) return
        for (const target of writtenTargets(node)) {
          const field = fieldHolding(target)
          if (field) report(node, field)
        }
        const receiver = mutatedReceiver(node, checker)
        const field = receiver && fieldOf(receiver)
        if (field) report(node, field)
        ts.forEachChild(node, visit)
      }
      ts.forEachChild(member.body, visit)
    }
  }
}

/** The stdlib's functions that need a running call (they throw while the module loads). */
const NEEDS_CALL = new Set(['caller', 'context', 'self', 'emit', 'contractAt', 'gasLeft'])

/**
 * Warns about construction that uses the host (storage, the call context, events): the shared
 * instance is built while the module loads, where the host is not available, so such a contract
 * is built for every call instead (stdlib/_entry.ts), which costs gas and time in every call.
 * Only code that runs at construction counts: the constructors and field initialisers of the
 * project's classes along the chain, not the functions they create.
 */
function checkConstruction(chain: ts.ClassDeclaration[], checker: ts.TypeChecker, warn: (node: ts.Node, text: string) => void): void {
  const usesHost = (call: ts.CallExpression): boolean => {
    const callee = call.expression
    if (ts.isIdentifier(callee)) return NEEDS_CALL.has(stdlibExport(callee, checker) ?? '')
    if (!ts.isPropertyAccessExpression(callee)) return false
    if (callee.name.text === 'emit' && callee.expression.kind === ts.SyntaxKind.ThisKeyword) return true
    return isCollection(callee.expression, checker)
  }
  for (const declaration of chain) {
    if (isStdlib(declaration.getSourceFile().fileName)) continue
    for (const member of declaration.members) {
      const code = ts.isConstructorDeclaration(member) ? member.body : ts.isPropertyDeclaration(member) && !hasModifier(member, ts.SyntaxKind.StaticKeyword) ? member.initializer : undefined
      if (!code) continue
      let found: ts.Node | undefined
      const visit = (node: ts.Node): void => {
        if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return
        if (ts.isCallExpression(node) && usesHost(node)) found = node
        else ts.forEachChild(node, visit)
      }
      visit(code)
      if (found) {
        warn(found, `${found.getText()} needs a running call, so the contract cannot be built once when it loads and is built for every call instead (more gas and time per call): use it in the methods`)
      }
    }
  }
}

/** The field of `this` an expression reaches into (`this.f`, `this.#f.x[0]`…), if any. */
function fieldOf(expression: ts.Expression): string | undefined {
  let node = expression
  let field: string | undefined
  for (;;) {
    while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node) || ts.isAsExpression(node)) node = node.expression
    if (ts.isPropertyAccessExpression(node)) {
      field = node.name.getText()
      node = node.expression
    } else if (ts.isElementAccessExpression(node)) {
      field = undefined
      node = node.expression
    } else {
      return node.kind === ts.SyntaxKind.ThisKeyword ? field : undefined
    }
  }
}

/** The field whose contents a write target lies in: `this.f.x` or `this.f[i]`, not `this.f` itself. */
function fieldHolding(target: ts.Expression): string | undefined {
  let node = target
  while (ts.isParenthesizedExpression(node) || ts.isNonNullExpression(node)) node = node.expression
  if (!ts.isPropertyAccessExpression(node) && !ts.isElementAccessExpression(node)) return undefined
  return fieldOf(node.expression)
}

/** `emit` of the stdlib's Contract, or a writing method of a stdlib storage collection. */
function isStateWrite(target: ts.Expression, method: string, checker: ts.TypeChecker): boolean {
  if (method === 'emit') return target.kind === ts.SyntaxKind.ThisKeyword
  return WRITERS.has(method) && isCollection(target, checker)
}

/** Whether `expression` is a stdlib storage collection (its methods use the host). */
function isCollection(expression: ts.Expression, checker: ts.TypeChecker): boolean {
  const declaration = checker.getTypeAtLocation(expression).getSymbol()?.declarations?.[0]
  return declaration !== undefined && isStdlib(declaration.getSourceFile().fileName) && ts.isClassDeclaration(declaration) && declaration.name!.text in COLLECTIONS
}

/** Checks a field holding a storage collection: a unique literal name and a storable value type. */
function checkCollection(member: ts.PropertyDeclaration, checker: ts.TypeChecker, names: Map<string, ts.Node>, fail: Fail): void {
  const init = member.initializer
  if (!init || !ts.isNewExpression(init)) return
  const collection = stdlibExport(init.expression, checker)
  if (collection === undefined || !(collection in COLLECTIONS)) return
  const nameArgument = init.arguments?.[0]
  if (nameArgument && ts.isStringLiteralLike(nameArgument)) {
    // The rule stdlib/_key.ts enforces at run time, said here with the line.
    try {
      collectionName(nameArgument.text)
    } catch (error) {
      fail(nameArgument, (error as Error).message)
    }
    const previous = names.get(nameArgument.text)
    if (previous) fail(nameArgument, `storage name "${nameArgument.text}" is already used by ${previous.getText()}: each collection needs its own name`)
    else names.set(nameArgument.text, member.name)
  }
  const valueType = checker.getTypeArguments(checker.getTypeAtLocation(member) as ts.TypeReference)[COLLECTIONS[collection]!]
  if (!valueType) return
  try {
    new AbiTypeBuilder(checker).convert(valueType, `${member.name.getText()} values`)
  } catch (error) {
    if (!(error instanceof UnsupportedType)) throw error
    fail(member, `${error.message.replace(' not a canonical value', ' not storable')}`)
  }
}

/** The class and the classes it extends, most derived first (declarations the checker can see). */
function classChain(node: ts.ClassDeclaration, checker: ts.TypeChecker): ts.ClassDeclaration[] {
  const chain = [node]
  for (let current = node; ; ) {
    const heritage = current.heritageClauses?.find((clause) => clause.token === ts.SyntaxKind.ExtendsKeyword)?.types[0]
    const base = heritage && checker.getTypeAtLocation(heritage.expression).getSymbol()?.declarations?.find(ts.isClassDeclaration)
    if (!base || chain.includes(base)) return chain
    chain.push(base)
    current = base
  }
}

function hasEntryPoints(node: ts.ClassDeclaration, checker: ts.TypeChecker): boolean {
  return node.members.some((member) => entryDecorators(member, checker).length > 0)
}

function entryDecorators(member: ts.ClassElement, checker: ts.TypeChecker): AbiMutability[] {
  if (!ts.canHaveDecorators(member)) return []
  return (ts.getDecorators(member) ?? []).flatMap((decorator) => entryDecorator(decorator, checker) ?? [])
}

function exportNameOf(node: ts.ClassDeclaration, checker: ts.TypeChecker, entry: ts.SourceFile): string | undefined {
  const moduleSymbol = checker.getSymbolAtLocation(entry)
  const classSymbol = node.name ? checker.getSymbolAtLocation(node.name) : undefined
  if (!moduleSymbol) return undefined
  for (const exported of checker.getExportsOfModule(moduleSymbol)) {
    const target = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported
    if (target === classSymbol || exported.declarations?.[0] === node) return exported.getName()
  }
  return undefined
}

function isPublicInstance(member: ts.MethodDeclaration): boolean {
  return !ts.isPrivateIdentifier(member.name) && !hasModifier(member, ts.SyntaxKind.PrivateKeyword) && !hasModifier(member, ts.SyntaxKind.ProtectedKeyword) && !hasModifier(member, ts.SyntaxKind.StaticKeyword)
}

function hasModifier(node: ts.Node, kind: ts.SyntaxKind): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node)?.some((m) => m.kind === kind) ?? false)
}
