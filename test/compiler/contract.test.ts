import { describe, expect, it } from 'vitest'
import { compileSources, devChain } from './dev-chain.ts'

const HEADER = "import { call, view, init, StorageMap, StorageValue } from 'inkstone'\n"

/** Contract sources that break one shape rule each; `at` is the text the error points at. */
const SHAPES: { name: string; body: string; at: string; text: string }[] = [
  { name: 'no contract class', body: 'export const x = 1', at: 'import', text: 'no contract class' },
  {
    name: 'two contract classes',
    body: 'export class A {\n  @call a(): void {}\n}\nexport class B {\n  @call b(): void {}\n}',
    at: 'B {',
    text: 'only one contract class per entry file',
  },
  { name: 'not exported', body: 'class A {\n  @call a(): void {}\n}', at: 'A {', text: 'the contract class A must be exported' },
  { name: 'abstract', body: 'export abstract class A {\n  @call a(): void {}\n}', at: 'A {', text: 'cannot be abstract' },
  { name: 'generic', body: 'export class A<T> {\n  @call a(): void {}\n}', at: 'T>', text: 'cannot be generic' },
  { name: 'constructor parameters', body: 'export class A {\n  constructor(n: number) {}\n  @call a(): void {}\n}', at: 'n: number', text: 'the contract constructor cannot take parameters' },
  { name: 'public helper', body: 'export class A {\n  @call a(): void {}\n  helper(): number { return 1 }\n}', at: 'helper', text: 'public method helper is not an entry point' },
  { name: 'mutable field', body: 'export class A {\n  count = 0\n  @call a(): void {}\n}', at: 'count', text: 'field count must be readonly' },
  { name: 'init by another name', body: 'export class A {\n  @init setup(): void {}\n}', at: 'setup', text: 'the initializer is `@init init(…)`' },
  { name: 'a call named init', body: 'export class A {\n  @call init(): void {}\n}', at: 'init()', text: 'the initializer is `@init init(…)`' },
  { name: 'reserved $ name', body: 'export class A {\n  @call $go(): void {}\n}', at: '$go', text: 'entry point names starting with $ are reserved' },
  { name: 'static entry point', body: 'export class A {\n  @call static go(): void {}\n}', at: 'go', text: 'must be a public instance method' },
  { name: 'private entry point', body: 'export class A {\n  @call private go(): void {}\n}', at: 'go', text: 'must be a public instance method' },
  { name: 'two decorators', body: 'export class A {\n  @call @view go(): void {}\n}', at: 'go', text: 'exactly one of @call, @view, @init' },
  { name: 'generator', body: 'export class A {\n  @call *go(): Generator<number> { yield 1 }\n}', at: 'go', text: 'cannot be a generator' },
  { name: 'destructured parameter', body: 'export class A {\n  @call go({ a }: { a: string }): void {}\n}', at: '{ a }', text: 'destructured parameters have no name in the ABI' },
  { name: 'rest parameter', body: 'export class A {\n  @call go(...names: string[]): void {}\n}', at: '...names', text: 'rest parameters are not supported' },
  {
    name: 'duplicate storage names',
    body: "export class A {\n  readonly a = new StorageMap<string, number>('data')\n  readonly b = new StorageValue<number>('data', 0)\n  @call go(): void {}\n}",
    at: "'data', 0",
    text: 'storage name "data" is already used by a',
  },
  {
    name: 'a malformed storage name',
    body: "export class A {\n  readonly a = new StorageMap<string, number>('a:b')\n  @call go(): void {}\n}",
    at: "'a:b'",
    text: `collection name "a:b" may not contain ':' nor start with '$'`,
  },
  {
    name: 'a view that writes',
    body: "export class A {\n  readonly hits = new StorageValue<number>('hits', 0)\n  @view count(): number {\n    return this.#bump()\n  }\n  #bump(): number {\n    const next = this.hits.get() + 1\n    this.hits.set(next)\n    return next\n  }\n}",
    at: 'this.hits.set',
    text: 'count is a @view but changes state here (this.hits.set)',
  },
  {
    name: 'a method changing a Set a field holds',
    body: 'export class A {\n  readonly seen = new Set<string>()\n  @call go(item: string): void {\n    this.seen.add(item)\n  }\n}',
    at: 'this.seen.add(item)',
    text: 'this.seen.add(item) changes what field seen holds: one contract instance serves every call and is frozen',
  },
  {
    name: "an arrow in a method writing into a private field's object",
    body: 'export class A {\n  readonly #totals: Record<string, number> = {}\n  @call go(keys: string[]): void {\n    keys.forEach((k) => { this.#totals[k] = 1 })\n  }\n}',
    at: 'this.#totals[k] = 1',
    text: 'changes what field #totals holds',
  },
  {
    name: 'a counter in an object a field holds',
    body: 'export class A {\n  readonly meta = { count: 0 }\n  @call go(): void {\n    this.meta.count++\n  }\n}',
    at: 'this.meta.count++',
    text: 'changes what field meta holds',
  },
  {
    name: 'unstorable collection value',
    body: "export class A {\n  readonly seen = new StorageMap<string, Set<string>>('seen')\n  @call go(): void {}\n}",
    at: 'readonly seen',
    text: '"seen values" is Set<string>, which is not storable',
  },
]

function locate(source: string, needle: string): { line: number; column: number } {
  const before = source.slice(0, source.indexOf(needle)).split('\n')
  return { line: before.length, column: before.at(-1)!.length + 1 }
}

describe('contract shape', () => {
  it.each(SHAPES)('$name', async ({ body, at, text }) => {
    const source = HEADER + body + '\n'
    const result = await compileSources({ 'contract.ts': source })
    expect(result.artifact).toBeUndefined()
    const error = result.errors.find((e) => e.text.includes(text))
    expect(error, JSON.stringify(result.errors)).toMatchObject({ file: 'contract.ts', ...locate(source, at) })
  })

  it('accepts private and protected helpers, static members, readonly fields and a default export', async () => {
    const result = await compileSources({
      'contract.ts': `${HEADER}class Tally {
  readonly items: string[] = []
  add(item: string): number { return this.items.push(item) }
}
export default class Counter {
  static readonly STEP = 1n
  readonly count = new StorageValue<bigint>('count', 0n)
  readonly label: string = 'counter'
  readonly steps: bigint[] = []
  constructor() { this.steps.push(1n) }
  @call tally(items: string[]): number { const tally = new Tally(); for (const item of items) tally.add(item); return tally.items.length }
  @call sorted(items: string[]): string[] { const copy = [...items]; copy.sort(); return copy }
  @init init(start: bigint): void { this.count.set(start) }
  @call increment(): bigint { return this.#add(Counter.STEP) }
  @view current(): bigint { return this.count.get() }
  protected describe(): string { return this.label }
  #add(n: bigint): bigint { const next = this.count.get() + n; this.count.set(next); return next }
}
`,
    })
    expect(result.errors).toEqual([])
    expect(result.warnings).toEqual([])
    expect(result.artifact!.name).toBe('Counter')
    expect(result.artifact!.abi.methods.map((m) => `${m.kind} ${m.name}`)).toEqual(['call tally', 'call sorted', 'init init', 'call increment', 'view current'])
  })

  it('warns when construction needs a running call: such a contract is built for every call', async () => {
    const source = `${HEADER}import { caller } from 'inkstone'
export class A {
  readonly count = new StorageValue<number>('count', 0)
  readonly atStart = this.count.get()
  readonly later = () => caller()
  constructor() {
    if (caller() === '') throw new Error('no caller')
  }
  @call go(): number { return this.atStart + this.count.get() }
}
`
    const result = await compileSources({ 'contract.ts': source })
    expect(result.errors).toEqual([])
    expect(result.artifact).toBeDefined()
    expect(result.warnings.map((w) => [w.line, w.column, w.text.slice(0, w.text.indexOf(','))])).toEqual([
      [locate(source, 'this.count.get()').line, locate(source, 'this.count.get()').column, 'this.count.get() needs a running call'],
      [locate(source, "caller() === ''").line, locate(source, "caller() === ''").column, 'caller() needs a running call'],
    ])
  })

  describe('inherited entry points', () => {
    const BASE = `${HEADER}export abstract class Counting {
  readonly count = new StorageValue<bigint>('count', 0n)
  @call increment(): bigint { return this.bump(1n) }
  @view current(): bigint { return this.count.get() }
  @call reset(): void { this.count.set(0n) }
  protected bump(n: bigint): bigint { const next = this.count.get() + n; this.count.set(next); return next }
}
`

    it('come from a base class in another file, base first, an override in place', async () => {
      const result = await compileSources({
        'base.ts': BASE,
        'contract.ts': `${HEADER}import { Counting } from './base.ts'
export class Stepper extends Counting {
  readonly step = new StorageValue<bigint>('step', 2n)
  @init init(step: bigint): void { this.step.set(step) }
  @call override increment(): bigint { return this.bump(this.step.get()) }
  @view stepSize(): bigint { return this.step.get() }
}
`,
      })
      expect(result.errors).toEqual([])
      expect(result.artifact!.abi.methods.map((m) => `${m.kind} ${m.name}`)).toEqual(['call increment', 'view current', 'call reset', 'init init', 'view stepSize'])
      // The override runs, and the inherited entry points work on the chain.
      const { chain } = await devChain({ stepper: { artifact: result.artifact!, init: [5n] } })
      expect(chain.call('stepper', 'increment', []).value).toBe(5n)
      expect(chain.call('stepper', 'increment', []).value).toBe(10n)
      expect(chain.call('stepper', 'reset', []).ok).toBe(true)
      expect(chain.call('stepper', 'current', []).value).toBe(0n)
    })

    it('pick the subclass when the base is in the entry file too', async () => {
      const result = await compileSources({ 'contract.ts': `${BASE.replace('export abstract class', 'abstract class')}export class Plain extends Counting {}
` })
      expect(result.errors).toEqual([])
      expect(result.artifact!.name).toBe('Plain')
      expect(result.artifact!.abi.methods.map((m) => m.name)).toEqual(['increment', 'current', 'reset'])
    })

    const BASE_SHAPES: { name: string; base: string; derived: string; at: string; text: string }[] = [
      { name: 'a mutable field in the base', base: 'export class B {\n  hits = 0\n  @call go(): void {}\n}', derived: 'export class A extends B {}', at: 'hits', text: 'field hits must be readonly' },
      { name: 'a public helper in the base', base: 'export class B {\n  helper(): number { return 1 }\n}', derived: 'export class A extends B {\n  @call go(): void {}\n}', at: 'helper', text: 'public method helper is not an entry point' },
      { name: 'an override without its decorator', base: 'export class B {\n  @call go(): void {}\n}', derived: 'export class A extends B {\n  override go(): void {}\n}', at: 'go(): void {}\n}', text: 'public method go is not an entry point' },
      {
        name: 'a storage name used by the base',
        base: "export class B {\n  readonly data = new StorageValue<number>('data', 0)\n  @call go(): void {}\n}",
        derived: "export class A extends B {\n  readonly more = new StorageValue<number>('data', 1)\n}",
        at: "'data', 1",
        text: 'storage name "data" is already used by data',
      },
      {
        name: 'a view that writes through the base',
        base: "export class B {\n  readonly hits = new StorageValue<number>('hits', 0)\n  protected bump(): void { this.hits.set(1) }\n  @call go(): void {}\n}",
        derived: 'export class A extends B {\n  @view peek(): number { this.bump(); return 1 }\n}',
        at: 'this.hits.set',
        text: 'peek is a @view but changes state here (this.hits.set)',
      },
      {
        name: 'a base constructor left without its arguments',
        base: 'export class B {\n  constructor(readonly n: number) {}\n  @call go(): void {}\n}',
        derived: 'export class A extends B {}',
        at: 'readonly n',
        text: 'the contract constructor cannot take parameters',
      },
    ]
    it.each(BASE_SHAPES)('are held to the shape rules: $name', async ({ base, derived, at, text }) => {
      const baseSource = HEADER + base + '\n'
      const result = await compileSources({ 'base.ts': baseSource, 'contract.ts': `${HEADER}import { B } from './base.ts'\n${derived}\n` })
      expect(result.artifact).toBeUndefined()
      const error = result.errors.find((e) => e.text.includes(text))
      const source = error?.file === 'base.ts' ? baseSource : `${HEADER}import { B } from './base.ts'\n${derived}\n`
      expect(error, JSON.stringify(result.errors)).toMatchObject(locate(source, at))
    })
  })
})
