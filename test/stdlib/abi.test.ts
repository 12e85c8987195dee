import { describe, expect, it } from 'vitest'
import { argsCheck, checkArgs, checkValue, describeType, type AbiMethod, type AbiType } from '../../stdlib/abi.ts'

const TYPES: Record<string, AbiType> = {
  Tree: { object: [{ name: 'value', type: 'number' }, { name: 'children', type: { array: { ref: 'Tree' } } }] },
  Choice: { union: [{ literal: 'no' }, { literal: 'yes' }] },
}

const DESCRIBED: [AbiType | 'void', string][] = [
  ['bytes', 'Uint8Array'],
  ['void', 'void'],
  [{ literal: 'a' }, "'a'"],
  [{ literal: 3 }, '3'],
  [{ array: { union: ['string', 'null'] } }, '(string | null)[]'],
  [{ array: { array: 'bigint' } }, 'bigint[][]'],
  [{ tuple: ['string', 'bytes'] }, '[string, Uint8Array]'],
  [{ record: 'boolean' }, 'Record<string, boolean>'],
  [{ object: [] }, '{}'],
  [{ object: [{ name: 'a', type: 'string' }, { name: 'b', type: { ref: 'Tree' }, optional: true }] }, '{ a: string; b?: Tree }'],
]

const CHECKED: { type: AbiType; value: unknown; problem?: string }[] = [
  { type: 'number', value: 1.5 },
  { type: 'number', value: Number.NaN, problem: '"x" expected number, got number NaN' },
  { type: 'number', value: Infinity, problem: '"x" expected number, got number Infinity' },
  { type: 'bigint', value: 1, problem: '"x" expected bigint, got number 1' },
  { type: 'bytes', value: [1, 2], problem: '"x" expected Uint8Array, got array' },
  { type: 'number', value: 'y'.repeat(40), problem: `"x" expected number, got string "${'y'.repeat(32)}…"` },
  { type: { array: 'bytes' }, value: new Uint8Array(2), problem: '"x" expected Uint8Array[], got Uint8Array' },
  { type: { tuple: ['string', 'number'] }, value: ['a', 1] },
  { type: { tuple: ['string', 'number'] }, value: ['a'], problem: '"x" expected [string, number], got array' },
  { type: { record: 'number' }, value: [], problem: '"x" expected Record<string, number>, got array' },
  { type: { ref: 'Tree' }, value: { value: 1, children: [{ value: 2, children: [] }] } },
  { type: { ref: 'Tree' }, value: { value: 1, children: [{ value: 2 }] }, problem: '"x.children[0].children" is missing (expected Tree[])' },
  { type: { ref: 'Tree' }, value: null, problem: '"x" expected Tree, got null' },
  { type: { ref: 'Choice' }, value: 'maybe', problem: `"x" expected 'no' | 'yes', got string "maybe"` },
  { type: { ref: 'Nope' }, value: 1, problem: '"x" has unknown type Nope' },
  { type: { object: [{ name: 'a', type: 'string', optional: true }] }, value: {} },
  { type: { object: [] }, value: new Uint8Array(), problem: '"x" expected {}, got Uint8Array' },
]

describe('ABI checks', () => {
  it.each(DESCRIBED)('describes %j as %s', (type, text) => {
    expect(describeType(type)).toBe(text)
  })

  it.each(CHECKED)('checks $value against $type', ({ type, value, problem }) => {
    expect(checkValue(type, value, TYPES, 'x')).toBe(problem)
  })

  it('stops at canonical nesting depth on recursive types', () => {
    let deep: unknown = { value: 0, children: [] }
    for (let i = 0; i < 40; i++) deep = { value: i, children: [deep] }
    expect(checkValue({ ref: 'Tree' }, deep, TYPES, 'x')).toMatch(/^"x(\.children\[0\])+\.value" is nested too deeply$/)
  })

  it('checks arguments: count, missing, skipped optionals', () => {
    const method: AbiMethod = { name: 'm', kind: 'call', params: [{ name: 'a', type: 'string' }, { name: 'b', type: 'number', optional: true }, { name: 'c', type: 'bigint', optional: true }], returns: 'void' }
    expect(checkArgs(method, ['x'], TYPES)).toBeUndefined()
    expect(checkArgs(method, ['x', null, 1n], TYPES)).toBeUndefined()
    expect(checkArgs(method, ['x', undefined, 1n], TYPES)).toBeUndefined()
    expect(checkArgs(method, [], TYPES)).toBe('m: argument "a" is missing (expected string)')
    expect(checkArgs(method, [null], TYPES)).toBe('m: argument "a" expected string, got null')
    expect(checkArgs({ ...method, params: [method.params[0]!] }, ['x', 1], TYPES)).toBe('m: expected at most 1 argument, got 2')
  })

  it('argsCheck answers as checkArgs, with and without its typeof fast path', () => {
    const param = (name: string, type: AbiType, optional?: true) => ({ name, type, ...(optional && { optional }) })
    const methods: AbiMethod[] = [
      { name: 'simple', kind: 'call', params: [param('to', 'string'), param('n', 'number'), param('amount', 'bigint'), param('flag', 'boolean')], returns: 'void' },
      { name: 'none', kind: 'view', params: [], returns: 'void' },
      { name: 'optional', kind: 'call', params: [param('to', 'string'), param('memo', 'string', true)], returns: 'void' },
      { name: 'complex', kind: 'call', params: [param('to', 'string'), param('tree', { ref: 'Tree' })], returns: 'void' },
    ]
    const values = ['x', '', 1, 0.5, NaN, Infinity, -Infinity, 1n, true, false, null, undefined, [], {}, new Uint8Array(1), { value: 1, children: [] }]
    const argLists: unknown[][] = [[], ['x'], ['x', 1, 1n, true], ['x', 1, 1n, true, 'extra'], ['x', 1, 1n]]
    for (const a of values) for (const b of values) argLists.push([a, b], ['x', a, 1n, b], [a, 1, b, true])
    for (const method of methods) {
      const check = argsCheck(method, TYPES)
      for (const args of argLists) expect(check(args), `${method.name}(${args.map(String)})`).toBe(checkArgs(method, args, TYPES))
    }
  })
})
