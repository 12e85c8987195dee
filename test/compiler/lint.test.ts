import { describe, expect, it } from 'vitest'
import { compileSources } from './dev-chain.ts'

/** A contract whose `run` entry point holds `body`, with `top` at module level. */
const contract = (body: string, top = '') => `import { call, StorageMap } from 'inkstone'
${top}
export class C {
  @call
  run(): void {
    ${body}
  }
}
`

/** 1-based line and column of the first occurrence of `needle`. */
function locate(source: string, needle: string): { line: number; column: number } {
  const before = source.slice(0, source.indexOf(needle)).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

const FAILING: { rule: string; source: string; at: string; text: string }[] = [
  { rule: 'no-date', source: contract('const t = Date.now()'), at: 'Date.now', text: 'Date reads the wall clock' },
  { rule: 'no-date', source: contract('', 'export const start = new Date(0)'), at: 'Date(0)', text: 'use context().blockTime' },
  { rule: 'no-random', source: contract('const r = Math.random()'), at: 'Math.random', text: 'Math.random is not deterministic' },
  { rule: 'no-random', source: contract("const r = Math['random']()"), at: "Math['random']", text: 'Math.random is not deterministic' },
  { rule: 'no-timers', source: contract('setTimeout(() => {}, 10)'), at: 'setTimeout', text: 'there are no timers' },
  { rule: 'no-timers', source: contract('queueMicrotask(() => {})'), at: 'queueMicrotask', text: 'there are no timers' },
  { rule: 'no-weak-refs', source: contract('const r = new WeakRef({})'), at: 'WeakRef', text: 'WeakRef observes garbage collection' },
  { rule: 'no-weak-refs', source: contract('const r = new FinalizationRegistry(() => {})'), at: 'FinalizationRegistry', text: 'observes garbage collection' },
  { rule: 'no-eval', source: contract("const x = eval('1')"), at: 'eval', text: 'eval generates code from a string' },
  { rule: 'no-eval', source: contract("const f = new Function('return 1')"), at: 'Function(', text: 'the Function constructor' },
  { rule: 'no-async', source: contract('', 'export async function later(): Promise<void> {}'), at: 'async', text: 'async functions are not available' },
  { rule: 'no-async', source: contract('const p = Promise.resolve(1)'), at: 'Promise', text: 'Promise is not available' },
  { rule: 'no-regex', source: contract("const ok = /a+b/.test('aab')"), at: '/a+b/', text: 'regular expressions are not available' },
  { rule: 'no-regex', source: contract("const re = new RegExp('a')"), at: 'RegExp', text: 'RegExp is not available' },
  { rule: 'no-object-super', source: contract('const o = { m() { return super.toString() } }'), at: 'super', text: "`super` in an object literal's method is not available" },
  { rule: 'no-object-super', source: contract('const o = { get m() { return () => super.toString() } }'), at: 'super', text: 'use a class' },
  { rule: 'no-unsupported-global', source: contract('const p = new Proxy({}, {})'), at: 'Proxy', text: 'Proxy is not available' },
  { rule: 'no-module-state-write', source: contract('count++', 'let count = 0'), at: 'count++', text: 'writes module-level "count"' },
  { rule: 'no-module-state-write', source: contract("seen.push('x')", 'const seen: string[] = []'), at: "seen.push('x')", text: 'writes module-level "seen"' },
  { rule: 'no-module-state-write', source: contract('config.limit = 2', 'const config = { limit: 1 }'), at: 'config.limit = 2', text: 'the write fails or is lost' },
  { rule: 'no-module-state-write', source: contract('[a] = [2]', 'let a = 1'), at: '[a] = [2]', text: 'writes module-level "a"' },
  { rule: 'no-module-state-write', source: contract('C.calls += 1').replace('export class C {', 'export class C {\n  static calls = 0'), at: 'C.calls += 1', text: 'writes module-level "C"' },
  { rule: 'no-unsupported-import', source: contract('', "import { readFileSync } from 'node:fs'"), at: "'node:fs'", text: "'node:fs' is a Node built-in module" },
  { rule: 'no-unsupported-import', source: contract('', "import path from 'path'"), at: "'path'", text: "'path' is a Node built-in module" },
  { rule: 'no-unsupported-import', source: contract('storage.set("k", 1)', "import { storage } from 'inkstone:host'"), at: "'inkstone:host'", text: "import from 'inkstone'" },
  { rule: 'no-unsupported-import', source: contract('', "import { entryPoint } from 'inkstone/_entry.ts'"), at: "'inkstone/_entry.ts'", text: 'is internal' },
  { rule: 'no-unsupported-import', source: contract("const m = import('./other.ts')"), at: "import('./other.ts')", text: 'dynamic import() is not available' },
  { rule: 'no-unsupported-import', source: contract("const fs = require('fs')"), at: "require('fs')", text: 'require() is not available' },
  { rule: 'no-reserved-identifier', source: contract('const __inkGas = 1'), at: '__inkGas', text: 'reserved for the VM' },
  { rule: 'no-unsupported-decorator', source: contract('', 'function logged(_m: unknown, _c: ClassMethodDecoratorContext) {}').replace('  @call\n', '  @call\n  @logged\n'), at: '@logged', text: 'only the entry-point decorators' },
]

describe('determinism lint', () => {
  it.each(FAILING)('$rule: $at', async ({ rule, source, at, text }) => {
    const result = await compileSources({ 'contract.ts': source, 'other.ts': 'export {}' })
    expect(result.artifact).toBeUndefined()
    const finding = result.errors.find((error) => error.code === rule)
    expect(finding, JSON.stringify(result.errors)).toMatchObject({ file: 'contract.ts', ...locate(source, at) })
    expect(finding!.text).toContain(text)
  })

  it('covers every rule with a failing sample', async () => {
    const { LINT_RULES } = await import('../../compiler/lint.ts')
    expect(new Set(FAILING.map((sample) => sample.rule))).toEqual(new Set(LINT_RULES))
  })

  it('accepts what only looks alike: shadowed globals, top-level writes, storage, local state, `super` of a class', async () => {
    const source = contract(
      `const Date = { now: () => 1 }
    const n = Date.now() + Math.max(1, 2)
    const local: number[] = []
    local.push(n)
    balances.set('a', 1)
    const copy = { ...config }
    copy.limit = 3
    const o = { m() { return class extends Base { n = super.toString(); m() { return super.toString() } } } }`,
      `class Base {}
const balances = new StorageMap<string, number>('balances')
const config = { limit: 1 }
config.limit = 2
let ready = false
ready = true
export { ready }`,
    )
    const result = await compileSources({ 'contract.ts': source })
    expect(result.errors).toEqual([])
  })
})
