/**
 * A bound on what compiling a bundle costs QuickJS, computed before it is compiled.
 *
 * Compiling is not metered (gas starts when code runs) and cannot be interrupted (the fuse polls
 * only running code), yet QuickJS's compiler is quadratic in places: declaring a name scans the
 * function's names declared before it, and resolving an identifier scans the names of every
 * function it passes on the way out. Measured on this engine: 8,000 top-level `let`s compile in
 * ~0.23 s, 8,000 classes whose static block names an outer variable (as every instrumented class
 * does) in ~3.8 s, and a 119 KB bundle of bare classes took 7 s; at the 2 MiB bundle limit that
 * would be half an hour on every node, for one deployment.
 *
 * The bound, in work units (measured at 2–5 ns each):
 *   Σ over functions f:  D(f)² + (R(f) + 3·S(f)) · (D(f) + D(f's enclosing functions))
 * where D(f) weighs the names f declares: a let/const 1, a class CLASS_WEIGHT, any other name
 * (parameters, vars, functions: this engine looks those up by hash) VAR_WEIGHT; R(f) is its
 * identifier references and S(f) its scopes, each of which the instrumenter gives a charge that
 * names three wrapper variables. It over-counts (a reference usually stops before the outermost
 * function), which only matters for bundles far larger than real contracts: the examples use
 * ~0.2% of MAX_COMPILE_WORK.
 * @module
 */
import type { FunctionInfo, Scope, ScopeAnalysis } from './scopes.ts'

/** A class costs QuickJS about as much to declare as this many `let`s (hidden bindings, its scope). */
const CLASS_WEIGHT = 5
const VAR_WEIGHT = 1 / 4
/** ~0.5 s of compiling at the measured worst rate; consensus, like the bundle size limit. */
export const MAX_COMPILE_WORK = 100_000_000

export interface CompileWork {
  total: number
  /** The function contributing most, for the error's position (null: the top level). */
  heaviest: FunctionInfo
}

export function compileWork({ scopes }: ScopeAnalysis): CompileWork {
  const names = new Map<FunctionInfo, number>()
  const scopeCount = new Map<FunctionInfo, number>()
  const parentOf = new Map<FunctionInfo, FunctionInfo | null>()
  for (const scope of scopes.values()) {
    names.set(scope.fn, (names.get(scope.fn) ?? 0) + scope.names.size)
    scopeCount.set(scope.fn, (scopeCount.get(scope.fn) ?? 0) + 1)
    if (scope.node === scope.fn.node || scope.parent === null) parentOf.set(scope.fn, enclosingFunction(scope))
  }
  const declared = new Map<FunctionInfo, number>()
  for (const [fn, count] of names) {
    // Class names are in `count` too, and so are let/const names: weigh each kind once.
    const others = Math.max(0, count - fn.lexicals - fn.classes)
    declared.set(fn, fn.lexicals + fn.classes * CLASS_WEIGHT + others * VAR_WEIGHT)
  }
  const outward = new Map<FunctionInfo, number>()
  const namesOnTheWayOut = (fn: FunctionInfo): number => {
    let total = outward.get(fn)
    if (total === undefined) {
      const parent = parentOf.get(fn) ?? null
      total = declared.get(fn)! + (parent ? namesOnTheWayOut(parent) : 0)
      outward.set(fn, total)
    }
    return total
  }
  let total = 0
  let heaviest: FunctionInfo | null = null
  let heaviestWork = -1
  for (const [fn, weight] of declared) {
    const work = weight * weight + (fn.references + 3 * scopeCount.get(fn)!) * namesOnTheWayOut(fn)
    total += work
    if (work > heaviestWork) [heaviest, heaviestWork] = [fn, work]
  }
  return { total: Math.ceil(total), heaviest: heaviest! }
}

function enclosingFunction(scope: Scope): FunctionInfo | null {
  for (let s = scope.parent; s; s = s.parent) if (s.fn !== scope.fn) return s.fn
  return null
}
