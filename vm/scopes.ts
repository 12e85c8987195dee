/**
 * Scope analysis for call isolation (see instrument.ts and docs/vm.md "Isolation").
 *
 * A contract module is initialised once per context; calls then run against that state. For a
 * call never to observe state left by an earlier call, the instrumenter needs to know, for every
 * variable binding, which function owns it, and:
 *   - which writes target a binding owned by another function (a closure write): those are
 *     checked at run time against the epoch (call number) in which the owner's scope was created;
 *   - which bindings are captured by a nested function: their values are frozen after the module
 *     has initialised, so objects reachable only through a closure cannot be mutated later either;
 *   - which functions use `this` or `arguments` inside arrow functions (captured the same way).
 * Resolution follows ECMAScript strict-mode scoping: function, block, for-head, switch, catch and
 * class static-block scopes; `var` hoists to the nearest function; block-level function
 * declarations are block scoped.
 */

export interface AstNode {
  type: string
  start: number
  end: number
  [key: string]: unknown
}

export interface FunctionInfo {
  id: number
  /** null for the program (the module's top level). */
  node: AstNode | null
  /** Some binding it owns is written from another function: it needs an epoch stamp. */
  stamped: boolean
  /** An arrow function inside it uses its `this` / `arguments` / `new.target`. */
  capturesThis: boolean
  capturesArguments: boolean
  capturesNewTarget: boolean
  /** Identifier references inside it, its let/const names and the classes it defines (for vm/compile-work.ts). */
  references: number
  lexicals: number
  classes: number
}

export interface Scope {
  node: AstNode
  fn: FunctionInfo
  parent: Scope | null
  names: Set<string>
  /** Bindings referenced from a function other than their owner. */
  captured: Set<string>
}

export interface ScopeAnalysis {
  /** Per scope-creating node. */
  scopes: Map<AstNode, Scope>
  /** Per function node (and the program). */
  functions: Map<AstNode, FunctionInfo>
  /** Write node (AssignmentExpression, UpdateExpression, ForIn/ForOf) → owners of outer bindings it writes. */
  barriers: Map<AstNode, FunctionInfo[]>
}

const FUNCTION_TYPES = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression'])

export function analyzeScopes(program: AstNode): ScopeAnalysis {
  const scopes = new Map<AstNode, Scope>()
  const functions = new Map<AstNode, FunctionInfo>()
  const barriers = new Map<AstNode, FunctionInfo[]>()
  let nextId = 0

  const newFunction = (node: AstNode | null, key: AstNode): FunctionInfo => {
    const info = { id: nextId++, node, stamped: false, capturesThis: false, capturesArguments: false, capturesNewTarget: false, references: 0, lexicals: 0, classes: 0 }
    functions.set(key, info)
    return info
  }
  const newScope = (node: AstNode, fn: FunctionInfo, parent: Scope | null): Scope => {
    const scope = { node, fn, parent, names: new Set<string>(), captured: new Set<string>() }
    scopes.set(node, scope)
    return scope
  }

  // ---- pass 1: scopes and declarations ----------------------------------------------------
  const declare = (scope: Scope, pattern: AstNode | null) => {
    for (const name of patternNames(pattern)) scope.names.add(name)
  }
  const functionScopeOf = (scope: Scope): Scope => {
    let s = scope
    while (s.node !== s.fn.node && s.parent && s.node.type !== 'Program' && s.node.type !== 'StaticBlock') s = s.parent
    return s
  }

  const visit = (node: AstNode, scope: Scope): void => {
    switch (node.type) {
      case 'FunctionDeclaration':
      case 'FunctionExpression':
      case 'ArrowFunctionExpression': {
        if (node.type === 'FunctionDeclaration' && node.id) declare(scope, node.id as AstNode)
        const fn = newFunction(node, node)
        const inner = newScope(node, fn, scope)
        if (node.type === 'FunctionExpression' && node.id) declare(inner, node.id as AstNode)
        for (const param of node.params as AstNode[]) {
          declare(inner, param)
          visitChildren(param, inner)
        }
        const body = node.body as AstNode
        if (body.type === 'BlockStatement') {
          scopes.set(body, inner) // the body block shares the function scope
          for (const statement of body.body as AstNode[]) visit(statement, inner)
        } else {
          visit(body, inner)
        }
        return
      }
      case 'StaticBlock': {
        const fn = newFunction(node, node)
        const inner = newScope(node, fn, scope)
        for (const statement of node.body as AstNode[]) visit(statement, inner)
        return
      }
      case 'VariableDeclaration': {
        const target = node.kind === 'var' ? functionScopeOf(scope) : scope
        for (const declarator of node.declarations as AstNode[]) {
          declare(target, declarator.id as AstNode)
          if (node.kind !== 'var') scope.fn.lexicals += patternNames(declarator.id as AstNode).length
          visitChildren(declarator, scope)
        }
        return
      }
      case 'ClassDeclaration':
        if (node.id) declare(scope, node.id as AstNode)
        scope.fn.classes++
        break
      case 'ClassExpression':
        scope.fn.classes++
        break
      case 'BlockStatement':
      case 'SwitchStatement': {
        const inner = newScope(node, scope.fn, scope)
        visitChildren(node, inner)
        return
      }
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const inner = newScope(node, scope.fn, scope)
        visitChildren(node, inner)
        return
      }
      case 'CatchClause': {
        const inner = newScope(node, scope.fn, scope)
        if (node.param) declare(inner, node.param as AstNode)
        visitChildren(node, inner)
        return
      }
    }
    visitChildren(node, scope)
  }
  const visitChildren = (node: AstNode, scope: Scope): void => {
    for (const child of children(node)) visit(child, scope)
  }

  const programFn = newFunction(null, program)
  const programScope = newScope(program, programFn, null)
  for (const statement of program.body as AstNode[]) visit(statement, programScope)

  // ---- pass 2: references -----------------------------------------------------------------
  const resolve = (scope: Scope, name: string): Scope | null => {
    for (let s: Scope | null = scope; s; s = s.parent) if (s.names.has(name)) return s
    return null
  }
  /**
   * The nearest non-arrow function around a scope (whose `this`/`arguments` an arrow sees). At the
   * top level that is the program: the bundle runs inside the module wrapper function, whose
   * `arguments` an arrow there sees.
   */
  const thisOwner = (scope: Scope): FunctionInfo => {
    // The program's scope ends every chain, so the loop always returns.
    for (let s = scope; ; s = s.parent!) {
      if (s.fn.node === null) return s.fn
      if (s.node === s.fn.node && s.fn.node.type !== 'ArrowFunctionExpression') return s.fn
    }
  }
  const reference = (scope: Scope, name: string): Scope | null => {
    scope.fn.references++
    const owner = resolve(scope, name)
    if (owner && owner.fn !== scope.fn) owner.captured.add(name)
    return owner
  }
  const write = (node: AstNode, scope: Scope, targets: string[]): void => {
    const owners: FunctionInfo[] = []
    for (const name of targets) {
      const owner = reference(scope, name)
      if (owner && owner.fn !== scope.fn && !owners.includes(owner.fn)) {
        owner.fn.stamped = true
        owners.push(owner.fn)
      }
    }
    if (owners.length > 0) barriers.set(node, owners)
  }

  const scopeFor = (node: AstNode, outer: Scope): Scope => scopes.get(node) ?? outer

  const walk = (node: AstNode, scope: Scope, parent: AstNode | null, key: string): void => {
    const here = scopeFor(node, scope)
    switch (node.type) {
      case 'Identifier':
        if (isReference(parent, key, node)) reference(scope, node.name as string)
        return
      case 'ThisExpression':
      case 'MetaProperty': {
        const newTarget = node.type === 'MetaProperty' && (node.meta as AstNode).name === 'new'
        if ((node.type === 'ThisExpression' || newTarget) && scope.fn.node?.type === 'ArrowFunctionExpression') {
          const owner = thisOwner(scope)
          // (The module wrapper runs with `this` and `new.target` undefined: nothing to register there.)
          if (owner.node !== null) {
            if (newTarget) owner.capturesNewTarget = true
            else owner.capturesThis = true
          }
        }
        return
      }
      case 'AssignmentExpression':
        write(node, scope, patternNames(node.left as AstNode))
        break
      case 'UpdateExpression':
        write(node, scope, patternNames(node.argument as AstNode))
        break
      case 'ForInStatement':
      case 'ForOfStatement': {
        const left = node.left as AstNode
        if (left.type !== 'VariableDeclaration') write(node, here, patternNames(left))
        break
      }
    }
    if (node.type === 'Identifier') return
    for (const [childKey, child] of childEntries(node)) {
      if (child.type === 'Identifier' && child.name === 'arguments' && isReference(node, childKey, child)) {
        if (here.fn.node?.type === 'ArrowFunctionExpression' && !resolve(here, 'arguments')) {
          thisOwner(here).capturesArguments = true
        }
      }
      walk(child, here, node, childKey)
    }
  }
  for (const statement of program.body as AstNode[]) walk(statement, programScope, program, 'body')

  return { scopes, functions, barriers }
}

/** Binding names in a declaration or assignment target (member expressions excluded). */
export function patternNames(pattern: AstNode | null | undefined): string[] {
  if (!pattern) return []
  switch (pattern.type) {
    case 'Identifier':
      return [pattern.name as string]
    case 'ObjectPattern':
      return (pattern.properties as AstNode[]).flatMap((p) => patternNames((p.type === 'RestElement' ? p.argument : p.value) as AstNode))
    case 'ArrayPattern':
      return (pattern.elements as (AstNode | null)[]).flatMap((e) => patternNames(e))
    case 'AssignmentPattern':
      return patternNames(pattern.left as AstNode)
    case 'RestElement':
      return patternNames(pattern.argument as AstNode)
    case 'ParenthesizedExpression':
      return patternNames(pattern.expression as AstNode)
    default:
      return []
  }
}

/** Whether an Identifier at `parent[key]` reads or writes a variable (rather than naming a property or label). */
function isReference(parent: AstNode | null, key: string, node: AstNode): boolean {
  if (!parent) return true
  switch (parent.type) {
    case 'MemberExpression':
      return key !== 'property' || parent.computed === true
    case 'Property':
      // In `{ a }` the key and value are distinct nodes: the value is the reference.
      return key === 'value' || (key === 'key' && parent.computed === true)
    case 'MethodDefinition':
    case 'PropertyDefinition':
      return key !== 'key' || parent.computed === true
    case 'LabeledStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
      return false
    case 'MetaProperty':
      return false
    case 'VariableDeclarator':
      return key !== 'id'
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ClassDeclaration':
    case 'ClassExpression':
      return key !== 'id'
    case 'CatchClause':
      return key !== 'param'
    default:
      return node.type === 'Identifier'
  }
}

function children(node: AstNode): AstNode[] {
  return childEntries(node).map(([, child]) => child)
}

function childEntries(node: AstNode): [string, AstNode][] {
  const out: [string, AstNode][] = []
  for (const key in node) {
    if (key === 'loc') continue
    const value = node[key]
    if (Array.isArray(value)) {
      for (const child of value) if (isNode(child)) out.push([key, child])
    } else if (isNode(value)) {
      out.push([key, value])
    }
  }
  return out
}

export function isNode(value: unknown): value is AstNode {
  return typeof value === 'object' && value !== null && typeof (value as AstNode).type === 'string'
}

export { FUNCTION_TYPES }
