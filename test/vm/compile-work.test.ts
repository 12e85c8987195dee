import { parse } from 'acorn'
import { describe, expect, it } from 'vitest'
import { compileWork, MAX_COMPILE_WORK } from '../../vm/compile-work.ts'
import { instrument, InstrumentError } from '../../vm/instrument.ts'
import { analyzeScopes, type AstNode } from '../../vm/scopes.ts'
import { TOKEN, testChain } from './harness.ts'

const repeat = (unit: string, n: number) => Array.from({ length: n }, (_, i) => unit.replaceAll('#', String(i))).join('\n')
const workOf = (source: string) => compileWork(analyzeScopes(parse(source, { ecmaVersion: 2023, sourceType: 'module', locations: true }) as unknown as AstNode)).total

describe('compile work', () => {
  it('is quadratic in the names one function declares, a class weighing more than a let and a var less', () => {
    expect(workOf(repeat('let v# = 0', 2000)) / workOf(repeat('let v# = 0', 1000))).toBeCloseTo(4, 1)
    expect(workOf(repeat('class C# {}', 1000))).toBeGreaterThan(20 * workOf(repeat('let v# = 0', 1000)))
    expect(workOf(repeat('var v# = 0', 1000))).toBeLessThan(workOf(repeat('let v# = 0', 1000)) / 10)
  })

  it('charges each reference, and each instrumented scope, the names on its way out', () => {
    const names = repeat('let v# = 0', 1000)
    // 1,000 nested functions each reading one name: each passes the top level's 1,000 names.
    const readers = workOf(`${names}\n${repeat('function r#() { return v0 }', 1000)}`)
    expect(readers - workOf(names)).toBeGreaterThan(1000 * 1000)
    // The same references with the names inside one of the functions, out of the others' way.
    const apart = workOf(`function holder() {\n${names}\n}\n${repeat('function r#() { return 0 }', 1000)}`)
    expect(apart).toBeLessThan(readers / 2)
  })

  it('leaves real contracts far below the limit', () => {
    expect(workOf(TOKEN)).toBeLessThan(MAX_COMPILE_WORK / 1000)
  })

  it('refuses, before QuickJS compiles anything, a bundle whose compile would stall every node', async () => {
    // 2,000 classes: ~1 s to compile instrumented; 8,000 took ~7 s, and the growth is quadratic up to the 2 MiB limit.
    const classes = repeat('class C# { static s() {} }', 2000) + '\nexports.f = () => 0'
    expect(() => instrument(classes)).toThrow(InstrumentError)
    expect(() => instrument(classes)).toThrow(/^1:0 too costly to compile: \d+ units of compile work, at most 100000000/)
    // The position is the function contributing most.
    const inner = `exports.f = () => 0\nfunction big() {\n${repeat('let v# = () => v0', 8000)}\n}`
    expect(() => instrument(inner)).toThrow(/^2:0 too costly to compile/)
    const chain = await testChain({ classes })
    expect(() => chain.call('classes', 'f')).toThrow(/too costly to compile/)
    // Below the limit, the same shape loads.
    const fewer = await testChain({ c: repeat('class C# { static s() {} }', 500) + '\nexports.f = () => 7' })
    expect(fewer.call('c', 'f', [], { gasLimit: 50_000_000 }).value).toBe(7)
  })
})
