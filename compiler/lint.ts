/**
 * The determinism lint: rejects, with a location, what would make a contract behave differently
 * on different nodes or not load in the VM, and writes to module-level state during a call (the
 * VM initialises a module once per context and freezes what it made, so such a write fails or
 * is lost).
 *
 * It runs over the project's own files with the type checker, so a local variable named `Date`
 * is not the global `Date`, and over the packages bundled into the contract by their syntax
 * alone. The VM enforces the same restrictions again at run time; the lint exists to say so at
 * compile time, at the right line. Each rule is one entry of `CHECKS`, keyed by the syntax kind
 * it looks at. */
import ts from 'typescript'
import { isStdlib } from './files.ts'
import { messageAt, type Message } from './messages.ts'

/** The rules, each the `code` of the messages it reports. */
export const LINT_RULES = [
  'no-date',
  'no-random',
  'no-timers',
  'no-weak-refs',
  'no-eval',
  'no-async',
  'no-regex',
  'no-unsupported-global',
  'no-module-state-write',
  'no-unsupported-import',
  'no-reserved-identifier',
  'no-unsupported-decorator',
  'no-object-super',
] as const

export type LintRule = (typeof LINT_RULES)[number]

const TIMERS = 'a call runs synchronously to completion, so there are no timers'

/** Globals a contract may not use, with the rule and the reason given. */
const BANNED_GLOBALS: Readonly<Record<string, readonly [LintRule, string]>> = {
  Date: ['no-date', 'Date reads the wall clock, which differs between nodes: use context().blockTime'],
  setTimeout: ['no-timers', TIMERS],
  setInterval: ['no-timers', TIMERS],
  setImmediate: ['no-timers', TIMERS],
  clearTimeout: ['no-timers', TIMERS],
  clearInterval: ['no-timers', TIMERS],
  clearImmediate: ['no-timers', TIMERS],
  queueMicrotask: ['no-timers', TIMERS],
  requestAnimationFrame: ['no-timers', TIMERS],
  WeakRef: ['no-weak-refs', 'WeakRef observes garbage collection, which differs between nodes'],
  FinalizationRegistry: ['no-weak-refs', 'FinalizationRegistry observes garbage collection, which differs between nodes'],
  eval: ['no-eval', 'eval generates code from a string, which the VM forbids'],
  Function: ['no-eval', 'the Function constructor generates code from a string, which the VM forbids'],
  Promise: ['no-async', 'Promise is not available: contracts are synchronous'],
  RegExp: ['no-regex', 'RegExp is not available: backtracking time cannot be priced in gas'],
  Proxy: ['no-unsupported-global', 'Proxy is not available in the VM: its traps would run unmetered host-side conversions'],
  SharedArrayBuffer: ['no-unsupported-global', 'SharedArrayBuffer is not available: memory is never shared'],
  Atomics: ['no-unsupported-global', 'Atomics is not available: memory is never shared'],
  performance: ['no-unsupported-global', 'performance reads a clock, which differs between nodes'],
  crypto: ['no-unsupported-global', 'the host crypto API is not available; its randomness is not deterministic'],
  process: ['no-unsupported-global', 'process is a Node API, not available in a contract'],
}

/** Methods that change the array, map, set or typed array they are called on. */
const MUTATORS = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear'])
const MUTABLE_BUILTINS = new Set(['Array', 'Map', 'Set', 'WeakMap', 'WeakSet', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'Uint32Array', 'Int32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'Uint8ClampedArray'])

/** Node's built-in modules (without the `node:` prefix, which is rejected whatever follows). */
const NODE_BUILTINS = new Set(['assert', 'async_hooks', 'buffer', 'child_process', 'cluster', 'console', 'constants', 'crypto', 'dgram', 'diagnostics_channel', 'dns', 'domain', 'events', 'fs', 'http', 'http2', 'https', 'inspector', 'module', 'net', 'os', 'path', 'perf_hooks', 'process', 'punycode', 'querystring', 'readline', 'repl', 'stream', 'string_decoder', 'sys', 'timers', 'tls', 'trace_events', 'tty', 'url', 'util', 'v8', 'vm', 'wasi', 'worker_threads', 'zlib'])

export const RESERVED_PREFIX = '__ink'

interface Context {
  /** The checker of the project's program; absent for a package, linted by its syntax alone. */
  checker: ts.TypeChecker | undefined
  /** Whether a name that is not a property name refers to a global (see `isGlobalValue`). */
  isGlobal(identifier: ts.Identifier, isName: boolean): boolean
  report(node: ts.Node, rule: LintRule, text: string): void
}

type Check = (node: ts.Node, context: Context) => void

const checkAsync: Check = (node, { report }) => {
  const modifier = ts.canHaveModifiers(node) ? ts.getModifiers(node)?.find((m) => m.kind === ts.SyntaxKind.AsyncKeyword) : undefined
  if (modifier) report(modifier, 'no-async', 'async functions are not available: contracts are synchronous')
}

const checkWrite: Check = (node, context) => {
  for (const target of writtenTargets(node)) checkModuleWrite(target, node, context)
}

/** What `node` writes to: an assignment's targets, the operand of `++`/`--` or `delete`; else none. */
export function writtenTargets(node: ts.Node): ts.Expression[] {
  if (ts.isBinaryExpression(node)) {
    const operator = node.operatorToken.kind
    return operator >= ts.SyntaxKind.FirstAssignment && operator <= ts.SyntaxKind.LastAssignment ? assignmentTargets(node.left) : []
  }
  if (ts.isPrefixUnaryExpression(node) || ts.isPostfixUnaryExpression(node)) {
    return node.operator === ts.SyntaxKind.PlusPlusToken || node.operator === ts.SyntaxKind.MinusMinusToken ? [node.operand] : []
  }
  return ts.isDeleteExpression(node) ? [node.expression] : []
}

/** The array, map, set or typed array a call such as `x.push(…)` changes in place (`x`), if `node` is one. */
export function mutatedReceiver(node: ts.Node, checker: ts.TypeChecker): ts.Expression | undefined {
  if (!ts.isCallExpression(node) || !ts.isPropertyAccessExpression(node.expression) || !MUTATORS.has(node.expression.name.text)) return undefined
  const receiver = checker.getTypeAtLocation(node.expression.expression)
  const name = (receiver.getSymbol() ?? receiver.aliasSymbol)?.getName()
  return name !== undefined && MUTABLE_BUILTINS.has(name) ? node.expression.expression : undefined
}

/** `Math.random` and `Math['random']`. */
const checkRandom: Check = (node, context) => {
  const access = node as ts.PropertyAccessExpression | ts.ElementAccessExpression
  const key = ts.isPropertyAccessExpression(access) ? access.name.text : ts.isStringLiteralLike(access.argumentExpression) ? access.argumentExpression.text : undefined
  if (key === 'random' && ts.isIdentifier(access.expression) && access.expression.text === 'Math' && isGlobalValue(access.expression, context)) {
    context.report(node, 'no-random', 'Math.random is not deterministic: derive values from chain data (e.g. context().txHash)')
  }
}

const CHECKS: Partial<Record<ts.SyntaxKind, readonly Check[]>> = {
  [ts.SyntaxKind.Identifier]: [
    (node, { report }) => {
      const { text } = node as ts.Identifier
      if (text.startsWith(RESERVED_PREFIX)) report(node, 'no-reserved-identifier', `identifiers starting with ${RESERVED_PREFIX} are reserved for the VM`)
    },
    (node, context) => {
      const { text } = node as ts.Identifier
      // Own entries only: `toString` or `constructor` would otherwise find Object.prototype's.
      const banned = Object.hasOwn(BANNED_GLOBALS, text) ? BANNED_GLOBALS[text] : undefined
      if (banned && isGlobalValue(node as ts.Identifier, context)) context.report(node, banned[0], banned[1])
    },
  ],
  [ts.SyntaxKind.PropertyAccessExpression]: [checkRandom],
  [ts.SyntaxKind.ElementAccessExpression]: [checkRandom],
  [ts.SyntaxKind.SuperKeyword]: [
    (node, { report }) => {
      let scope = node.parent
      while (ts.isArrowFunction(scope) || !ts.isFunctionLike(scope)) {
        if (ts.isClassLike(scope) || ts.isSourceFile(scope)) return // a class field's initialiser: the class's own `super`
        scope = scope.parent
      }
      if (ts.isObjectLiteralExpression(scope.parent)) report(node, 'no-object-super', "`super` in an object literal's method is not available (the VM refuses it: it reaches state the isolation of calls cannot see): use a class")
    },
  ],
  [ts.SyntaxKind.RegularExpressionLiteral]: [(node, { report }) => report(node, 'no-regex', 'regular expressions are not available: backtracking time cannot be priced in gas')],
  [ts.SyntaxKind.AwaitExpression]: [(node, { report }) => report(node, 'no-async', 'await is not available: contracts are synchronous')],
  [ts.SyntaxKind.ForOfStatement]: [
    (node, { report }) => {
      const { awaitModifier } = node as ts.ForOfStatement
      if (awaitModifier) report(awaitModifier, 'no-async', 'for await is not available: contracts are synchronous')
    },
  ],
  [ts.SyntaxKind.FunctionDeclaration]: [checkAsync],
  [ts.SyntaxKind.FunctionExpression]: [checkAsync],
  [ts.SyntaxKind.ArrowFunction]: [checkAsync],
  [ts.SyntaxKind.MethodDeclaration]: [checkAsync],
  [ts.SyntaxKind.ImportDeclaration]: [(node, context) => checkSpecifier((node as ts.ImportDeclaration).moduleSpecifier, context)],
  [ts.SyntaxKind.ExportDeclaration]: [
    (node, context) => {
      const { moduleSpecifier } = node as ts.ExportDeclaration
      if (moduleSpecifier) checkSpecifier(moduleSpecifier, context)
    },
  ],
  [ts.SyntaxKind.ImportEqualsDeclaration]: [
    (node, { report }) => {
      if (ts.isExternalModuleReference((node as ts.ImportEqualsDeclaration).moduleReference)) {
        report(node, 'no-unsupported-import', '`import x = require()` is not available: use an import declaration')
      }
    },
  ],
  [ts.SyntaxKind.CallExpression]: [
    (node, context) => {
      const { expression } = node as ts.CallExpression
      if (expression.kind === ts.SyntaxKind.ImportKeyword) {
        context.report(node, 'no-unsupported-import', 'dynamic import() is not available: a contract is bundled ahead of time')
      } else if (context.checker && ts.isIdentifier(expression) && expression.text === 'require' && isGlobalValue(expression, context)) {
        // (A package may be CommonJS: its require() calls are the bundler's to resolve.)
        context.report(node, 'no-unsupported-import', 'require() is not available: use an import declaration')
      }
    },
    (node, context) => {
      const receiver = context.checker && mutatedReceiver(node, context.checker)
      if (receiver) checkModuleWrite(receiver, node, context)
    },
  ],
  [ts.SyntaxKind.BinaryExpression]: [checkWrite],
  [ts.SyntaxKind.PrefixUnaryExpression]: [checkWrite],
  [ts.SyntaxKind.PostfixUnaryExpression]: [checkWrite],
  [ts.SyntaxKind.DeleteExpression]: [checkWrite],
  [ts.SyntaxKind.Decorator]: [
    (node, context) => {
      if (!context.checker || entryDecorator(node as ts.Decorator, context.checker) === undefined) {
        context.report(node, 'no-unsupported-decorator', "only the entry-point decorators @call, @view and @init from 'inkstone' are supported")
      }
    },
  ],
}

/** Lints the project's files; returns one message per finding, in source order. */
export function lint(program: ts.Program, files: readonly ts.SourceFile[]): Message[] {
  const checker = program.getTypeChecker()
  return run(files, (report) => ({
    checker,
    isGlobal: (identifier, isName) => {
      const symbol = checker.getSymbolAtLocation(identifier)
      // An unresolved name is an undeclared global (TypeScript reports it as well); a property name is not.
      if (!symbol) return !isName
      const declarations = symbol.declarations ?? []
      return declarations.length > 0 && declarations.every((d) => program.isSourceFileDefaultLibrary(d.getSourceFile()))
    },
    report,
  }))
}

/**
 * Lints the JavaScript files of packages bundled into the contract, by syntax alone: a name is
 * global unless the file declares it somewhere. Rules that need types (module-state writes) and
 * `require()` (a CommonJS package's imports) are left out.
 */
export function lintPackages(files: readonly { path: string; text: string }[]): Message[] {
  const sources = files.map(({ path, text }) => ts.createSourceFile(path, text, ts.ScriptTarget.ES2022, true, ts.ScriptKind.JS))
  return run(sources, (report, file) => {
    const declared = declaredNames(file)
    return { checker: undefined, isGlobal: (identifier, isName) => !isName && !declared.has(identifier.text), report }
  })
}

function run(files: readonly ts.SourceFile[], contextOf: (report: Context['report'], file: ts.SourceFile) => Context): Message[] {
  const messages: Message[] = []
  const report: Context['report'] = (node, rule, text) => messages.push(messageAt(node, text, rule))
  for (const file of files) {
    const context = contextOf(report, file)
    const visit = (node: ts.Node): void => {
      for (const check of CHECKS[node.kind] ?? []) check(node, context)
      ts.forEachChild(node, visit)
    }
    visit(file)
  }
  return messages
}

/** Every name a file declares, at any depth. */
function declaredNames(file: ts.SourceFile): Set<string> {
  const names = new Set<string>()
  const visit = (node: ts.Node): void => {
    const name = (node as { name?: ts.Node }).name
    if (name && ts.isIdentifier(name) && (ts.isVariableDeclaration(node) || ts.isFunctionLike(node) || ts.isClassLike(node) || ts.isParameter(node) || ts.isBindingElement(node) || ts.isImportSpecifier(node) || ts.isImportClause(node) || ts.isNamespaceImport(node))) {
      names.add(name.text)
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  return names
}

/** The stdlib export a decorator names (`call`, `view`, `init`), or undefined for any other decorator. */
export function entryDecorator(decorator: ts.Decorator, checker: ts.TypeChecker): 'call' | 'view' | 'init' | undefined {
  const name = stdlibExport(decorator.expression, checker)
  return name === 'call' || name === 'view' || name === 'init' ? name : undefined
}

/** The name of the stdlib declaration an expression refers to (through imports), or undefined. */
export function stdlibExport(expression: ts.Node, checker: ts.TypeChecker): string | undefined {
  let symbol = checker.getSymbolAtLocation(expression)
  if (symbol && symbol.flags & ts.SymbolFlags.Alias) symbol = checker.getAliasedSymbol(symbol)
  const declaration = symbol?.declarations?.[0]
  return declaration && isStdlib(declaration.getSourceFile().fileName) ? symbol!.getName() : undefined
}

function checkSpecifier(specifier: ts.Expression, { report }: Context): void {
  if (!ts.isStringLiteral(specifier)) return
  const name = specifier.text
  if (name === 'inkstone:host') {
    report(specifier, 'no-unsupported-import', "'inkstone:host' is the VM's internal bridge: import from 'inkstone'")
  } else if (name.startsWith('inkstone/')) {
    report(specifier, 'no-unsupported-import', `'${name}' is internal: import from 'inkstone'`)
  } else if (name.startsWith('node:') || NODE_BUILTINS.has(name.split('/')[0]!)) {
    report(specifier, 'no-unsupported-import', `'${name}' is a Node built-in module, not available in a contract`)
  }
}

/** Whether an identifier in a value position refers to a global of the ECMAScript library (or to no declaration at all). */
function isGlobalValue(identifier: ts.Identifier, context: Context): boolean {
  for (let parent = identifier.parent; parent && !ts.isStatement(parent); parent = parent.parent) {
    if (ts.isTypeNode(parent)) return false
  }
  const parent = identifier.parent
  const isName = (ts.isPropertyAccessExpression(parent) || ts.isPropertyAssignment(parent) || ts.isMethodDeclaration(parent) || ts.isPropertyDeclaration(parent)) && parent.name === identifier
  return context.isGlobal(identifier, isName)
}

/** The expressions an assignment writes to (the elements of a destructuring assignment). */
function assignmentTargets(left: ts.Expression): ts.Expression[] {
  if (ts.isArrayLiteralExpression(left)) return left.elements.flatMap((element) => assignmentTargets(ts.isSpreadElement(element) ? element.expression : element))
  if (ts.isObjectLiteralExpression(left)) {
    return left.properties.flatMap((property) => {
      if (ts.isShorthandPropertyAssignment(property)) return [property.name]
      if (ts.isPropertyAssignment(property)) return assignmentTargets(property.initializer)
      if (ts.isSpreadAssignment(property)) return assignmentTargets(property.expression)
      return []
    })
  }
  if (ts.isBinaryExpression(left) && left.operatorToken.kind === ts.SyntaxKind.EqualsToken) return assignmentTargets(left.left)
  return [left]
}

/** Reports a write to `target` when it reaches module-level state from code that runs during a call. */
function checkModuleWrite(target: ts.Expression, write: ts.Node, { checker, report }: Context): void {
  if (!checker) return
  let root: ts.Expression = target
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isParenthesizedExpression(root) || ts.isNonNullExpression(root) || ts.isAsExpression(root) || ts.isSatisfiesExpression(root)) {
    root = root.expression
  }
  if (!ts.isIdentifier(root) || !runsDuringCall(write)) return
  const symbol = ts.isShorthandPropertyAssignment(root.parent) && root.parent.name === root ? checker.getShorthandAssignmentValueSymbol(root.parent) : checker.getSymbolAtLocation(root)
  const declaration = symbol?.declarations?.[0]
  if (!declaration || !isModuleLevel(declaration)) return
  report(write, 'no-module-state-write', `this writes module-level "${root.text}" during a call: the VM sets module state up once and freezes it, so the write fails or is lost; keep state in a storage collection (StorageValue, StorageMap, …)`)
}

/** Whether code runs when an entry point is called, rather than once while the module loads. */
function runsDuringCall(node: ts.Node): boolean {
  for (let child = node, parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isFunctionLike(parent)) return true
    // An instance field's initializer runs in the constructor, i.e. during a call.
    if (ts.isPropertyDeclaration(parent) && parent.initializer === child && !ts.getModifiers(parent)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword)) return true
  }
  return false
}

function isModuleLevel(declaration: ts.Declaration): boolean {
  if (ts.isImportSpecifier(declaration) || ts.isImportClause(declaration) || ts.isNamespaceImport(declaration)) return true
  if (ts.isVariableDeclaration(declaration)) {
    const statement = declaration.parent.parent
    return ts.isVariableStatement(statement) && ts.isSourceFile(statement.parent)
  }
  if (ts.isFunctionDeclaration(declaration) || ts.isClassDeclaration(declaration) || ts.isEnumDeclaration(declaration)) return ts.isSourceFile(declaration.parent)
  return false
}
