// Gas is consensus: these figures are pinned so that any change to the schedule, the
// instrumentation or the prelude shows up in review. Update them only on purpose, and say why in
// the commit message.
import { expect, it } from 'vitest'
import { build, devChain } from '../compiler/dev-chain.ts'
import { testChain, TOKEN } from './harness.ts'

const WORK = `const { storage, emit } = require('inkstone:host')
exports.loop = (n) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s }
exports.strings = (n) => { const parts = []; for (let i = 0; i < n; i++) parts.push('item' + i); return parts.join(',').length }
exports.big = () => { let x = 1n; for (let i = 0; i < 50; i++) x = x * 3n + 1n; return x % 1000003n }
exports.sort = (n) => { const a = []; for (let i = 0; i < n; i++) a.push((i * 7919) % n); return a.sort((p, q) => p - q)[n >> 1] }
exports.store = (n) => { for (let i = 0; i < n; i++) storage.set('k' + i, { i, v: [i, String(i)] }); emit('Stored', { n }); return storage.entries('k', { limit: 5 }).length }
exports.fail = () => { storage.set('x', 1); require('inkstone:host').revert('no') }`

it('pins the gas of a fixed sequence of calls', async () => {
  const chain = await testChain({ token: TOKEN, work: WORK })
  const calls: [string, string, unknown[]][] = [
    ['token', 'mint', ['alice', 1000n]],
    ['token', 'transfer', ['bob', 10n]],
    ['token', 'transfer', ['bob', 5000n]],
    ['token', 'balanceOf', ['bob']],
    ['work', 'loop', [1000]],
    ['work', 'strings', [200]],
    ['work', 'big', []],
    ['work', 'sort', [500]],
    ['work', 'store', [20]],
    ['work', 'fail', []],
    ['work', 'missing', []],
  ]
  const gas = Object.fromEntries(calls.map(([contract, method, args], i) => [`${i} ${contract}.${method}`, chain.call(contract, method, args).gasUsed]))
  expect(gas).toMatchInlineSnapshot(`
    {
      "0 token.mint": 734,
      "1 token.transfer": 1765,
      "10 work.missing": 3,
      "2 token.transfer": 338,
      "3 token.balanceOf": 246,
      "4 work.loop": 9034,
      "5 work.strings": 3541,
      "6 work.big": 834,
      "7 work.sort": 41151,
      "8 work.store": 12577,
      "9 work.fail": 468,
    }
  `)
})

it('pins the gas of the compiled examples/token (stdlib entry, argument checks, collections, events)', async () => {
  const { chain } = await devChain({ token: { artifact: await build('examples/token/token.ts'), init: ['Ink', 'INK', 6, 1000n], deployer: 'alice' } })
  const calls: [string, unknown[], string][] = [
    ['transfer', ['bob', 250n], 'alice'],
    ['approve', ['carol', 100n], 'bob'],
    ['transferFrom', ['bob', 'dave', 60n], 'carol'],
    ['balanceOf', ['dave'], 'alice'],
    ['transfer', ['bob', 10n ** 30n], 'alice'],
    ['transfer', ['bob', '5'], 'alice'],
  ]
  const gas = Object.fromEntries(calls.map(([method, args, sender], i) => [`${i} ${method}`, chain.call('token', method, args, { sender }).gasUsed]))
  expect(gas).toMatchInlineSnapshot(`
    {
      "0 transfer": 2166,
      "1 approve": 1089,
      "2 transferFrom": 3071,
      "3 balanceOf": 437,
      "4 transfer": 587,
      "5 transfer": 721,
    }
  `)
})
