import { describe, expect, it } from 'vitest'
import { decode } from '../../vm/canonical.ts'
import { testChain, TOKEN } from './harness.ts'

describe('vm calls', () => {
  it('runs a token: mint, transfer with event, view, revert', async () => {
    const chain = await testChain({ token: TOKEN })
    expect(chain.call('token', 'mint', ['alice', 100n]).ok).toBe(true)
    const transfer = chain.call('token', 'transfer', ['bob', 30n])
    expect(transfer).toMatchObject({ ok: true, value: true })
    expect(transfer.events).toEqual([{ contract: 'token', name: 'Transfer', data: { from: 'alice', to: 'bob', amount: 30n } }])
    expect(chain.call('token', 'balanceOf', ['bob']).value).toBe(30n)
    const revert = chain.call('token', 'transfer', ['bob', 1000n])
    expect(revert.ok).toBe(false)
    expect(revert.error).toMatchObject({ kind: 'revert', name: 'RevertError', message: 'insufficient balance' })
    expect(revert.events).toEqual([])
    expect(revert.writes.size).toBe(0)
    expect(chain.call('token', 'balanceOf', ['alice']).value).toBe(70n)
  })

  it('discards writes and events of a call that fails after writing', async () => {
    const chain = await testChain({
      c: `const { storage, emit } = require('inkstone:host')
exports.f = () => { storage.set('k', 1); emit('E', 1); throw new TypeError('boom') }
exports.get = () => storage.get('k') ?? null`,
    })
    const result = chain.call('c', 'f')
    expect(result.error).toMatchObject({ kind: 'error', name: 'TypeError', message: 'boom' })
    expect(result.events).toEqual([])
    expect(chain.call('c', 'get').value).toBe(null)
  })

  it('shows objects in canonical key order both ways, however the host or contract built them', async () => {
    const chain = await testChain({
      c: `exports.keys = (o) => Object.keys(o).join(',')
exports.make = () => ({ b: 1, a: 2, c: { z: 1, y: 2 } })`,
    })
    // The node hands a contract its arguments decoded from canonical bytes (keys sorted); an
    // in-process caller must not be able to present another order, or tests and chain diverge.
    expect(chain.call('c', 'keys', [{ b: 1, a: 2, C: 3 }]).value).toBe('C,a,b')
    const made = chain.call('c', 'make').value as Record<string, Record<string, unknown>>
    expect(Object.keys(made)).toEqual(['a', 'b', 'c'])
    expect(Object.keys(made.c!)).toEqual(['y', 'z'])
  })

  it('lets ordinary allocation-heavy code run within the default memory limit', async () => {
    // Hex-encoding 4 KiB a character pair at a time counts ~17 MB of joins (the meter never
    // credits the strings each step frees); 100,000 small objects count ~9 MB.
    const chain = await testChain({
      c: `exports.hex = () => { let s = ''; for (let i = 0; i < 4096; i++) s += (i & 255).toString(16).padStart(2, '0'); return s.length }
exports.objects = () => { const a = []; for (let i = 0; i < 100000; i++) a.push({ i }); return a.length }`,
    })
    expect(chain.call('c', 'hex', [], { gasLimit: 100_000_000 })).toMatchObject({ ok: true, value: 8192 })
    const objects = chain.call('c', 'objects', [], { gasLimit: 100_000_000 })
    expect(objects).toMatchObject({ ok: true, value: 100000 })
    // 100,000 × (a one-property literal, 64 bytes, and its push, 8) and a little more.
    expect(objects.memoryUsed).toBeGreaterThan(7_200_000)
    expect(objects.memoryUsed).toBeLessThan(7_300_000)
  })

  it('returns every canonical type and rejects non-canonical results', async () => {
    const chain = await testChain({
      c: `exports.all = () => ({ n: null, b: true, x: 1.5, i: -(2n ** 200n), s: 'é', u: new Uint8Array([1, 2]), a: [[]], o: {} })
exports.undef = () => undefined
exports.cls = () => new Map()
exports.nan = () => NaN
exports.getter = () => ({ get x() { return 1 } })`,
    })
    expect(chain.call('c', 'all').value).toEqual({ n: null, b: true, x: 1.5, i: -(2n ** 200n), s: 'é', u: new Uint8Array([1, 2]), a: [[]], o: {} })
    expect(chain.call('c', 'undef').error?.message).toMatch(/undefined is not encodable/)
    expect(chain.call('c', 'cls').error?.message).toMatch(/only plain objects/)
    expect(chain.call('c', 'nan').error?.message).toMatch(/NaN is not encodable/)
    expect(chain.call('c', 'getter').value).toEqual({ x: 1 }) // read like the host's encoder: with [[Get]]
  })

  it('passes arguments of every type, and reports unknown methods', async () => {
    const chain = await testChain({ c: `exports.echo = (...args) => args` })
    const args = [1n, new Uint8Array([9]), { a: [true, null] }, 'x', 2.5]
    expect(chain.call('c', 'echo', args).value).toEqual(args)
    expect(chain.call('c', 'nope').error?.message).toMatch(/no method "nope"/)
    expect(chain.call('c', 'toString').error?.message).toMatch(/no method "toString"/)
  })

  it('stores null as a value, distinct from a deleted key', async () => {
    const chain = await testChain({
      c: `const { storage } = require('inkstone:host')
exports.put = () => { storage.set('n', null); storage.set('d', 1); storage.delete('d'); return [storage.has('n'), storage.has('d')] }
exports.read = () => [storage.has('n'), storage.get('n') === null, storage.has('d')]`,
    })
    expect(chain.call('c', 'put').value).toEqual([true, false])
    expect(chain.call('c', 'read').value).toEqual([true, true, false])
  })

  it('hands over every written key with its last value, in order of first write, across flushes', async () => {
    const chain = await testChain({
      c: `const { storage, emit } = require('inkstone:host')
exports.put = (n) => {
  for (let round = 0; round < 3; round++) for (let i = 0; i < n; i++) storage.set('k' + i, round * 100 + i)
  emit('E', null) // no flush of its own: writes and events go together
  storage.entries('k', { limit: 1 }) // flushes
  for (let i = n - 1; i >= 0; i--) storage.set('k' + i, -i)
  return null
}`,
    })
    // Short lists are searched, long ones indexed (prelude markWritten): both sides of the switch.
    for (const n of [3, 8, 9, 20]) {
      const result = chain.call('c', 'put', [n])
      expect(result.ok).toBe(true)
      const writes = [...result.writes.get('c')!].map(([key, value]) => [key, decode(value!)])
      expect(writes).toEqual(Array.from({ length: n }, (_, i) => [`k${i}`, i === 0 ? 0 : -i]))
    }
  })

  it('iterates storage by prefix in key order, including unflushed writes', async () => {
    const chain = await testChain({
      c: `const { storage } = require('inkstone:host')
exports.seed = () => { for (const k of ['b/2', 'b/1', 'a/1', 'b/3']) storage.set(k, k); return null }
exports.scan = () => { storage.set('b/0', 'new'); storage.delete('b/2'); return storage.entries('b/', { limit: 10 }) }
exports.page = () => storage.entries('b/', { after: 'b/1', limit: 1 })`,
    })
    chain.call('c', 'seed')
    expect(chain.call('c', 'scan').value).toEqual([['b/0', 'new'], ['b/1', 'b/1'], ['b/3', 'b/3']])
    expect(chain.call('c', 'page').value).toEqual([['b/3', 'b/3']])
  })

  it('captures console.log without making it consensus data', async () => {
    const chain = await testChain({ c: `exports.f = (x) => { console.log('x is', x, { y: 1n }); return 1 }` })
    const result = chain.call('c', 'f', [5])
    expect(result.logs).toEqual([{ contract: 'c', method: 'f', depth: 0, message: 'x is 5 {"y":1n}' }])
  })

  it('shows log arguments of every kind, and prices them by their encoded bytes', async () => {
    const chain = await testChain({
      c: `exports.kinds = () => { console.log(1.5, -0, 2n ** 70n, true, null, new Uint8Array([0, 255]), ['a', { 'k"': [] }], undefined, () => 1, 'é\ud800'); return 1 }
exports.big = (n) => { const v = ['y'.repeat(n)]; console.log(v); return 1 }
exports.long = (n, log) => { const s = 'y'.repeat(n); if (log) console.log(s); return 1 }`,
    })
    expect(chain.call('c', 'kinds').logs.map((line) => line.message)).toEqual([
      '1.5 0 1180591620717411303424n true null 0x00ff ["a",{"k\\"":[]}] [undefined] [function] é\uFFFD',
    ])
    // Encoding a large argument is work: a line costs its bytes, though all but 4 KiB of it is dropped.
    const small = chain.call('c', 'big', [10]).gasUsed
    const big = chain.call('c', 'big', [100_000])
    expect(big.gasUsed - small).toBeGreaterThan(100_000)
    expect(big.logs[0]!.message).toBe('[object]')
    // A string argument keeps its first 4,096 characters, and pays for those alone.
    const long = chain.call('c', 'long', [1_000_000, true])
    expect(long.logs[0]!.message).toBe('y'.repeat(4096))
    expect(long.gasUsed - chain.call('c', 'long', [1_000_000, false]).gasUsed).toBeLessThan(4096 + 100)
  })

  it('keeps console.log lines in execution order across nested calls', async () => {
    const chain = await testChain({
      a: `const { call } = require('inkstone:host')
exports.f = () => { console.log('a before'); call('b', 'g', []); console.log('a after'); return 1 }`,
      b: `exports.g = () => { console.log('b inside'); return 2 }`,
    })
    const result = chain.call('a', 'f')
    expect(result.logs.map(({ contract, method, depth, message }) => `${depth} ${contract}.${method}: ${message}`)).toEqual([
      '0 a.f: a before',
      '1 b.g: b inside',
      '0 a.f: a after',
    ])
  })

  it('reports a failure stack in bundle coordinates, contract frames only, whatever the caches hold', async () => {
    const source = `const { revert } = require('inkstone:host')
function inner(x) {
  if (x > 1) revert('too big: ' + x)
  return x
}
exports.f = (x) => { return inner(x) + 1 }`
    // QuickJS places a call frame at its "(": line 3 column 20, line 6 column 34 of the bundle.
    const expected = '    at inner (bundle:3:20)\n    at <anonymous> (bundle:6:34)'
    expect((await testChain({ c: source })).call('c', 'f', [5]).error?.stack).toBe(expected)
    // Receipts carry the stack: it must not depend on this node's script cache (empty here).
    expect((await testChain({ c: source }, { maxContexts: 0 })).call('c', 'f', [5]).error?.stack).toBe(expected)
  })

  it('refuses a sender, contract or tx hash that would break the call header', async () => {
    const chain = await testChain({ token: TOKEN, 'tok\u001fen': TOKEN })
    for (const sender of ['al\u001fice', 'al\u0000ice']) {
      expect(() => chain.call('token', 'balanceOf', ['bob'], { sender })).toThrow(/must not contain U\+0000 or U\+001F/)
    }
    expect(() => chain.call('tok\u001fen', 'balanceOf', ['bob'])).toThrow(/must not contain U\+0000 or U\+001F/)
    const request = { state: chain.state, codeOf: () => ({ codeHash: 'code-token', bundle: TOKEN }), contract: 'token', method: 'balanceOf', args: ['bob'], sender: 'alice', gasLimit: 1_000_000 }
    expect(() => chain.vm.call({ ...request, block: { blockHeight: 1, blockTime: 1, txHash: 'tx\u001f1' } })).toThrow(/must not contain U\+0000 or U\+001F/)
    expect(chain.vm.call({ ...request, block: { blockHeight: 1, blockTime: 1, txHash: 'tx1' } })).toMatchObject({ ok: true, value: 0n })
  })

  it('keeps the module state of cached contexts within maxCachedInitBytes, dropping the least recently used', async () => {
    // Each module holds 4 Mi characters (8 MiB by the meter, two bytes a character).
    const fat = (n: number) => `const state = '${'abcd'[n]}'.repeat(4 * 2 ** 20)\nexports.f = () => state.length + ${n}`
    const chain = await testChain({ a: fat(0), b: fat(1), c: fat(2), d: fat(3) }, { maxCachedInitBytes: 20 * 2 ** 20 })
    for (const [i, name] of ['a', 'b', 'c', 'd', 'a'].entries()) {
      expect(chain.call(name, 'f').value).toBe(4 * 2 ** 20 + 'abcd'.indexOf(name))
      expect(chain.vm.stats().cached).toBe(Math.min(i + 1, 2))
    }
    // The least recently used went: 'a' was loaded again, 'd' stayed warm.
    expect(chain.vm.stats().loads).toBe(5)
    chain.call('d', 'f')
    expect(chain.vm.stats().loads).toBe(5)
  })

  it('keeps at most maxContexts contexts, dropping the least recently used, and counts what it keeps after discards', async () => {
    const chain = await testChain({ a: 'exports.f = () => 1', b: 'exports.f = () => 2', c: 'exports.f = () => 3', x: 'exports.f = () => { for (;;) {} }' }, { maxContexts: 2 })
    for (const name of ['a', 'b', 'c', 'a']) chain.call(name, 'f')
    expect(chain.vm.stats()).toMatchObject({ loads: 4, cached: 2 }) // 'a' went for 'c', then 'b' for 'a'
    chain.call('c', 'f')
    expect(chain.vm.stats()).toMatchObject({ loads: 4, cached: 2 })
    chain.call('x', 'f', [], { gasLimit: 1_000_000 }) // out of gas: its context is discarded
    expect(chain.vm.stats()).toMatchObject({ loads: 5, discards: 1, cached: 1 })
    for (const name of ['a', 'c']) chain.call(name, 'f')
    expect(chain.vm.stats()).toMatchObject({ loads: 6, cached: 2 })
  })

  it('prepares and compiles again codes evicted past maxCachedScriptBytes, with the same results, gas and stacks', async () => {
    const contracts = {
      token: TOKEN,
      reverts: `exports.f = (x) => { if (x > 1) require('inkstone:host').revert('too big: ' + x); return x }`,
      broken: 'exports.f = (',
    }
    // maxContexts 0: every call loads its code, from the script cache or, when evicted, from scratch.
    const roomy = await testChain(contracts, { maxContexts: 0 })
    const tight = await testChain(contracts, { maxContexts: 0, maxCachedScriptBytes: 0 })
    const calls: [string, string, unknown[]][] = [['token', 'mint', ['alice', 100n]], ['reverts', 'f', [5]], ['token', 'transfer', ['bob', 30n]], ['reverts', 'f', [1]], ['token', 'balanceOf', ['bob']]]
    for (const [contract, method, args] of calls) expect(tight.call(contract, method, args)).toEqual(roomy.call(contract, method, args))
    for (const chain of [roomy, tight]) expect(() => chain.call('broken', 'f')).toThrow(/failed to load|Unexpected|expecting/)
  })

  it('exposes the call context', async () => {
    const chain = await testChain({ c: `exports.ctx = () => require('inkstone:host').context()` })
    expect(chain.call('c', 'ctx', [], { sender: 'carol' }).value).toEqual({
      caller: 'carol', origin: 'carol', self: 'c', blockHeight: 1, blockTime: 1_700_000_000_001, txHash: 'tx1',
    })
  })
})

describe('template literals', () => {
  it('join their parts as QuickJS does (ToString of each substitution), priced once by length', async () => {
    const chain = await testChain({
      c: `const o = { toString() { return 'T' }, valueOf() { return 'V' } }
exports.f = (n) => [\`a\${n}b\${o}c\`, \`\${1n}\${null}\${undefined}\${[1, 2]}\`, \`\\\${x}\${n}\\u0041\\\`\`, \`x\${\`in\${n}\`}y\`, \`multi
line \${n}\`]
exports.symbol = () => \`\${Symbol('s')}\`
exports.long = (n) => { const s = 'x'.repeat(n); return [\`<\${s}>\`.length, \`<\${s}\n\${s}>\`.length] }`,
    })
    expect(chain.call('c', 'f', [7]).value).toEqual(['a7bTc', '1nullundefined1,2', '${x}7A`', 'xin7y', 'multi\nline 7'])
    expect(chain.call('c', 'symbol').error?.message).toBe('cannot convert symbol to string')
    // A long result pays by its length and counts its bytes: single-line or not.
    const [short, long] = [chain.call('c', 'long', [100]), chain.call('c', 'long', [100_000])]
    expect(long.value).toEqual([100_002, 200_003])
    expect(long.memoryUsed - short.memoryUsed).toBeGreaterThan(300_000)
    expect(long.gasUsed).toBeGreaterThan(short.gasUsed)
  })
})

describe('class fields', () => {
  it('are paid at every construction, in gas and in counted memory', async () => {
    const chain = await testChain({ c: `class Big { a = [${'0,'.repeat(100)}] }\nexports.make = function (n) { for (let i = 0; i < n; i++) new Big(); return null }` })
    const one = chain.call('c', 'make', [1])
    const many = chain.call('c', 'make', [101])
    expect(one.ok && many.ok).toBe(true)
    // 100 more instances: each at least its array (64 + 100 · 8 bytes) and the field's slot.
    expect(many.memoryUsed - one.memoryUsed).toBeGreaterThanOrEqual(100 * (64 + 800 + 16))
    expect(many.gasUsed - one.gasUsed).toBeGreaterThanOrEqual(100 * 100)
  })
})

describe('nested calls', () => {
  const ESCROW = `const { call, storage, emit, context } = require('inkstone:host')
exports.pay = (to, amount, failAfter) => {
  emit('Before', null)
  call('token', 'transfer', [to, amount])
  storage.set('paid:' + to, amount)
  emit('After', null)
  if (failAfter) throw new Error('escrow failed after paying')
  return context().caller
}
exports.tryPay = (to, amount) => {
  try { call('token', 'transfer', [to, amount]); return 'paid' } catch (e) { storage.set('failed', e.message); return e.message }
}
exports.reenter = () => call('escrow', 'pay', ['x', 1n, false])
exports.viaToken = () => call('token', 'balanceOf', [context().self])
exports.badMethod = () => { try { call('token', 'no-such method', []) } catch (e) { return e.message } }`

  it('runs a callee as the caller contract, in event order, and rolls back with the caller', async () => {
    const chain = await testChain({ token: TOKEN, escrow: ESCROW })
    chain.call('token', 'mint', ['escrow', 50n])
    const ok = chain.call('escrow', 'pay', ['bob', 20n, false])
    expect(ok.ok).toBe(true)
    expect(ok.events.map((e) => `${e.contract}:${e.name}`)).toEqual(['escrow:Before', 'token:Transfer', 'escrow:After'])
    expect(chain.call('token', 'balanceOf', ['bob']).value).toBe(20n)

    const failed = chain.call('escrow', 'pay', ['bob', 20n, true])
    expect(failed.error?.message).toBe('escrow failed after paying')
    expect(chain.call('token', 'balanceOf', ['bob']).value).toBe(20n) // the callee's transfer was undone
  })

  it('lets a caller catch a callee failure; the callee alone rolls back', async () => {
    const chain = await testChain({ token: TOKEN, escrow: ESCROW })
    const result = chain.call('escrow', 'tryPay', ['bob', 5n])
    expect(result.value).toMatch(/token.transfer failed \(revert\): insufficient balance/)
    expect(result.ok).toBe(true)
  })

  it('a malformed method name is the caller\'s failure, catchable', async () => {
    const chain = await testChain({ token: TOKEN, escrow: ESCROW })
    expect(chain.call('escrow', 'badMethod').value).toMatch(/is not an identifier/)
  })

  it('refuses reentrancy', async () => {
    const chain = await testChain({ token: TOKEN, escrow: ESCROW })
    const result = chain.call('escrow', 'reenter')
    expect(result.error?.message).toMatch(/reentrant call into escrow refused/)
  })

  it('bounds call depth', async () => {
    const chain = await testChain(
      Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}`, `exports.f = () => require('inkstone:host').call('c${i + 1}', 'f', [])`])),
    )
    expect(chain.call('c0', 'f').error?.message).toMatch(/call depth limit of 8 reached/)
  })
})
