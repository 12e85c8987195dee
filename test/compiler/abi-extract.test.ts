import { describe, expect, it } from 'vitest'
import type { AbiType } from '../../stdlib/abi.ts'
import { compileSources } from './dev-chain.ts'

/** A contract with one view taking and returning `type`, `declarations` at module level. */
const echo = (type: string, declarations = '') => `import { view } from 'inkstone'
${declarations}
export class C {
  @view
  echo(value: ${type}): ${type} {
    return value
  }
}
`

const SUPPORTED: { type: string; declarations?: string; abi: AbiType; types?: Record<string, AbiType> }[] = [
  { type: 'string', abi: 'string' },
  { type: 'number', abi: 'number' },
  { type: 'bigint', abi: 'bigint' },
  { type: 'boolean', abi: 'boolean' },
  { type: 'Uint8Array', abi: 'bytes' },
  { type: 'null', abi: 'null' },
  { type: 'string[]', abi: { array: 'string' } },
  { type: 'readonly bigint[]', abi: { array: 'bigint' } },
  { type: 'Array<Uint8Array>', abi: { array: 'bytes' } },
  { type: '[string, number]', abi: { tuple: ['string', 'number'] } },
  { type: '{ to: string; memo?: string }', abi: { object: [{ name: 'to', type: 'string' }, { name: 'memo', type: 'string', optional: true }] } },
  { type: "'no' | 'yes'", abi: { union: [{ literal: 'no' }, { literal: 'yes' }] } },
  { type: "'yes' | 'no'", abi: { union: [{ literal: 'no' }, { literal: 'yes' }] } },
  { type: '1 | 2 | true', abi: { union: [{ literal: 1 }, { literal: 2 }, { literal: true }] } },
  { type: 'string | null', abi: { union: ['null', 'string'] } },
  { type: '(bigint | string)[]', abi: { array: { union: ['bigint', 'string'] } } },
  { type: 'Record<string, bigint>', abi: { record: 'bigint' } },
  { type: 'Color', declarations: "enum Color { Red = 'red', Blue = 'blue' }", abi: { ref: 'Color' }, types: { Color: { union: [{ literal: 'blue' }, { literal: 'red' }] } } },
  { type: 'Amount', declarations: 'type Amount = bigint', abi: 'bigint' },
  {
    type: 'Point',
    declarations: 'interface Point { x: number; y: number }',
    abi: { ref: 'Point' },
    types: { Point: { object: [{ name: 'x', type: 'number' }, { name: 'y', type: 'number' }] } },
  },
  {
    type: 'Vote',
    declarations: "type Vote = { choice: Choice; weight: bigint }\ntype Choice = 'yes' | 'no'",
    abi: { ref: 'Vote' },
    types: {
      Choice: { union: [{ literal: 'no' }, { literal: 'yes' }] },
      Vote: { object: [{ name: 'choice', type: { ref: 'Choice' } }, { name: 'weight', type: 'bigint' }] },
    },
  },
  {
    type: 'Tree',
    declarations: 'interface Tree { value: number; children: Tree[] }',
    abi: { ref: 'Tree' },
    types: { Tree: { object: [{ name: 'value', type: 'number' }, { name: 'children', type: { array: { ref: 'Tree' } } }] } },
  },
  { type: 'Pair<string>', declarations: 'interface Pair<T> { a: T; b: T }', abi: { object: [{ name: 'a', type: 'string' }, { name: 'b', type: 'string' }] } },
  { type: '{ a: string } & { b: number }', abi: { object: [{ name: 'a', type: 'string' }, { name: 'b', type: 'number' }] } },
]

const UNSUPPORTED: { type: string; declarations?: string; text: string }[] = [
  { type: 'Date', text: '"value" is Date, which is not a canonical value' },
  { type: 'Map<string, number>', text: '"value" is Map<string, number>, which is not a canonical value' },
  { type: 'any', text: '"value" is any, which cannot be checked' },
  { type: 'unknown', text: '"value" is unknown, which cannot be checked' },
  { type: '{ when: string | undefined }', text: '"value.when" is undefined, which is not a canonical value: use null' },
  { type: '() => void', text: '"value" is () => void: functions are not canonical values' },
  { type: '{ f(): void }', text: '"value.f" is a method' },
  { type: '1n', text: '"value" is the bigint literal 1n: use bigint' },
  { type: '[string, number?]', text: 'tuples with optional or rest elements are not supported' },
  { type: '{ [n: number]: string }', text: 'an index signature must be the only member and have string keys' },
  { type: 'Account', declarations: 'class Account { name = "" }', text: '"value" is Account, which is not a canonical value (only plain objects are)' },
  { type: 'symbol', text: '"value" is symbol, which is not a canonical value' },
  { type: 'Info', declarations: "import type { Info as Other } from './other.ts'\ninterface Info { a: Other }", text: 'two different types are named Info' },
]

describe('ABI types from TypeScript types', () => {
  it.each(SUPPORTED)('$type', async ({ type, declarations, abi, types = {} }) => {
    const result = await compileSources({ 'contract.ts': echo(type, declarations) })
    expect(result.errors).toEqual([])
    expect(result.artifact!.abi).toEqual({ methods: [{ name: 'echo', kind: 'view', params: [{ name: 'value', type: abi }], returns: abi }], events: [], types })
  })

  it.each(UNSUPPORTED)('refuses $type', async ({ type, declarations, text }) => {
    const source = echo(type, declarations)
    const result = await compileSources({ 'contract.ts': source, 'other.ts': 'export interface Info { b: string }' })
    expect(result.artifact).toBeUndefined()
    const line = source.split('\n').findIndex((text) => text.includes('echo(')) + 1
    expect(result.errors[0]).toMatchObject({ file: 'contract.ts', line, code: 'abi' })
    expect(result.errors[0]!.text).toContain(text)
  })

  it('makes optional and defaulted parameters optional, void results void', async () => {
    const result = await compileSources({
      'contract.ts': `import { call } from 'inkstone'
export class C {
  @call
  put(key: string, note?: string, times = 1): void {}
}
`,
    })
    expect(result.artifact!.abi.methods).toEqual([
      {
        name: 'put',
        kind: 'call',
        params: [{ name: 'key', type: 'string' }, { name: 'note', type: 'string', optional: true }, { name: 'times', type: 'number', optional: true }],
        returns: 'void',
      },
    ])
  })

  it('refuses undefined in a result', async () => {
    const result = await compileSources({
      'contract.ts': `import { view, StorageMap } from 'inkstone'
export class C {
  readonly m = new StorageMap<string, bigint>('m')
  @view
  get(key: string) {
    return this.m.get(key)
  }
}
`,
    })
    expect(result.errors).toMatchObject([{ line: 5, code: 'abi', text: expect.stringContaining('"get()" is undefined, which is not a canonical value: use null') }])
  })

  it('takes events from Contract<Events>, through intermediate base classes', async () => {
    const result = await compileSources({
      'contract.ts': `import { call, Contract } from 'inkstone'
interface Events { Ping: { n: number }; Named: Point }
interface Point { x: number }
abstract class Base<E extends object> extends Contract<E> {}
export class C extends Base<Events> {
  @call
  ping(): void {
    this.emit('Ping', { n: 1 })
  }
}
`,
    })
    expect(result.errors).toEqual([])
    expect(result.artifact!.abi.events).toEqual([
      { name: 'Ping', type: { object: [{ name: 'n', type: 'number' }] } },
      { name: 'Named', type: { ref: 'Point' } },
    ])
    expect(result.artifact!.abi.types).toEqual({ Point: { object: [{ name: 'x', type: 'number' }] } })
  })

  it('refuses an event type that is not canonical', async () => {
    const result = await compileSources({
      'contract.ts': `import { call, Contract } from 'inkstone'
export class C extends Contract<{ Tick: { at: Date } }> {
  @call
  tick(): void {}
}
`,
    })
    expect(result.errors).toMatchObject([{ line: 2, code: 'abi', text: expect.stringContaining('"Tick.at" is Date') }])
  })
})
