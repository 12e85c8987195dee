// The embedded kernels are exactly what the build script makes from the committed C sources.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SM2_WASM_BASE64, SM2_WASM_SHA256 } from '../../../../stdlib/crypto/_sm2-wasm-binary.ts'
import { SM3_WASM_BASE64, SM3_WASM_SHA256 } from '../../../../stdlib/crypto/_sm3-wasm-binary.ts'
import { compile, KERNELS, toolchainAvailable } from '../../../../stdlib/crypto/wasm/build.ts'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

const EMBEDDED = [
  { kernel: KERNELS.sm2, base64: SM2_WASM_BASE64, sha: SM2_WASM_SHA256 },
  { kernel: KERNELS.sm3, base64: SM3_WASM_BASE64, sha: SM3_WASM_SHA256 },
]

describe('stdlib/crypto/wasm: reproducible build', () => {
  for (const { kernel, base64, sha } of EMBEDDED) {
    it(`${kernel.output}: the embedded bytes match their recorded SHA-256`, () => {
      expect(sha256(Buffer.from(base64, 'base64'))).toBe(sha)
    })

    it.skipIf(!toolchainAvailable())(`rebuilding ${kernel.source} with clang-14 gives the embedded bytes (run \`npm run build:wasm\` after editing it)`, () => {
      expect(sha256(compile(kernel))).toBe(sha)
    })
  }

  it('the SM3 kernel stays under 4 KB, the largest module a browser main thread compiles synchronously (sm3() is synchronous)', () => {
    expect(Buffer.from(SM3_WASM_BASE64, 'base64').length).toBeLessThan(4096)
  })
})
