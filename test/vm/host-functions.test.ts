// Host functions reached through invoke(): standard vectors, malformed input, and gas charged
// before the work (a call that cannot pay never runs the function).
import { readFileSync } from 'node:fs'
import { ed25519 } from '@noble/curves/ed25519.js'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { describe, expect, it } from 'vitest'
import { HOST_FUNCTION_GAS } from '../../vm/gas-schedule.ts'
import { hexToBytes as fromHex } from '../../stdlib/crypto/hex.ts'
import { testChain } from './harness.ts'

const vectors = JSON.parse(readFileSync(new URL('../../../shared/vectors/sm-crypto.json', import.meta.url), 'utf8'))
const utf8 = (s: string) => new TextEncoder().encode(s)

const CONTRACT = `const { invoke } = require('inkstone:host')
exports.run = (name, args) => invoke(name, args)
exports.tryRun = (name, args) => { try { return invoke(name, args) } catch (e) { return 'caught: ' + e.message } }`

describe('host functions', async () => {
  const chain = await testChain({ c: CONTRACT })
  const run = (name: string, args: unknown[], gasLimit?: number) => chain.call('c', 'run', [name, args], { gasLimit })

  it('hashes: SM3 (GB/T 32905), SHA-256 and Keccak-256 vectors', () => {
    for (const v of vectors.sm3) expect(run('sm3', [utf8(v.msg_utf8)]).value).toEqual(fromHex(v.digest))
    expect(run('sha256', [utf8('abc')]).value).toEqual(fromHex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'))
    expect(run('keccak256', [new Uint8Array()]).value).toEqual(fromHex('c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470'))
  })

  it('sm2.verify: the GB/T 32918 vectors, and a tampered message fails', () => {
    for (const v of vectors.sm2_sign) {
      const args = [fromHex(v.r + v.s), utf8(v.msg_utf8), fromHex(v.public_key_uncompressed), v.id_utf8]
      expect(run('sm2.verify', args).value).toBe(v.valid)
      expect(run('sm2.verify', [args[0], utf8(v.msg_utf8 + '!'), args[2], args[3]]).value).toBe(false)
    }
  })

  it('ed25519.verify: RFC 8032 test 1 and a signature made here', () => {
    const pub = fromHex('d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a')
    const sig = fromHex('e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b')
    expect(run('ed25519.verify', [sig, new Uint8Array(), pub]).value).toBe(true)
    const secret = ed25519.utils.randomSecretKey()
    const message = utf8('inkstone')
    expect(run('ed25519.verify', [ed25519.sign(message, secret), message, ed25519.getPublicKey(secret)]).value).toBe(true)
    expect(run('ed25519.verify', [sig, utf8('x'), pub]).value).toBe(false)
  })

  it('secp256k1.verify over a 32-byte hash', () => {
    const secret = secp256k1.utils.randomSecretKey()
    const hash = fromHex('4e03657aea45a94fc7d47ba826c8d667c0d1e6e33a64a036ec44f58fa12d6c45')
    const signature = secp256k1.sign(hash, secret, { prehash: false })
    expect(run('secp256k1.verify', [signature, hash, secp256k1.getPublicKey(secret)]).value).toBe(true)
    expect(run('secp256k1.verify', [signature, new Uint8Array(32), secp256k1.getPublicKey(secret)]).value).toBe(false)
  })

  const malformed: [string, unknown[], RegExp][] = [
    ['sm3', ['text'], /"data" expected Uint8Array/],
    ['sm3', [], /expected 1 arguments/],
    ['sm2.verify', [new Uint8Array(63), utf8('m'), new Uint8Array(65)], /"signature" expected Uint8Array of length 64/],
    ['sm2.verify', [new Uint8Array(64).fill(1), utf8('m'), new Uint8Array(65).fill(4)], /./],
    ['ed25519.verify', [new Uint8Array(64), utf8('m'), new Uint8Array(31)], /"publicKey" expected Uint8Array of length 32/],
    ['secp256k1.verify', [new Uint8Array(64), new Uint8Array(32), new Uint8Array(40)], /"publicKey" expected 33 or 65 bytes/],
    ['nope', [], /no host function "nope"/],
  ]
  for (const [name, args, message] of malformed) {
    it(`${name} with malformed input throws a catchable error`, () => {
      const result = run(name, args)
      expect(result.error?.kind).toBe('error')
      expect(result.error?.message).toMatch(message)
      expect(chain.call('c', 'tryRun', [name, args]).value).toMatch(/^caught: /)
    })
  }

  it('charges the price before running: short of gas, the function never runs', () => {
    const ok = run('sm2.verify', [new Uint8Array(64), utf8('m'), new Uint8Array(65)], 1_000_000)
    expect(ok.gasUsed).toBeGreaterThan(HOST_FUNCTION_GAS['sm2.verify']!.base)
    const short = run('sm2.verify', [new Uint8Array(64), utf8('m'), new Uint8Array(65)], HOST_FUNCTION_GAS['sm2.verify']!.base)
    expect(short.error?.kind).toBe('out-of-gas')
  })
})
