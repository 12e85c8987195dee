import { describe, expect, it } from 'vitest'
import type { StorageKey } from '../../stdlib/index.ts'
import { buildSource, devChain } from '../compiler/dev-chain.ts'

const STORE = `import { call, view, StorageMap, StorageSet, StorageValue, StorageVector, type StorageKey } from 'inkstone'

export type Stored = string | number | bigint | boolean | null | Uint8Array | Stored[] | { [key: string]: Stored }

export class Store {
  readonly map = new StorageMap<string, Stored>('map')
  readonly value = new StorageValue<Stored>('value', 'unset')
  readonly list = new StorageVector<Stored>('list')
  readonly keyed = new StorageMap<StorageKey, string>('keyed')
  readonly members = new StorageSet<StorageKey>('members')

  @call put(key: string, value: Stored): void { this.map.set(key, value) }
  @view get(key: string): Stored { return this.map.get(key, 'absent') }
  @view has(key: string): boolean { return this.map.has(key) }
  @call remove(key: string): void { this.map.delete(key) }
  @view page(after?: string, limit?: number): [string, Stored][] {
    return this.map.entries(after === undefined ? (limit === undefined ? {} : { limit }) : limit === undefined ? { after } : { after, limit })
  }
  @view keys(): string[] { return this.map.keys() }

  @call setValue(value: Stored): void { this.value.set(value) }
  @view getValue(): Stored { return this.value.get() }

  @call push(value: Stored): number { return this.list.push(value) }
  @call pop(): Stored { return this.list.pop() ?? 'empty' }
  @call setAt(index: number, value: Stored): void { this.list.set(index, value) }
  @view at(index: number): Stored { return this.list.get(index) ?? 'out of range' }
  @view all(): Stored[] { return [...this.list] }
  @view length(): number { return this.list.length }

  @call putKeyed(key: Uint8Array | string | number | bigint | boolean, value: string): void { this.keyed.set(key, value) }
  @view keyedEntries(): [Uint8Array | string | number | bigint | boolean, string][] { return this.keyed.entries() }
  @call add(member: Uint8Array | string | number | bigint | boolean): void { this.members.add(member) }
  @call drop(member: Uint8Array | string | number | bigint | boolean): void { this.members.delete(member) }
  @view isMember(member: Uint8Array | string | number | bigint | boolean): boolean { return this.members.has(member) }
  @view memberList(): (Uint8Array | string | number | bigint | boolean)[] { return this.members.values() }
}
`

type Stored = string | number | bigint | boolean | null | Uint8Array | Stored[] | { [key: string]: Stored }

/** One value of every canonical type and shape the collections store. (A top-level null is left
 * out: the VM treats storing null as a delete, see the report in docs/compiler.md.) */
const VALUES: [string, Stored][] = [
  ['empty string', ''],
  ['unicode string', 'héllo, 世界 🌍'],
  ['integer', 42],
  ['negative fraction', -1.5],
  ['largest safe integer', Number.MAX_SAFE_INTEGER],
  ['zero bigint', 0n],
  ['negative huge bigint', -(2n ** 200n) + 1n],
  ['true', true],
  ['false', false],
  ['empty bytes', new Uint8Array()],
  ['bytes', new Uint8Array([0, 1, 127, 128, 255])],
  ['empty array', []],
  ['nested arrays', [[1n, [true, null]], ['x']]],
  ['empty object', {}],
  ['nested object', { z: { y: [1, 2n, new Uint8Array([9])], n: null }, a: 'first', 'key with space': false }],
]

const KEYS: StorageKey[] = ['b', 'a', '', 7, -2.5, 0, 10n ** 30n, -3n, true, false, new Uint8Array([0xca, 0xfe]), new Uint8Array()]

describe('storage collections', async () => {
  const artifact = await buildSource(STORE)
  const deploy = async () => (await devChain({ store: { artifact } })).chain
  const call = (chain: Awaited<ReturnType<typeof deploy>>, method: string, ...args: unknown[]) => {
    const result = chain.call('store', method, args)
    if (!result.ok) throw new Error(`${method}: ${result.error!.message}`)
    return result.value
  }

  it('round-trips every canonical type through StorageMap, StorageValue and StorageVector', async () => {
    const chain = await deploy()
    for (const [name, value] of VALUES) {
      call(chain, 'put', name, value)
      call(chain, 'setValue', value)
      call(chain, 'push', value)
      expect(call(chain, 'get', name), name).toEqual(value)
      expect(call(chain, 'getValue'), name).toEqual(value)
      expect(call(chain, 'at', call(chain, 'length') as number - 1), name).toEqual(value)
    }
    expect(call(chain, 'all')).toEqual(VALUES.map(([, value]) => value))
  })

  it('StorageMap: has, delete, fallback, pages in key order', async () => {
    const chain = await deploy()
    expect(call(chain, 'get', 'nope')).toBe('absent')
    for (const key of ['delta', 'alpha', 'charlie', 'bravo']) call(chain, 'put', key, key.length)
    expect(call(chain, 'has', 'alpha')).toBe(true)
    call(chain, 'remove', 'alpha')
    expect(call(chain, 'has', 'alpha')).toBe(false)
    expect(call(chain, 'keys')).toEqual(['bravo', 'charlie', 'delta'])
    expect(call(chain, 'page', 'bravo', 1)).toEqual([['charlie', 7]])
    // null skips an optional parameter (canonical values have no undefined)
    expect(call(chain, 'page', null, 2)).toEqual([['bravo', 5], ['charlie', 7]])
  })

  it('StorageValue: the fallback until set', async () => {
    const chain = await deploy()
    expect(call(chain, 'getValue')).toBe('unset')
  })

  it('StorageVector: push, pop, set, bounds', async () => {
    const chain = await deploy()
    expect(call(chain, 'pop')).toBe('empty')
    expect(call(chain, 'push', 'a')).toBe(1)
    expect(call(chain, 'push', 'b')).toBe(2)
    call(chain, 'setAt', 0, 'A')
    expect(chain.call('store', 'setAt', [2, 'C']).error?.message).toBe('index 2 is out of range for a vector of length 2')
    expect(call(chain, 'at', 5)).toBe('out of range')
    expect(call(chain, 'at', 0.5)).toBe('out of range')
    expect(call(chain, 'pop')).toBe('b')
    expect(call(chain, 'all')).toEqual(['A'])
    expect(call(chain, 'length')).toBe(1)
  })

  it('keys of every key type round-trip, in the order of their encoding', async () => {
    const chain = await deploy()
    for (const [i, key] of KEYS.entries()) {
      call(chain, 'putKeyed', key, `v${i}`)
      call(chain, 'add', key)
    }
    const entries = call(chain, 'keyedEntries') as [StorageKey, string][]
    expect(entries).toHaveLength(KEYS.length)
    for (const [key, value] of entries) expect(key).toEqual(KEYS[Number(value.slice(1))])
    // Strings come out in byte order; every key type keeps its own (tagged) range.
    expect(entries.filter(([key]) => typeof key === 'string').map(([key]) => key)).toEqual(['', 'a', 'b'])
    expect(new Set(call(chain, 'memberList') as StorageKey[])).toEqual(new Set(KEYS))
    expect(call(chain, 'isMember', new Uint8Array([0xca, 0xfe]))).toBe(true)
    call(chain, 'drop', 10n ** 30n)
    expect(call(chain, 'isMember', 10n ** 30n)).toBe(false)
    // Keys of different types never collide: 7, 7n and '7' are three keys.
    call(chain, 'putKeyed', '7', 'string')
    call(chain, 'putKeyed', 7n, 'bigint')
    expect((call(chain, 'keyedEntries') as unknown[]).length).toBe(KEYS.length + 2)
  })

  it('checks collection names at run time too: the compiler vouches only for the literal ones it saw', async () => {
    const source = `import { call, StorageMap } from 'inkstone'
export class Named {
  readonly fixed = new StorageMap<string, number>('fixed')
  @call open(name: string): void { new StorageMap<string, number>(name).set('k', 1) }
}
`
    const named = await buildSource(source)
    expect(named.bundle).toContain('trustCollectionNames(["fixed"])')
    const { chain } = await devChain({ named: { artifact: named } })
    expect(chain.call('named', 'open', ['other']).ok).toBe(true)
    expect(chain.call('named', 'open', ['a:b']).error?.message).toBe(`collection name "a:b" may not contain ':' nor start with '$'`)
    expect(chain.call('named', 'open', ['$init']).error?.message).toBe(`collection name "$init" may not contain ':' nor start with '$'`)
  })
})
