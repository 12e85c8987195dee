/**
 * Gas instrumentation: rewrites a contract bundle so that it pays for its own execution.
 *
 * Every place that can run repeatedly gets a charge at its head: function bodies, loop bodies
 * (whose charge also covers the loop's test and update), if/else branches, switch cases,
 * try/catch/finally blocks and class static blocks; and every instance field, whose initialiser
 * runs at each construction (`x = v` → `x = (charge, v)`, `x;` → `x = (charge, void 0)`). A charge is
 *     if((__inkG-=N)<0)__inkOog();
 * with N the static weight (gas-schedule NODE_GAS) of the code that the block runs before the
 * next charge. Because the counter only goes down and every catch/finally starts with a charge,
 * out-of-gas cannot be caught: a handler entered with a negative counter throws again.
 *
 * Arithmetic that can grow a value (`+ - * / % ** <<`, their compound assignments) and template
 * literals are routed through prelude helpers that price the result by its size (long strings,
 * large BigInts) and bound BigInt growth. Edits are insertions into the original text, so line numbers (and so the
 * compiler's source map) stay valid.
 *
 * Rejected, with line:column: identifiers with the reserved prefix `__ink`, async functions and
 * await, import/export syntax and dynamic import, regular-expression literals (backtracking
 * cannot be priced), `super` in an object literal's methods (see #check), source larger than
 * MAX_SOURCE_BYTES or instrumented to more than MAX_SCRIPT_CHARS, nested deeper than MAX_AST_DEPTH,
 * or costlier to compile than MAX_COMPILE_WORK.
 */
import { parse, type Comment } from 'acorn'
import { compileWork, MAX_COMPILE_WORK } from './compile-work.ts'
import { JOINED_STRING, NODE_BYTES, NODE_GAS } from './gas-schedule.ts'
import { analyzeScopes, isNode, type AstNode, type ScopeAnalysis } from './scopes.ts'

export const RESERVED_PREFIX = '__ink'
export const MAX_SOURCE_BYTES = 2 * 1024 * 1024
/**
 * Compiling grows faster than the script (0.25 µs a character at 270k, 1 µs at 3.2M, measured),
 * and cannot be interrupted: the instrumented script is bounded so that a compile stays ~1 s.
 */
export const MAX_SCRIPT_CHARS = 2_000_000
export const MAX_AST_DEPTH = 200

export class InstrumentError extends Error {
  override name = 'InstrumentError'
  constructor(
    message: string,
    readonly line: number,
    readonly column: number,
  ) {
    super(`${line}:${column} ${message}`)
  }
}

interface Edit {
  pos: number
  /** Closing edits go before opening ones at the same position. */
  closing: boolean
  /** Nesting depth: outer openings first, inner closings first. */
  depth: number
  /** Text to insert, or a function producing it once all costs are known. */
  text: string | (() => string)
  /** When set, the original text from `pos` to `replaceEnd` is replaced. */
  replaceEnd?: number
}

interface Site {
  cost: number
  /** Bytes the block's syntax allocates (NODE_BYTES), counted against the memory meter. */
  bytes: number
  metered: boolean
}

/** An instrumented bundle: same lines as the original, columns shifted by the inserted charges. */
export interface Instrumented {
  code: string
  /** The original 0-based column of a 0-based column on a (1-based) line of `code`. */
  originalColumn(line: number, column: number): number
}

export interface InstrumentOptions {
  /** Insert the gas charges (default true). Off only to measure their cost in benchmarks. */
  metering?: boolean
}

/** Instruments a bundle; throws `InstrumentError` for rejected or unparsable source. */
export function instrument(source: string, options: InstrumentOptions = {}): Instrumented {
  if (source.length > MAX_SOURCE_BYTES) {
    throw new InstrumentError(`bundle is larger than ${MAX_SOURCE_BYTES} bytes`, 1, 0)
  }
  if (source.includes('\u0000')) throw new InstrumentError('bundle contains U+0000 (it crosses into QuickJS as a C string)', 1, 0)
  const comments: Comment[] = []
  let program: AstNode
  try {
    program = parse(source, {
      ecmaVersion: 2023,
      sourceType: 'module',
      preserveParens: true,
      locations: true,
      onComment: comments,
      allowHashBang: false,
    }) as unknown as AstNode
  } catch (error) {
    if (error instanceof SyntaxError) {
      const loc = (error as SyntaxError & { loc?: { line: number; column: number } }).loc
      throw new InstrumentError(error.message.replace(/ \(\d+:\d+\)$/, ''), loc?.line ?? 1, loc?.column ?? 0)
    }
    if (error instanceof RangeError) throw new InstrumentError('source is nested too deeply', 1, 0)
    throw error
  }
  const analysis = analyzeScopes(program)
  const work = compileWork(analysis)
  if (work.total > MAX_COMPILE_WORK) {
    const loc = ((work.heaviest.node ?? program) as { loc?: { start: { line: number; column: number } } }).loc
    throw new InstrumentError(
      `too costly to compile: ${work.total} units of compile work, at most ${MAX_COMPILE_WORK} (QuickJS compiles many names in one function, and references that pass them, in quadratic time; this function is the largest part)`,
      loc?.start.line ?? 1,
      loc?.start.column ?? 0,
    )
  }
  return new Instrumenter(source, comments, analysis, options.metering ?? true).run(program)
}

/**
 * A block head: the gas charge and the block's allocation against the memory budget `__inkM`,
 * then the scope prologue (epoch stamp, captured-binding roots).
 */
const charge = (site: Site, prologue = '') => () => {
  if (!site.metered) return prologue
  const memory = site.bytes > 0 ? `||(__inkM-=${site.bytes})<0` : ''
  return `if((__inkG-=${Math.max(1, site.cost)})<0${memory})__inkOog();${prologue}`
}

/** Whether an arrow function appears anywhere in `node`. */
function containsArrow(node: AstNode): boolean {
  if (node.type === 'ArrowFunctionExpression') return true
  for (const key in node) {
    const value = node[key]
    if (Array.isArray(value) ? value.some((child) => isNode(child) && containsArrow(child)) : isNode(value) && containsArrow(value)) return true
  }
  return false
}

/** What evaluating `node` itself allocates (its children count for themselves), see NODE_BYTES. */
function allocatedBytes(node: AstNode): number {
  switch (node.type) {
    case 'ObjectExpression':
      return NODE_BYTES.ObjectExpression + NODE_BYTES.property * (node.properties as AstNode[]).length
    case 'ArrayExpression':
      return NODE_BYTES.ArrayExpression + NODE_BYTES.element * (node.elements as AstNode[]).length
    case 'AssignmentExpression': {
      const target = node.left as AstNode
      if (target.type !== 'MemberExpression') return 0
      return target.computed ? NODE_BYTES.computedAssignment : NODE_BYTES.namedAssignment
    }
    default:
      return (NODE_BYTES as Record<string, number>)[node.type] ?? 0
  }
}

/**
 * Operators whose result can outgrow their operands. `**` and `<<` go through a prelude helper that
 * bounds a BigInt result before computing it; the others compute natively into the temporary
 * `__inkT` and price the result inline when it is a number (free) or, for `+`, a short string
 * (its bytes), and otherwise through the prelude's `__inkP`: a QuickJS call costs more than the
 * test. The charges are those of the prelude's str() (see JOINED_STRING).
 */
const BOUNDED_OPERATORS: Readonly<Record<string, string>> = { '**': '__inkPow', '<<': '__inkShl' }
const PRICED_OPERATORS = new Set(['+', '-', '*', '/', '%', '**', '<<'])
const SHORT_STRING = `__inkT.length<=${JOINED_STRING.freeLength}?((__inkM-=__inkT.length+${JOINED_STRING.bytes})<0&&__inkOog(),__inkT):`
/** What follows `(__inkT=<expression>` to price the expression's value. */
const PRICE_NUMBER = ',typeof __inkT==="number"?__inkT:__inkP(__inkT))'
// A short string is tested first, through its length: numbers and BigInts have none (their
// prototypes are frozen without one), and the test costs a third of typeof === "string".
const PRICE_SUM = `,${SHORT_STRING}typeof __inkT==="number"?__inkT:__inkP(__inkT))`
const PRICE_STRING = `,${SHORT_STRING}__inkStr(__inkT))`

class Instrumenter {
  readonly #edits: Edit[] = []
  readonly #source: string
  readonly #comments: Comment[]
  readonly #scopes: ScopeAnalysis
  readonly #metered: boolean
  /** Constructors of classes without `extends`: their `this` is always an object the running call made. */
  readonly #baseConstructors = new Set<AstNode>()
  /** Whether the function being walked is such a constructor (its own body, not nested functions). */
  #inBaseConstructor = false
  /** Methods and accessors of object literals: `super` in them is refused (see #check). */
  readonly #objectMethods = new Set<AstNode>()
  /** The private names of the class bodies around the node being walked, innermost last: whether each is a method. */
  readonly #privateNames: Map<string, boolean>[] = []
  /** Member expressions that are called, assigned or updated: a private method there stays as is. */
  readonly #notReads = new Set<AstNode>()
  /** Whether the innermost non-arrow function being walked is one of those. */
  #inObjectMethod = false

  constructor(source: string, comments: Comment[], scopes: ScopeAnalysis, metered: boolean) {
    this.#source = source
    this.#comments = comments
    this.#scopes = scopes
    this.#metered = metered
  }

  run(program: AstNode): Instrumented {
    const top: Site = { cost: 0, bytes: 0, metered: this.#metered }
    this.#edits.push({ pos: 0, closing: false, depth: 0, text: charge(top, this.#functionPrologue(program) + this.#scopePrologue(program)) })
    for (const statement of program.body as AstNode[]) this.#walk(statement, top, 1)
    const instrumented = this.#apply()
    if (instrumented.code.length > MAX_SCRIPT_CHARS) {
      throw new InstrumentError(`instrumented, the bundle is ${instrumented.code.length} characters, at most ${MAX_SCRIPT_CHARS} (compiling grows faster than that)`, 1, 0)
    }
    return instrumented
  }

  /**
   * `const __inkE<id>=__inkEpoch;` when bindings of this function are written by closures: the
   * epoch (call number) in which this scope was created, checked by those writes.
   */
  #functionPrologue(node: AstNode): string {
    const fn = this.#scopes.functions.get(node)!
    return fn.stamped ? `const __inkE${fn.id}=__inkEpoch;` : ''
  }

  /**
   * Registers, while the module initialises (epoch 0), getters for the bindings of a scope that
   * closures capture (and a function's `this`/`arguments`/`new.target` used by arrows): after
   * initialisation their values are frozen, so no call can mutate an object that outlives it.
   */
  #scopePrologue(node: AstNode): string {
    const scope = this.#scopes.scopes.get(node)
    const getters = [...(scope?.captured ?? [])].map((name) => `()=>${name}`)
    const fn = this.#scopes.functions.get(node)
    if (fn?.capturesThis) getters.push('()=>this')
    if (fn?.capturesArguments) getters.push('()=>arguments')
    if (fn?.capturesNewTarget) getters.push('()=>new.target')
    return getters.length ? `if(__inkEpoch===0)__inkRoots(${getters.join(',')});` : ''
  }

  /** Records a write to bindings owned by other functions: `__inkB(stamp, write)`. */
  #barrier(node: AstNode, depth: number): void {
    const owners = this.#scopes.barriers.get(node)
    if (!owners || node.type === 'ForInStatement' || node.type === 'ForOfStatement') return
    for (const owner of owners) this.#wrap(node, depth - 0.25, `__inkB(__inkE${owner.id},`, ')')
  }

  /**
   * `this.#x = v` → `__inkPW(this, this.#x = v)`: a private field write on a frozen object marks the
   * call. Not in a base class's constructor: its `this` was made by the running call, so it
   * cannot be an object that outlives the call (collections write their fields there, every call).
   */
  #privateWrite(node: AstNode, target: AstNode, depth: number): void {
    if (target.type !== 'MemberExpression' || (target.property as AstNode).type !== 'PrivateIdentifier') return
    const object = target.object as AstNode
    if (object.type !== 'ThisExpression' && object.type !== 'Identifier') {
      this.#fail(node, 'writes to a private field must go through `this` or a variable')
    }
    if (object.type === 'ThisExpression' && this.#inBaseConstructor) return
    this.#wrap(node, depth - 0.5, `__inkPW(${this.#source.slice(object.start, object.end)},`, ')')
  }

  /**
   * Reflection cannot see two ways into module state, so the instrumenter hands them to the
   * prelude during initialisation; without them such state would escape the freeze and carry over
   * into later calls:
   *   - a method reaches its class's prototype chain through `super` even when nothing else
   *     reaches the class: every class gets a static block registering it as a root;
   *   - private fields and static private methods hold what no property leads to: that static
   *     block hands over a reader of the class's static ones, and a class with private instance
   *     fields gets a first field `#__inkPv` registering each instance built during
   *     initialisation with a reader of its fields (per instance, so the freeze does work in
   *     proportion to what exists, not classes × objects). Private instance methods are shared
   *     by every instance, also those built during calls: `#privateMethodRead` freezes one
   *     wherever it is read rather than called. (Private accessors run code when read, and their
   *     functions are unreachable.)
   *
   * A derived class with private instance elements also gets a first field `#__inkFresh` whose
   * initialiser marks the call when the instance is frozen. A base class can return any object
   * from its constructor, and the derived class then adds its private fields and methods to
   * that object even when it is frozen: done to a module-level object, that would carry the
   * mark into later calls. Base classes need no check: their `this` is always new.
   *
   * Returns the class's private names, each with whether it is a method, for the walk of its body.
   */
  #classBody(node: AstNode, depth: number): Map<string, boolean> {
    const body = node.body as AstNode
    const elements = body.body as AstNode[]
    for (const element of elements) {
      if (element.type === 'MethodDefinition' && element.kind === 'constructor' && !node.superClass) this.#baseConstructors.add(element.value as AstNode)
    }
    const privates = elements.filter((element) => (element.key as AstNode | undefined)?.type === 'PrivateIdentifier')
    /** Each private name, and whether it is a method (#privateMethodRead). */
    const names = new Map(privates.map((element) => [(element.key as AstNode).name as string, element.type === 'MethodDefinition' && element.kind === 'method']))
    const nameOf = (element: AstNode) => `#${(element.key as AstNode).name as string}`
    // `in` first: a class or instance whose construction threw part-way lacks the later ones.
    const reader = (read: AstNode[]) => `(o,r)=>{${read.map(nameOf).map((name) => `if(${name} in o)r.push(o.${name});`).join('')}}`
    const statics = privates.filter((element) => element.static && (element.type === 'PropertyDefinition' || element.kind === 'method'))
    this.#edits.push({ pos: body.start + 1, closing: false, depth, text: `static{if(__inkEpoch===0)__inkClass(this${statics.length > 0 ? ',' + reader(statics) : ''})}` })
    // The first fields of an instance; each is a slot, paid like any field without an initialiser.
    const check = this.#metered ? `((__inkG-=1)<0||(__inkM-=${NODE_BYTES.namedAssignment})<0)&&__inkOog(),` : ''
    const fields = privates.filter((element) => element.type === 'PropertyDefinition' && !element.static)
    if (fields.length > 0) this.#edits.push({ pos: body.start + 1, closing: false, depth, text: `#__inkPv=(${check}__inkEpoch===0&&__inkPrivates(this,${reader(fields)}),void 0);` })
    if (node.superClass && privates.some((element) => !element.static)) this.#edits.push({ pos: body.start + 1, closing: false, depth, text: `#__inkFresh=(${check}__inkPW(this,void 0));` })
    return names
  }

  /**
   * `o.#m` for a private instance method, read rather than called → `__inkFz(o.#m)`, which freezes
   * the function first. It is made once, with the class, and shared by every instance: left
   * mutable, a call could leave properties on it for the next. Frozen wherever it can be reached,
   * it is never seen otherwise, so freezing it only then is the same as freezing it at once.
   */
  #privateMethodRead(node: AstNode, depth: number): void {
    const property = node.property as AstNode
    if (property.type !== 'PrivateIdentifier' || this.#notReads.has(node)) return
    const name = property.name as string
    for (let i = this.#privateNames.length - 1; i >= 0; i--) {
      const isMethod = this.#privateNames[i]!.get(name)
      if (isMethod === undefined) continue
      if (isMethod) this.#wrap(node, depth, '__inkFz(', ')')
      return
    }
  }

  #fail(node: AstNode, message: string): never {
    const loc = (node as { loc?: { start: { line: number; column: number } } }).loc
    throw new InstrumentError(message, loc?.start.line ?? 1, loc?.start.column ?? 0)
  }

  #walk(node: AstNode, site: Site, depth: number): void {
    if (depth > MAX_AST_DEPTH) this.#fail(node, `code is nested deeper than ${MAX_AST_DEPTH} levels`)
    this.#check(node)
    site.cost += NODE_GAS[node.type] ?? 1
    site.bytes += allocatedBytes(node)

    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.#function(node, depth)
      case 'ClassDeclaration':
      case 'ClassExpression': {
        const names = this.#classBody(node, depth)
        if (node.id) this.#walk(node.id as AstNode, site, depth + 1)
        if (node.superClass) this.#walk(node.superClass as AstNode, site, depth + 1)
        // `super` in the body is the class's own, whatever encloses the class.
        const outerInObjectMethod = this.#inObjectMethod
        this.#inObjectMethod = false
        this.#privateNames.push(names)
        this.#walk(node.body as AstNode, site, depth + 1)
        this.#privateNames.pop()
        this.#inObjectMethod = outerInObjectMethod
        return
      }
      case 'CallExpression':
        this.#notReads.add(node.callee as AstNode)
        break
      case 'MemberExpression':
        this.#privateMethodRead(node, depth)
        break
      case 'Property':
        if (node.method || node.kind !== 'init') this.#objectMethods.add(node.value as AstNode)
        break
      case 'WhileStatement':
      case 'DoWhileStatement':
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement':
        return this.#loop(node, site, depth)
      case 'IfStatement':
        this.#walk(node.test as AstNode, site, depth + 1)
        this.#body(node.consequent as AstNode, depth)
        if (node.alternate) this.#body(node.alternate as AstNode, depth)
        return
      case 'SwitchStatement':
        this.#walk(node.discriminant as AstNode, site, depth + 1)
        for (const switchCase of node.cases as AstNode[]) {
          site.cost += 1
          if (switchCase.test) this.#walk(switchCase.test as AstNode, site, depth + 1)
          this.#statements(switchCase.consequent as AstNode[], depth, undefined, this.#scopePrologue(node))
        }
        return
      case 'TryStatement':
        this.#block(node.block as AstNode, depth)
        if (node.handler) {
          const handler = node.handler as AstNode
          const handlerSite = this.#block(handler.body as AstNode, depth, this.#scopePrologue(handler))
          if (handler.param) this.#walk(handler.param as AstNode, handlerSite, depth + 1)
        }
        if (node.finalizer) this.#block(node.finalizer as AstNode, depth)
        return
      case 'PropertyDefinition':
        if (node.static) break // runs once, where the class is defined: charged there
        return this.#instanceField(node, site, depth)
      case 'StaticBlock':
        this.#statements(node.body as AstNode[], depth, this.#operator(node.start, node.end, '{') + 1, this.#functionPrologue(node) + this.#scopePrologue(node))
        return
      case 'BinaryExpression':
        if (PRICED_OPERATORS.has(node.operator as string)) this.#wrapBinary(node, depth)
        break
      case 'TaggedTemplateExpression':
        // The quasi of a tagged template is an argument list, not a string: leave it unwrapped.
        this.#notReads.add(node.tag as AstNode) // a call of the tag
        this.#walk(node.tag as AstNode, site, depth + 1)
        this.#children(node.quasi as AstNode, site, depth + 1)
        return
      case 'VariableDeclarator':
      case 'AssignmentExpression':
        // `[a, ...rest] = big` copies natively, like a spread.
        if (hasRestElement(node.id ?? node.left) && (node.init ?? node.right)) {
          this.#wrap((node.init ?? node.right) as AstNode, depth, '__inkSpread(', ')')
        }
        if (node.type === 'AssignmentExpression') {
          this.#notReads.add(node.left as AstNode)
          const op = (node.operator as string).slice(0, -1)
          if (PRICED_OPERATORS.has(op) && node.operator !== '=') this.#wrapCompound(node, op, depth)
          this.#barrier(node, depth)
          this.#privateWrite(node, node.left as AstNode, depth)
        }
        break
      case 'UpdateExpression':
        this.#notReads.add(node.argument as AstNode)
        this.#barrier(node, depth)
        this.#privateWrite(node, node.argument as AstNode, depth)
        break
      case 'BlockStatement': {
        // A plain nested block: only its scope prologue (charges come with the enclosing block).
        const prologue = this.#scopePrologue(node)
        if (prologue) this.#edits.push({ pos: node.start + 1, closing: false, depth: depth + 0.5, text: prologue })
        break
      }
      case 'SpreadElement':
        // Spreading an array copies it natively (no iterator steps to price): price its length.
        this.#wrap(node.argument as AstNode, depth, '__inkSpread(', ')')
        break
      case 'TemplateLiteral':
        if ((node.expressions as AstNode[]).length > 0) this.#template(node, depth)
        // A template nests about twice as deep in QuickJS's parser as other syntax: two levels.
        return this.#children(node, site, depth + 1)
    }
    this.#children(node, site, depth)
  }

  /** Rejects what cannot run metered and deterministic. */
  #check(node: AstNode): void {
    switch (node.type) {
      case 'Identifier':
      case 'PrivateIdentifier':
        if ((node.name as string).startsWith(RESERVED_PREFIX)) {
          this.#fail(node, `identifier "${node.name}" uses the reserved prefix ${RESERVED_PREFIX}`)
        }
        return
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        if (node.async) this.#fail(node, 'async functions are not supported: contract calls are synchronous')
        return
      case 'AwaitExpression':
        return this.#fail(node, 'await is not supported: contract calls are synchronous')
      case 'ImportExpression':
      case 'ImportDeclaration':
      case 'ExportNamedDeclaration':
      case 'ExportDefaultDeclaration':
      case 'ExportAllDeclaration':
        return this.#fail(node, 'import/export syntax is not supported: a bundle is a CommonJS script')
      case 'MetaProperty':
        if ((node.meta as AstNode).name === 'import') this.#fail(node, 'import.meta is not supported')
        return
      case 'Literal':
        if (node.regex) this.#fail(node, 'regular expressions are not supported: their backtracking cannot be priced')
        return
      case 'Super':
        // It reaches the prototype of the literal, which nothing else may reach, so the freeze of
        // module state could not see it (a class registers itself instead: #classBody).
        if (this.#inObjectMethod) this.#fail(node, '`super` in an object literal\'s method is not supported: use a class')
        return
    }
  }

  #children(node: AstNode, site: Site, depth: number): void {
    for (const key in node) {
      if (key === 'loc') continue
      const value = node[key]
      if (Array.isArray(value)) {
        for (const child of value) if (isNode(child)) this.#walk(child, site, depth + 1)
      } else if (isNode(value)) {
        this.#walk(value, site, depth + 1)
      }
    }
  }

  #function(node: AstNode, depth: number): void {
    const outerInBaseConstructor = this.#inBaseConstructor
    const outerInObjectMethod = this.#inObjectMethod
    this.#inBaseConstructor = this.#baseConstructors.has(node)
    if (node.type !== 'ArrowFunctionExpression') this.#inObjectMethod = this.#objectMethods.has(node)
    this.#functionBody(node, depth)
    this.#inBaseConstructor = outerInBaseConstructor
    this.#inObjectMethod = outerInObjectMethod
  }

  #functionBody(node: AstNode, depth: number): void {
    const site: Site = { cost: 0, bytes: 0, metered: this.#metered }
    for (const param of node.params as AstNode[]) this.#walk(param, site, depth + 1)
    if (node.id) this.#walk(node.id as AstNode, site, depth + 1)
    const prologue = this.#functionPrologue(node) + this.#scopePrologue(node)
    const body = node.body as AstNode
    if (body.type === 'BlockStatement') {
      const statements = body.body as AstNode[]
      let pos = body.start + 1
      for (const statement of statements) {
        if (statement.type !== 'ExpressionStatement' || statement.directive === undefined) break
        pos = statement.end // the charge goes after "use strict" and other directives
      }
      this.#edits.push({ pos, closing: false, depth, text: charge(site, prologue) })
      for (const statement of statements) this.#walk(statement, site, depth + 1)
    } else {
      this.#edits.push({ pos: body.start, closing: false, depth, text: () => `{${charge(site, prologue)()}return (` })
      this.#edits.push({ pos: body.end, closing: true, depth, text: ');}' })
      this.#walk(body, site, depth + 1)
    }
  }

  /**
   * An instance field: its initialiser and its slot are paid at every construction, in an
   * expression charge of their own (a computed key is evaluated once, with the class).
   *
   * An arrow function in the initialiser sees the instance as `this`, and may be all that leads
   * to it: such a field registers the instance as a root of module state during initialisation,
   * as a function's prologue does when arrows capture its `this` (#scopePrologue).
   */
  #instanceField(node: AstNode, outer: Site, depth: number): void {
    if (node.computed) this.#walk(node.key as AstNode, outer, depth + 1)
    const site: Site = { cost: 1, bytes: NODE_BYTES.namedAssignment, metered: this.#metered }
    const value = node.value as AstNode | null
    if (value) this.#walk(value, site, depth + 1)
    const root = value && containsArrow(value) ? '__inkEpoch===0&&__inkRoots(()=>this),' : ''
    if (!this.#metered && !root) return
    const check = () => (this.#metered ? `((__inkG-=${site.cost})<0||(__inkM-=${site.bytes})<0)&&__inkOog(),` : '')
    if (value) {
      this.#edits.push({ pos: value.start, closing: false, depth, text: () => `(${root}${check()}` })
      this.#edits.push({ pos: value.end, closing: true, depth, text: ')' })
    } else {
      const key = node.key as AstNode
      const end = node.computed ? this.#operator(key.end, node.end, ']') + 1 : key.end
      this.#edits.push({ pos: end, closing: false, depth, text: () => `=(${check()}void 0)` })
    }
  }

  #loop(node: AstNode, outer: Site, depth: number): void {
    // A for-head's bindings are fresh per iteration: register them in the body. A for-in/of that
    // assigns outer bindings checks them at every iteration.
    const owners = this.#scopes.barriers.get(node) ?? []
    const prologue = this.#scopePrologue(node) + owners.map((o) => `__inkB(__inkE${o.id},0);`).join('')
    const site = this.#body(node.body as AstNode, depth, prologue)
    if (node.type === 'ForStatement') {
      if (node.init) this.#walk(node.init as AstNode, outer, depth + 1)
      if (node.test) this.#walk(node.test as AstNode, site, depth + 1)
      if (node.update) this.#walk(node.update as AstNode, site, depth + 1)
    } else if (node.type === 'WhileStatement' || node.type === 'DoWhileStatement') {
      this.#walk(node.test as AstNode, site, depth + 1)
    } else {
      this.#walk(node.left as AstNode, site, depth + 1)
      this.#walk(node.right as AstNode, outer, depth + 1)
    }
  }

  /** A statement that may run on its own (loop body, branch): a block gets a charge, a lone statement is wrapped. */
  #body(statement: AstNode, depth: number, prologue = ''): Site {
    if (statement.type === 'BlockStatement') return this.#block(statement, depth, prologue)
    const site: Site = { cost: 0, bytes: 0, metered: this.#metered }
    this.#edits.push({ pos: statement.start, closing: false, depth, text: () => `{${charge(site, prologue)()}` })
    this.#edits.push({ pos: statement.end, closing: true, depth, text: '}' })
    this.#walk(statement, site, depth + 1)
    return site
  }

  #block(block: AstNode, depth: number, prologue = ''): Site {
    return this.#statements(block.body as AstNode[], depth, block.start + 1, prologue + this.#scopePrologue(block))
  }

  #statements(statements: AstNode[], depth: number, pos = statements[0]?.start, prologue = ''): Site {
    const site: Site = { cost: 0, bytes: 0, metered: this.#metered }
    if (pos === undefined) return site
    this.#edits.push({ pos, closing: false, depth, text: charge(site, prologue) })
    for (const statement of statements) this.#walk(statement, site, depth + 1)
    return site
  }

  #wrap(node: AstNode, depth: number, open: string, close: string): void {
    this.#edits.push({ pos: node.start, closing: false, depth, text: open })
    this.#edits.push({ pos: node.end, closing: true, depth, text: close })
  }

  /**
   * `a${x}b` → `(__inkT=__inkCat("a",x,"b"),…)`, priced as a joined string. QuickJS evaluates a
   * template literal by calling String.prototype.concat on its parts, which in a contract is the
   * prelude's priced wrapper (~2.5 µs a template, and a second price on top of this one);
   * __inkCat is the original concat, so the parts are joined as QuickJS joins them (every
   * substitution through ToString, once all are evaluated). A template whose text spans lines
   * keeps its form and its wrapper: these edits may not remove line breaks.
   */
  #template(node: AstNode, depth: number): void {
    this.#wrap(node, depth, '(__inkT=', PRICE_STRING)
    const quasis = node.quasis as AstNode[]
    if (quasis.some((quasi) => /[\n\r\u2028\u2029]/.test(this.#source.slice(quasi.start, quasi.end)))) return
    const text = (quasi: AstNode) => JSON.stringify((quasi.value as { cooked: string }).cooked)
    const last = quasis.length - 1
    quasis.forEach((quasi, i) => {
      // Each quasi with the punctuation around it: "`…${", "}…${" or "}…`".
      const start = i === 0 ? node.start : quasi.start - 1
      const end = i === last ? node.end : quasi.end + 2
      const cooked = text(quasi)
      const replacement = i === 0 ? `__inkCat(${cooked},` : `${cooked === '""' ? '' : ',' + cooked}${i === last ? ')' : ','}`
      this.#edits.push({ pos: start, closing: false, depth: depth + 0.5, text: replacement, replaceEnd: end })
    })
  }

  /** `a * b` → `(__inkT=a * b,typeof __inkT==="number"?__inkT:__inkP(__inkT))`; `a ** b` → `__inkPow(a , b)`. */
  #wrapBinary(node: AstNode, depth: number): void {
    const operator = node.operator as string
    if (!BOUNDED_OPERATORS[operator]) return this.#wrap(node, depth, '(__inkT=', operator === '+' ? PRICE_SUM : PRICE_NUMBER)
    const op = this.#operator((node.left as AstNode).end, (node.right as AstNode).start, operator)
    this.#wrap(node, depth, `${BOUNDED_OPERATORS[operator]}(`, ')')
    this.#edits.push({ pos: op, closing: false, depth, text: ',', replaceEnd: op + operator.length })
  }

  /**
   * `x += e` → `x = (__inkT=x+(e),…)` as for `x + e` (`x = __inkPow(x, e)` for `**=` and `<<=`) when
   * re-reading the target has no side effects (a variable, or a named property of `this`, `super`
   * or a variable); otherwise `o[k] += e` → `__inkUpdate(o, k, "+", e)` so `o` and `k` are
   * evaluated once.
   */
  #wrapCompound(node: AstNode, operator: string, depth: number): void {
    const target = node.left as AstNode
    const op = this.#operator(target.end, (node.right as AstNode).start, `${operator}=`)
    const opEnd = op + operator.length + 1
    const object = target.object as AstNode | undefined
    const property = target.property as AstNode | undefined
    const pure =
      target.type === 'Identifier' ||
      (target.type === 'MemberExpression' &&
        ['ThisExpression', 'Super', 'Identifier'].includes(object!.type) &&
        (!target.computed || property!.type === 'Literal'))
    if (pure) {
      const targetText = this.#source.slice(target.start, target.end)
      const bounded = BOUNDED_OPERATORS[operator]
      // The right operand is parenthesised: `x += c ? a : b` must stay `x + (c ? a : b)`.
      const [open, close] = bounded ? [`= ${bounded}(${targetText},`, ')'] : [`= (__inkT=${targetText}${operator}(`, ')' + (operator === '+' ? PRICE_SUM : PRICE_NUMBER)]
      this.#edits.push({ pos: op, closing: false, depth, text: open, replaceEnd: opEnd })
      this.#edits.push({ pos: node.end, closing: true, depth, text: close })
      return
    }
    if (target.type !== 'MemberExpression' || property!.type === 'PrivateIdentifier' || object!.type === 'Super') {
      this.#fail(node, 'this compound assignment target is not supported: assign through a local variable')
    }
    this.#edits.push({ pos: node.start, closing: false, depth, text: '__inkUpdate(' })
    // Replace only single punctuation tokens, so every edit stays on its line.
    if (target.computed) {
      const open = this.#operator(object!.end, property!.start, '[')
      const close = this.#operator(property!.end, target.end, ']')
      this.#edits.push({ pos: open, closing: false, depth, text: ',', replaceEnd: open + 1 })
      this.#edits.push({ pos: close, closing: false, depth, text: '', replaceEnd: close + 1 })
    } else {
      const dot = this.#operator(object!.end, property!.start, '.')
      this.#edits.push({ pos: dot, closing: false, depth, text: ',', replaceEnd: dot + 1 })
      this.#edits.push({ pos: property!.start, closing: false, depth, text: JSON.stringify(property!.name), replaceEnd: property!.end })
    }
    this.#edits.push({ pos: op, closing: false, depth, text: `,${JSON.stringify(operator)},`, replaceEnd: opEnd })
    this.#edits.push({ pos: node.end, closing: true, depth, text: ')' })
  }

  /** Position of an operator token between two nodes, skipping comments. */
  #operator(from: number, to: number, token: string): number {
    for (let pos = from; pos < to; pos++) {
      const comment = this.#comments.find((c) => c.start <= pos && pos < c.end)
      if (comment) {
        pos = comment.end - 1
        continue
      }
      if (this.#source.startsWith(token, pos)) return pos
    }
    throw new Error(`instrument: operator ${token} not found`) // unreachable for acorn output
  }

  #apply(): Instrumented {
    const edits = this.#edits.sort(
      (a, b) =>
        a.pos - b.pos ||
        Number(b.closing) - Number(a.closing) ||
        (a.closing ? b.depth - a.depth : a.depth - b.depth),
    )
    let out = ''
    let cursor = 0
    // Per original line: [column in the output where an edit ends, output − original shift after it].
    const shifts = new Map<number, [number, number][]>()
    let line = 1
    let lineStart = 0
    let outLineStart = 0
    const advance = (to: number) => {
      for (let i = this.#source.indexOf('\n', cursor); i !== -1 && i < to; i = this.#source.indexOf('\n', i + 1)) {
        line++
        outLineStart = out.length + (i + 1 - cursor)
        lineStart = i + 1
      }
    }
    for (const edit of edits) {
      advance(edit.pos)
      out += this.#source.slice(cursor, edit.pos)
      out += typeof edit.text === 'string' ? edit.text : edit.text()
      cursor = Math.max(edit.pos, edit.replaceEnd ?? edit.pos)
      const list = shifts.get(line) ?? []
      list.push([out.length - outLineStart, out.length - outLineStart - (cursor - lineStart)])
      shifts.set(line, list)
    }
    out += this.#source.slice(cursor)
    return {
      code: out,
      originalColumn(lineNumber, column) {
        let shift = 0
        for (const [end, after] of shifts.get(lineNumber) ?? []) if (end <= column) shift = after
        return Math.max(0, column - shift)
      },
    }
  }
}

function hasRestElement(pattern: unknown): boolean {
  return isNode(pattern) && pattern.type === 'ArrayPattern' && (pattern.elements as (AstNode | null)[]).some((e) => e?.type === 'RestElement')
}

