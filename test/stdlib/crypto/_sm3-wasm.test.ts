// The WebAssembly SM3 kernel against the standard vectors, OpenSSL and the TypeScript path (its
// oracle and fallback), and sm3()'s fallback where WebAssembly cannot run.
import { createHash } from 'node:crypto'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { bytesToHex } from '../../../stdlib/crypto/hex.ts'
import { portableDigest } from '../../../stdlib/crypto/_sm3-portable.ts'
import { sm3Kernel } from '../../../stdlib/crypto/_sm3-wasm.ts'
import { seededBytes, utf8, vectors } from './_fixtures.ts'

const openssl = (data: Uint8Array): string => createHash('sm3').update(data).digest('hex')
const kernel = sm3Kernel()!

describe('_sm3-wasm: the WebAssembly kernel', () => {
  it('loads synchronously in Node', () => {
    expect(kernel).toBeDefined()
  })

  for (const v of vectors.sm3) {
    it(`GB/T 32905 vector ${JSON.stringify(v.msg_utf8.slice(0, 12))}… (${v.msg_utf8.length} bytes)`, () => {
      expect(bytesToHex(kernel.digest(utf8(v.msg_utf8)))).toBe(v.digest)
    })
  }

  // Every tail length, and messages around the input window (16 KB) that go through it in pieces.
  const rand = seededBytes(0x5e3)
  const sizes = [...Array.from({ length: 200 }, (_, i) => i), 16_319, 16_320, 16_383, 16_384, 16_385, 16_448, 40_000, 70_001]
  it(`equals the TypeScript path and OpenSSL on ${sizes.length} input sizes`, () => {
    for (const size of sizes) {
      const data = rand(size)
      const digest = bytesToHex(kernel.digest(data))
      expect(digest, `size ${size} vs TypeScript`).toBe(bytesToHex(portableDigest(data)))
      expect(digest, `size ${size} vs OpenSSL`).toBe(openssl(data))
    }
  })

  it('hashes a subarray, not the whole buffer behind it', () => {
    const buffer = rand(300)
    expect(bytesToHex(kernel.digest(buffer.subarray(7, 77)))).toBe(openssl(buffer.subarray(7, 77)))
  })

  it('returns a fresh digest each time (not a view of its memory)', () => {
    const first = kernel.digest(utf8('abc'))
    kernel.digest(utf8('something else'))
    expect(bytesToHex(first)).toBe(vectors.sm3[0]!.digest)
  })
})

describe('sm3(): where the kernel cannot load', () => {
  beforeEach(() => vi.resetModules()) // fresh module instances: the loader's state is per instance
  afterEach(() => vi.unstubAllGlobals())

  for (const [why, stub] of [
    ['WebAssembly is missing', undefined],
    [
      'WebAssembly is forbidden (CSP)',
      {
        Module: function Module() {
          throw new WebAssembly.CompileError('Wasm code generation disallowed by embedder')
        },
      },
    ],
  ] as const) {
    it(`gives the same digests on the TypeScript path when ${why}`, async () => {
      vi.stubGlobal('WebAssembly', stub)
      const loader = await import('../../../stdlib/crypto/_sm3-wasm.ts')
      const { sm3 } = await import('../../../stdlib/crypto/sm3.ts')
      for (const v of vectors.sm3) expect(bytesToHex(sm3(utf8(v.msg_utf8)))).toBe(v.digest)
      const data = seededBytes(9)(1000)
      expect(bytesToHex(sm3.create().update(data.subarray(0, 100)).update(data.subarray(100)).digest())).toBe(openssl(data))
      expect(loader.sm3Kernel()).toBeUndefined()
    })
  }
})
