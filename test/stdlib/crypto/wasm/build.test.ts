// The embedded kernel is exactly what the build script makes from the committed C source.
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { SM2_WASM_BASE64, SM2_WASM_SHA256 } from '../../../../stdlib/crypto/_sm2-wasm-binary.ts'
import { compile, toolchainAvailable } from '../../../../stdlib/crypto/wasm/build.ts'

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex')

describe('stdlib/crypto/wasm: reproducible build', () => {
  it('the embedded bytes match their recorded SHA-256', () => {
    expect(sha256(Buffer.from(SM2_WASM_BASE64, 'base64'))).toBe(SM2_WASM_SHA256)
  })

  it.skipIf(!toolchainAvailable())('rebuilding sm2-verify.c with clang-14 gives the embedded bytes (run `npm run build:wasm` after editing it)', () => {
    expect(sha256(compile())).toBe(SM2_WASM_SHA256)
  })
})
