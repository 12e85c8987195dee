// The WebAssembly verification kernel against the TypeScript kernel (the oracle) and noble:
// standard vectors, random and tampered signatures, both table paths at every window width,
// and the edge cases of the point formulas (P + P, P + (−P), a result at infinity, e ≥ n);
// and the loading paths a browser takes (asynchronous compilation, or no WebAssembly at all).
import { invert } from '@noble/curves/abstract/modular.js'
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { bytesToBigInt } from '../../../stdlib/crypto/_bytes.ts'
import { buildWindowTable } from '../../../stdlib/crypto/_sm2-jacobian.ts'
import { forceTypeScriptKernel, verifyWithKernel, type KernelKey, type KeyTable } from '../../../stdlib/crypto/_sm2-verify-kernel.ts'
import { wasmKernel, type WasmTable } from '../../../stdlib/crypto/_sm2-wasm.ts'
import { bytesToHex, hexToBytes } from '../../../stdlib/crypto/hex.ts'
import { sm2 } from '../../../stdlib/crypto/sm2.ts'
import { SM2_CURVE, Sm2Point } from '../../../stdlib/crypto/sm2-curve.ts'
import { computeZ } from '../../../stdlib/crypto/sm2-z.ts'
import { sm3 } from '../../../stdlib/crypto/sm3.ts'
import { seededBytes, utf8, vectors } from './_fixtures.ts'

const { n } = SM2_CURVE
const rand = seededBytes(4242)
afterEach(() => forceTypeScriptKernel(false))

const be32 = (v: bigint): Uint8Array => hexToBytes(v.toString(16).padStart(64, '0'))
const mod = (v: bigint): bigint => ((v % n) + n) % n

function kernelKey(pub: Uint8Array): KernelKey {
  const { x, y } = Sm2Point.fromBytes(pub).toAffine()
  return { x, y, xy: new Uint8Array([...be32(x), ...be32(y)]) }
}

/** One verification input: key, r, s and the digest e. */
interface Case {
  name: string
  key: KernelKey
  r: bigint
  s: bigint
  e: Uint8Array
}

/** Both kernels' tables of a key for width W, built once per key (cases share keys). */
const tables = new Map<string, { wasm: WasmTable; typescript: KeyTable }>()
function tablesOf(key: KernelKey, W: number): { wasm: WasmTable; typescript: KeyTable } {
  const id = `${bytesToHex(key.xy)}/${W}`
  let t = tables.get(id)
  if (t === undefined) tables.set(id, (t = { wasm: wasmKernel()!.buildTable(key.xy, W), typescript: buildWindowTable(key.x, key.y, W) }))
  return t
}
afterAll(() => {
  for (const t of tables.values()) wasmKernel()!.releaseTable(t.wasm)
})

/** The answer of each kernel, each with no table and with its own table of width W. */
function answers(c: Case, W: number): { wasm: boolean[]; typescript: boolean[] } {
  const sig = new Uint8Array([...be32(c.r), ...be32(c.s)])
  const t = tablesOf(c.key, W)
  const run = (table: KeyTable | undefined): boolean => verifyWithKernel(c.key, table, sig, c.r, c.s, c.e)
  const wasm = [run(undefined), run(t.wasm)]
  forceTypeScriptKernel(true)
  const typescript = [run(undefined), run(t.typescript)]
  forceTypeScriptKernel(false)
  return { wasm, typescript }
}

function digestFor(pub: Uint8Array, message: Uint8Array, userId?: string): Uint8Array {
  return sm3(new Uint8Array([...computeZ(pub, userId), ...message]))
}

function signatureCases(): Case[] {
  const cases: Case[] = []
  for (const v of vectors.sm2_sign) {
    const pub = hexToBytes(v.public_key_uncompressed)
    cases.push({ name: `vector ${v.id_utf8}`, key: kernelKey(pub), r: BigInt('0x' + v.r), s: BigInt('0x' + v.s), e: digestFor(pub, utf8(v.msg_utf8), v.id_utf8) })
  }
  for (let i = 0; i < 12; i++) {
    let priv = rand(32)
    while (!sm2.isValidPrivateKey(priv)) priv = rand(32)
    const pub = sm2.getPublicKey(priv)
    const message = rand(1 + i * 7)
    const sig = sm2.sign(message, priv, { publicKey: pub })
    const r = bytesToBigInt(sig.subarray(0, 32))
    const s = bytesToBigInt(sig.subarray(32))
    const e = digestFor(pub, message)
    const key = kernelKey(pub)
    cases.push({ name: `random ${i}`, key, r, s, e })
    cases.push({ name: `random ${i}, other message`, key, r, s, e: digestFor(pub, rand(8)) })
    cases.push({ name: `random ${i}, r + 1`, key, r: r + 1n === n ? 1n : r + 1n, s, e })
    cases.push({ name: `random ${i}, s − 1`, key, r, s: s === 1n ? n - 1n : s - 1n, e })
  }
  return cases
}

/** Crafted on P_A = G so that the additions hit their special cases (see each name). */
function edgeCases(): Case[] {
  const key = kernelKey(Sm2Point.BASE.toBytes(false))
  const G = Sm2Point.BASE
  // (e + x₁) mod n = r ⇔ e = r − x₁ (mod n); `plusN` gives the representative e + n < 2^256.
  const e = (r: bigint, x1: bigint, plusN = false): Uint8Array => be32(mod(r - x1) + (plusN ? n : 0n))
  const s = 256n + 65536n // G-table windows 1 and 2: adds 256·G, then 65536·G
  const cases: Case[] = []
  // t = 256: t·P_A = 256·G, then + 256·G is a doubling inside the mixed addition.
  const rDouble = mod(256n - s)
  const x1Double = G.multiply(512n + 65536n).toAffine().x
  cases.push({ name: 'P + P inside the addition', key, r: rDouble, s, e: e(rDouble, x1Double) })
  // t = n − 256: t·P_A = −256·G, then + 256·G is the point at infinity, then + 65536·G.
  const rOpposite = mod(-256n - s)
  cases.push({ name: 'P + (−P) inside the addition', key, r: rOpposite, s, e: e(rOpposite, G.multiply(65536n).toAffine().x) })
  // t·G + s·G = n·G: the result is the point at infinity, which never verifies.
  const sInf = 12345n
  cases.push({ name: 'result at infinity', key, r: mod(-2n * sInf), s: sInf, e: be32(7n) })
  // e = 2^256 − 1 ≥ n, reduced mod n before the comparison: pick r whose x₁ = r − e (mod n) is
  // on the curve, R = (x₁, ·), and the key P_A = t⁻¹·(R − s·G) so that s·G + t·P_A = R.
  const eBig = 2n ** 256n - 1n
  for (let r = 1n; ; r++) {
    let R: typeof G
    try {
      R = Sm2Point.fromBytes(new Uint8Array([2, ...be32(mod(r - eBig))]))
    } catch {
      continue // not an x-coordinate
    }
    const t = r + 5n
    const P = R.subtract(G.multiply(5n)).multiply(invert(t, n))
    cases.push({ name: 'digest e ≥ n', key: kernelKey(P.toBytes(false)), r, s: 5n, e: be32(eBig) })
    break
  }
  // t = r + s = n: §7.1 B5 says false before any point arithmetic.
  cases.push({ name: 't = 0', key, r: n - 5n, s: 5n, e: be32(1n) })
  return cases
}

describe('_sm2-wasm: the WebAssembly kernel equals the TypeScript kernel', () => {
  it('is available in Node', () => {
    expect(wasmKernel()).toBeDefined()
  })

  it('standard vectors, random and tampered signatures, with and without tables (W = 8)', () => {
    const accepted: string[] = []
    for (const c of signatureCases()) {
      const { wasm, typescript } = answers(c, 8)
      expect(wasm, c.name).toEqual(typescript)
      expect(new Set(wasm).size, c.name).toBe(1) // both paths of one kernel agree too
      if (wasm[0]) accepted.push(c.name)
    }
    expect(accepted).toEqual(['vector 1234567812345678', ...Array.from({ length: 12 }, (_, i) => `random ${i}`)])
  })

  it('edge cases of the point formulas, at every window width 4..10', () => {
    const expected = { 'P + P inside the addition': true, 'P + (−P) inside the addition': true, 'result at infinity': false, 'digest e ≥ n': true, 't = 0': false }
    for (let W = 4; W <= 10; W++) {
      for (const c of edgeCases()) {
        const { wasm, typescript } = answers(c, W)
        const want = expected[c.name as keyof typeof expected]
        expect(wasm, `${c.name}, W = ${W}`).toEqual([want, want])
        expect(typescript, `${c.name}, W = ${W}`).toEqual([want, want])
      }
    }
  })

  it('reuses a released table block instead of growing memory', () => {
    const kernel = wasmKernel()!
    const key = kernelKey(Sm2Point.BASE.toBytes(false))
    kernel.releaseTable(kernel.buildTable(key.xy, 9))
    const before = kernel.memoryBytes
    for (let i = 0; i < 5; i++) kernel.releaseTable(kernel.buildTable(key.xy, 9))
    expect(kernel.memoryBytes).toBe(before)
    const a = kernel.buildTable(key.xy, 9)
    const b = kernel.buildTable(key.xy, 9)
    expect(b.ptr).not.toBe(a.ptr)
    expect(a.bytes).toBe((Math.ceil(256 / 9) + 1) * 256 * 64)
    kernel.releaseTable(a)
    kernel.releaseTable(b)
  })
})

/** A key and a signature, made before any test stubs the global WebAssembly. */
const signed = (() => {
  let priv = rand(32)
  while (!sm2.isValidPrivateKey(priv)) priv = rand(32)
  const pub = sm2.getPublicKey(priv)
  const msg = utf8('pay 5 to carol')
  return { pub, msg, sig: sm2.sign(msg, priv, { publicKey: pub }) }
})()

describe('_sm2-wasm: loading where synchronous compilation is refused', () => {
  beforeEach(() => vi.resetModules()) // fresh module instances: the loader's state is per instance
  afterEach(() => vi.unstubAllGlobals())

  const realCompile = WebAssembly.compile.bind(WebAssembly)
  const { CompileError } = WebAssembly

  /** A WebAssembly namespace whose synchronous Module constructor throws, as a browser main thread does over 4 KB. */
  function stubWebAssembly(compile: (bytes: BufferSource) => Promise<WebAssembly.Module>): void {
    const real = WebAssembly
    vi.stubGlobal('WebAssembly', {
      Module: function Module() {
        throw new RangeError('WebAssembly.Module is disallowed on the main thread, if the buffer size is larger than 4KB')
      },
      Instance: real.Instance,
      Memory: real.Memory,
      Global: real.Global,
      compile,
    })
  }

  it('verifies on the TypeScript kernel until the background compilation is done, then on WebAssembly', async () => {
    stubWebAssembly(realCompile)
    const { sig, msg, pub } = signed
    const fresh = await import('../../../stdlib/crypto/sm2.ts')
    const loader = await import('../../../stdlib/crypto/_sm2-wasm.ts')
    const early = fresh.sm2.precomputePublicKey(pub, { windowSize: 4 }) // built before the kernel is ready
    expect(fresh.sm2.verify(sig, msg, pub)).toBe(true)
    expect(loader.wasmKernel()).toBeUndefined()
    expect(await fresh.sm2.whenFastVerifyReady()).toBe(true)
    expect(loader.wasmKernel()).toBeDefined()
    expect(fresh.sm2.verify(sig, msg, pub)).toBe(true)
    expect(fresh.sm2.verify(sig, utf8('pay 500 to carol'), pub)).toBe(false)
    expect(fresh.sm2.verify(sig, msg, early)).toBe(true) // its TypeScript table still serves
  })

  it('stays on the TypeScript kernel when WebAssembly is forbidden (CSP) or missing', async () => {
    stubWebAssembly(() => Promise.reject(new CompileError('Wasm code generation disallowed by embedder')))
    const { sig, msg, pub } = signed
    let fresh = await import('../../../stdlib/crypto/sm2.ts')
    expect(fresh.sm2.verify(sig, msg, pub)).toBe(true)
    expect(await fresh.sm2.whenFastVerifyReady()).toBe(false)
    expect(fresh.sm2.verify(sig, msg, pub)).toBe(true)
    vi.resetModules()
    vi.stubGlobal('WebAssembly', undefined)
    fresh = await import('../../../stdlib/crypto/sm2.ts')
    expect(await fresh.sm2.whenFastVerifyReady()).toBe(false)
    expect(fresh.sm2.verify(sig, msg, pub)).toBe(true)
    expect(fresh.sm2.verify(sig, utf8('pay 500 to carol'), pub)).toBe(false)
  })
})
