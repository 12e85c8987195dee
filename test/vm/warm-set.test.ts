import { describe, expect, it } from 'vitest'
import { LIMITS } from '../../vm/gas-schedule.ts'
import { MemoryState } from '../../vm/state.ts'
import { Vm, type CallRequest, type ContractCode } from '../../vm/vm.ts'
import { WarmSet } from '../../vm/warm-set.ts'

const MIB = 1024 * 1024

describe('WarmSet', () => {
  it('keeps the most recently used contracts, within a count and a byte budget', () => {
    const warm = new WarmSet()
    for (let i = 0; i < LIMITS.warmContracts; i++) expect(warm.touch(`c${i}`, 1)).toBe(false)
    expect(warm.touch('c0', 1)).toBe(true) // now the most recent
    expect(warm.touch('new', 1)).toBe(false) // evicts c1, the least recent
    expect(warm.has('c1')).toBe(false)
    expect(warm.has('c0')).toBe(true)
    expect(warm.entries().at(-1)).toEqual(['new', 1])
    // Bytes: a fat module pushes out as many as it takes.
    const bytes = new WarmSet([['a', 100 * MIB], ['b', 80 * MIB], ['c', 10 * MIB]])
    expect(bytes.touch('d', 16 * MIB)).toBe(false)
    expect(bytes.entries().map(([hash]) => hash)).toEqual(['b', 'c', 'd'])
    // Restoring gives back exactly what entries() gave.
    const copy = new WarmSet(bytes.entries())
    expect(copy.entries()).toEqual(bytes.entries())
  })

  it('goes back to what a save remembers, copying only once something changes', () => {
    const warm = new WarmSet([['a', 1], ['b', 1]])
    const saved = warm.save()
    warm.touch('b', 1) // already the newest: nothing changes, nothing is copied
    expect(saved.entries).toBeNull()
    warm.touch('a', 1)
    warm.touch('c', 1)
    expect(warm.entries()).toEqual([['b', 1], ['a', 1], ['c', 1]])
    warm.back(saved)
    expect(warm.entries()).toEqual([['a', 1], ['b', 1]])
    warm.touch('c', 1)
    warm.back(saved) // a save stays open until released
    expect(warm.entries()).toEqual([['a', 1], ['b', 1]])
    warm.release(saved)
    warm.touch('c', 1)
    expect(saved.entries).toEqual([['a', 1], ['b', 1]])
  })
})

describe('calls under a warm set', () => {
  const SPIN = 'exports.ok = () => 1\nexports.spin = () => { for (;;) {} }'
  const codes = new Map<string, ContractCode>(['a', 'b'].map((name) => [name, { codeHash: `code-${name}`, bundle: `${SPIN}\nexports.name = () => '${name}'` }]))
  codes.set('caller', { codeHash: 'code-caller', bundle: "const { call } = require('inkstone:host')\nexports.via = (to) => call(to, 'ok', [])" })
  const request = (vm: Vm, warm: WarmSet, contract: string, method: string, gasLimit: number, args: unknown[] = []): CallRequest => ({
    state: new MemoryState(),
    codeOf: (address) => codes.get(address),
    contract,
    method,
    args,
    sender: 'alice',
    block: { blockHeight: 1, blockTime: 1, txHash: 't' },
    gasLimit,
    warm,
  })

  it('a call into a contract outside it pays the load and brings it in; inside, it pays nothing more', async () => {
    const vm = await Vm.create()
    const warm = new WarmSet()
    const price = vm.loadPrice(codes.get('a')!)
    const cold = vm.call(request(vm, warm, 'a', 'ok', 3 * price))
    const again = vm.call(request(vm, warm, 'a', 'ok', 3 * price))
    expect(cold.ok && again.ok).toBe(true)
    expect(cold.gasUsed - again.gasUsed).toBe(price)
    expect(warm.has('code-a')).toBe(true)
    // Cold, the call needs the load and the reserve.
    const b = vm.call(request(vm, warm, 'b', 'ok', 2 * price - 1))
    expect(b).toMatchObject({ ok: false, gasUsed: 2 * price - 1, error: { kind: 'out-of-gas', message: expect.stringMatching(/needs \d+ gas to load its code and \d+ held back/) } })
    // It did not pay, so it did not bring its contract in (its next call is still cold).
    expect(warm.has('code-b')).toBe(false)
  })

  it('with the price on record, a call that cannot pay fails before its code is loaded', async () => {
    const vm = await Vm.create()
    const known = { ...codes.get('a')!, codeHash: 'code-known', loadGas: 900_000 }
    const result = vm.call({ ...request(vm, new WarmSet(), 'k', 'ok', 1_799_999), codeOf: () => known })
    expect(result).toMatchObject({ ok: false, gasUsed: 1_799_999, error: { kind: 'out-of-gas' } })
    expect(vm.stats().loads).toBe(0)
  })

  it('gives the same gas whether a nested callee was cached or the call had to restart to load it', async () => {
    const cached = await Vm.create()
    const fresh = await Vm.create()
    // The callee is cached in one VM only; both start from the same warm set.
    cached.loadPrice(codes.get('b')!)
    const [warmCached, warmFresh] = [new WarmSet(), new WarmSet()]
    const viaCached = cached.call(request(cached, warmCached, 'caller', 'via', 20_000_000, ['b']))
    const viaFresh = fresh.call(request(fresh, warmFresh, 'caller', 'via', 20_000_000, ['b']))
    expect(fresh.stats().restarts).toBe(1)
    expect(viaFresh).toEqual(viaCached)
    expect(warmFresh.entries()).toEqual(warmCached.entries())
  })
})
