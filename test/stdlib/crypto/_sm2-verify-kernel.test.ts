// sm2.verify gives the same answer — true, false, or the same error — on the WebAssembly kernel
// and on the TypeScript kernel (the oracle), for good, forged and malformed inputs, with and
// without the per-key cache and with tables from either kernel.
import { afterEach, describe, expect, it } from 'vitest'
import { forceTypeScriptKernel } from '../../../stdlib/crypto/_sm2-verify-kernel.ts'
import { hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { sm2 } from '../../../stdlib/crypto/sm2.ts'
import { SM2_CURVE } from '../../../stdlib/crypto/sm2-curve.ts'
import { seededBytes, utf8, vectors } from './_fixtures.ts'

const { n, p } = SM2_CURVE
const DEFAULTS = { threshold: 16, maxKeys: 1024, maxTables: 16, windowSize: 8 }
afterEach(() => {
  forceTypeScriptKernel(false)
  sm2.clearVerifyCache()
  sm2.configureVerifyCache(DEFAULTS)
})

const be32 = (v: bigint): Uint8Array => hexToBytes(v.toString(16).padStart(64, '0'))
const cat = (...parts: Uint8Array[]): Uint8Array => new Uint8Array(parts.flatMap((x) => [...x]))

const rand = seededBytes(99)
let priv = rand(32)
while (!sm2.isValidPrivateKey(priv)) priv = rand(32)
const pub = sm2.getPublicKey(priv)
const msg = utf8('pay 5 to carol')
const sig = sm2.sign(msg, priv, { publicKey: pub })
const r = BigInt('0x' + Buffer.from(sig.subarray(0, 32)).toString('hex'))
const s = BigInt('0x' + Buffer.from(sig.subarray(32)).toString('hex'))
const vector = vectors.sm2_sign[0]!

/** [name, arguments of sm2.verify] */
const cases: [string, Parameters<typeof sm2.verify>][] = [
  ['valid', [sig, msg, pub]],
  ['valid, compressed key', [sig, msg, sm2.compressPublicKey(pub)]],
  ['valid, DER', [sm2.signatureToDer(sig), msg, pub, { der: true }]],
  ['standard vector', [hexToBytes(vector.r + vector.s), utf8(vector.msg_utf8), hexToBytes(vector.public_key_uncompressed), { userId: vector.id_utf8 }]],
  ['other message', [sig, utf8('pay 500 to carol'), pub]],
  ['other user ID', [sig, msg, pub, { userId: 'ALICE123@YAHOO.COM' }]],
  ['empty user ID', [sig, msg, pub, { userId: new Uint8Array(0) }]],
  ['other key', [sig, msg, sm2.getPublicKey(Uint8Array.from(priv, (b, i) => (i === 31 ? b ^ 1 : b)))]],
  ['r + 1', [cat(be32(r + 1n), be32(s)), msg, pub]],
  ['s + 1', [cat(be32(r), be32(s + 1n)), msg, pub]],
  ['t = r + s = n', [cat(be32(n - s), be32(s)), msg, pub]],
  ['r = 0', [cat(be32(0n), be32(s)), msg, pub]],
  ['s = 0', [cat(be32(r), be32(0n)), msg, pub]],
  ['r = n', [cat(be32(n), be32(s)), msg, pub]],
  ['s = n', [cat(be32(r), be32(n)), msg, pub]],
  ['r = 2^256 − 1', [cat(be32(2n ** 256n - 1n), be32(s)), msg, pub]],
  ['signature 63 bytes', [sig.subarray(1), msg, pub]],
  ['signature 65 bytes', [cat(sig, Uint8Array.of(0)), msg, pub]],
  ['DER with trailing byte', [cat(sm2.signatureToDer(sig), Uint8Array.of(0)), msg, pub, { der: true }]],
  ['key off the curve', [sig, msg, cat(pub.subarray(0, 64), Uint8Array.of(pub[64]! ^ 1))]],
  ['key x ≥ p', [sig, msg, cat(Uint8Array.of(4), be32(p), pub.subarray(33))]],
  ['key: point at infinity (single 00)', [sig, msg, Uint8Array.of(0)]],
  ['key 64 bytes', [sig, msg, pub.subarray(1)]],
  ['key prefix 05', [sig, msg, cat(Uint8Array.of(5), pub.subarray(1))]],
  ['message not bytes', [sig, 'pay' as unknown as Uint8Array, pub]],
  ['user ID over 8191 bytes', [sig, msg, pub, { userId: new Uint8Array(8192) }]],
]

type Outcome = boolean | string
function outcome(args: Parameters<typeof sm2.verify>): Outcome {
  try {
    return sm2.verify(...args)
  } catch (e) {
    return `${(e as Error).constructor.name}: ${(e as Error).message}`
  }
}

function bothKernels(run: () => Outcome[]): { wasm: Outcome[]; typescript: Outcome[] } {
  sm2.clearVerifyCache()
  const wasm = run()
  sm2.clearVerifyCache()
  forceTypeScriptKernel(true)
  const typescript = run()
  forceTypeScriptKernel(false)
  return { wasm, typescript }
}

describe('_sm2-verify-kernel: sm2.verify on both kernels', () => {
  it('the same answer for every good, forged and malformed input', () => {
    const { wasm, typescript } = bothKernels(() => cases.map(([, args]) => outcome(args)))
    expect(wasm).toEqual(typescript)
    const named = Object.fromEntries(cases.map(([name], i) => [name, wasm[i]]))
    expect(named).toMatchObject({ valid: true, 'valid, DER': true, 'standard vector': true, 'other message': false, 't = r + s = n': false })
    expect(named['r = n']).toMatch(/^RangeError: "signature" r expected an integer in \[1, n-1\]/)
    expect(named['key off the curve']).toBe('RangeError: "publicKey" is not a point on the SM2 curve')
    expect(wasm.filter((o) => typeof o === 'string')).toHaveLength(15)
  })

  it('the same answers with caching off, and through tables built by either kernel', () => {
    sm2.configureVerifyCache({ maxKeys: 0 })
    const off = bothKernels(() => cases.map(([, args]) => outcome(args)))
    expect(off.wasm).toEqual(off.typescript)
    sm2.configureVerifyCache({ maxKeys: 1024, threshold: 1, windowSize: 5 })
    const tabled = bothKernels(() => [...cases, ...cases].map(([, args]) => outcome(args))) // second round: tables built
    expect(tabled.wasm).toEqual(tabled.typescript)
    expect(tabled.wasm.slice(cases.length)).toEqual(off.wasm)
    const wasmBuilt = sm2.precomputePublicKey(pub, { windowSize: 6 })
    forceTypeScriptKernel(true)
    const tsBuilt = sm2.precomputePublicKey(pub, { windowSize: 6 })
    for (const handle of [wasmBuilt, tsBuilt]) {
      for (const force of [false, true]) {
        forceTypeScriptKernel(force)
        expect(sm2.verify(sig, msg, handle)).toBe(true)
        expect(sm2.verify(sig, utf8('pay 500 to carol'), handle)).toBe(false)
        expect(sm2.verify(cat(be32(n - s), be32(s)), msg, handle)).toBe(false)
      }
    }
  })
})
