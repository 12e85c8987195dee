// The embedded engine is exactly what the build script makes from the pinned QuickJS release, the
// committed patch and the committed interface.
import { describe, expect, it } from 'vitest'
import { QUICKJS_WASM_BASE64, QUICKJS_WASM_SHA256 } from '../../../vm/quickjs/_quickjs-wasm-binary.ts'
import { sha256Hex } from '../../../stdlib/crypto/wasm/build.ts'
import { build, SourcesUnavailable, toolchainAvailable } from '../../../vm/quickjs/build.ts'

describe('vm/quickjs: reproducible build', () => {
  it('the embedded bytes match their recorded SHA-256', () => {
    expect(sha256Hex(Buffer.from(QUICKJS_WASM_BASE64, 'base64'))).toBe(QUICKJS_WASM_SHA256)
  })

  it.skipIf(!toolchainAvailable())('rebuilding with emcc gives the embedded bytes (run `npm run build:engine` after editing the patch or the interface)', (context) => {
    let bytes: Uint8Array
    try {
      bytes = build()
    } catch (error) {
      // Without Debian's archive there is nothing to build from, as without emcc.
      if (error instanceof SourcesUnavailable) return context.skip()
      throw error
    }
    expect(sha256Hex(bytes)).toBe(QUICKJS_WASM_SHA256)
  }, 180_000)
})
