// A fixed sequence of calls whose results and gas must be identical in Node and in the browser.
// Returns one string: each call's gasUsed, ok/kind and canonical value (hex of its encoding).
import { encode } from '../../vm/canonical.ts'
import { bytesToHex } from '../../stdlib/crypto/hex.ts'
import { testChain, TOKEN } from '../vm/harness.ts'

const WORK = `const { storage, invoke } = require('inkstone:host')
exports.math = (n) => { let x = 1n, f = 0.5; for (let i = 0; i < n; i++) { x = x * 31n + BigInt(i); f = f * 1.0001 + Math.sqrt(i) } return [x % 1000000007n, f, Math.sin(1e6), (1e21).toString(), (0.1 + 0.2).toFixed(20)] }
exports.strings = (n) => { const a = []; for (let i = 0; i < n; i++) a.push(String.fromCharCode(65 + (i % 26)).repeat(i % 7)); return a.sort().join('|').normalize('NFD').length }
exports.json = () => JSON.stringify({ b: [1, 2, { c: 'é' }], a: 1.5e-7 })
exports.hash = (data) => invoke('sm3', [data])
exports.loop = () => { for (;;) {} }
exports.store = (n) => { for (let i = 0; i < n; i++) storage.set('k' + i, { i, s: 'v' + i }); return storage.entries('k', { limit: 3 }) }
// Deep recursion, in contract code and in natively recursive builtins: QuickJS's stack overflow,
// never the host's (vm/quickjs/quickjs.patch).
const nested = (n) => { let a = []; for (let i = 0; i < n; i++) a = [a]; return a }
exports.deep = (kind) => {
  if (kind === 'recursion') { const f = (n) => f(n + 1) + 1; return f(0) }
  if (kind === 'stringify') return JSON.stringify(nested(20000)).length
  if (kind === 'parse') return JSON.parse('['.repeat(20000) + ']'.repeat(20000)).length
  if (kind === 'flat') return nested(20000).flat(Infinity).length
  return String(nested(20000)).length
}`

export async function runParityCalls(): Promise<string> {
  const chain = await testChain({ token: TOKEN, work: WORK })
  const calls: [string, string, unknown[], number][] = [
    ['token', 'mint', ['alice', 1000n], 100_000],
    ['token', 'transfer', ['bob', 250n], 100_000],
    ['token', 'transfer', ['bob', 5000n], 100_000],
    ['work', 'math', [300], 1_000_000],
    ['work', 'strings', [200], 1_000_000],
    ['work', 'json', [], 100_000],
    ['work', 'hash', [new Uint8Array([97, 98, 99])], 100_000],
    ['work', 'loop', [], 200_000],
    ['work', 'store', [10], 1_000_000],
    ...['recursion', 'stringify', 'parse', 'flat', 'toString'].map((kind): [string, string, unknown[], number] => ['work', 'deep', [kind], 5_000_000]),
  ]
  const lines = calls.map(([contract, method, args, gasLimit]) => {
    // On top of each limit: the reload price a call holds back (~0.6M here, docs/vm.md).
    const result = chain.call(contract, method, args, { gasLimit: gasLimit + 2_000_000 })
    const outcome = result.ok ? `ok ${bytesToHex(encode(result.value ?? null))}` : `${result.error!.kind} ${result.error!.message}`
    return `${contract}.${method} gas=${result.gasUsed} events=${bytesToHex(encode(result.events.map((e) => [e.name, e.data])))} ${outcome}`
  })
  chain.vm.dispose()
  return lines.join('\n')
}
