/**
 * Inkstone China-crypto standard library: SM3 (GB/T 32905), SM2 (GB/T 32918) signatures and
 * encryption, SM4 (GB/T 32907) with ECB/CBC/CTR/GCM. TypeScript over @noble/hashes and
 * @noble/curves, plus an embedded WebAssembly kernel for SM2 verification (TypeScript fallback
 * where WebAssembly is unavailable); no `node:` imports: the same code runs in Node (≥ 20),
 * browsers and workers.
 * Inputs and outputs are Uint8Array; `hexToBytes` / `bytesToHex` convert strictly.
 * See docs/crypto.md for layouts, interop notes and measured speed.
 * @example
 * import { sm2, sm3, sm4, hexToBytes } from '../stdlib/crypto/index.ts'
 * @module
 */
export { bytesToHex, hexToBytes } from './hex.ts'
export { AuthenticationError } from './errors.ts'
export { sm3, hmacSm3, Sm3, type Sm3Fn } from './sm3.ts'
export { SM2_CURVE, SM2_LENGTHS, Sm2Point } from './sm2-curve.ts'
export {
  randomPrivateKey,
  getPublicKey,
  isValidPrivateKey,
  validatePublicKey,
  isValidPublicKey,
  compressPublicKey,
  decompressPublicKey,
} from './sm2-keys.ts'
export { computeZ, DEFAULT_USER_ID, MAX_USER_ID_BYTES } from './sm2-z.ts'
export { signatureToDer, derToSignature } from './sm2-der.ts'
export { sm2, sign, verify, type SignOptions, type VerifyOptions } from './sm2.ts'
export { whenFastVerifyReady } from './_sm2-wasm.ts'
export { encrypt, decrypt, SM2_CIPHER_MODES, SM2_MIN_CIPHERTEXT, type Sm2CipherMode, type Sm2EncryptOptions } from './sm2-encrypt.ts'
export {
  precomputePublicKey,
  PrecomputedPublicKey,
  configureVerifyCache,
  verifyCacheStats,
  clearVerifyCache,
  type VerifyCacheOptions,
} from './sm2-verify-cache.ts'
export {
  sm4,
  SM4_KEY_LENGTH,
  SM4_BLOCK_LENGTH,
  SM4_GCM_IV_LENGTH,
  SM4_GCM_TAG_LENGTH,
  type Sm4PaddingOptions,
} from './sm4.ts'
