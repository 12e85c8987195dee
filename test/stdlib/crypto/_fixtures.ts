// Shared helpers for the stdlib/crypto tests: the standard vectors, a seeded byte generator for
// bounded differential tests, and an assertion for "throws this class with this message".
import { readFileSync } from 'node:fs'
import { expect } from 'vitest'

/** Shape of /work/shared/vectors/sm-crypto.json (the repo is cloned with shared/ beside it). */
export interface Vectors {
  sm3: { msg_utf8: string; digest: string }[]
  sm4: { mode: string; key: string; plaintext: string; ciphertext: string }[]
  sm2_sign: {
    curve: string
    private_key?: string
    public_key_uncompressed: string
    id_utf8: string
    msg_utf8: string
    r: string
    s: string
    valid: boolean
    why?: string
  }[]
}

export const vectors: Vectors = JSON.parse(
  readFileSync(new URL('../../../../shared/vectors/sm-crypto.json', import.meta.url), 'utf8'),
) as Vectors

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s)

/**
 * Deterministic pseudo-random bytes (xorshift32): reproducible differential tests without
 * touching the CSPRNG. Not for keys outside tests.
 */
export function seededBytes(seed: number): (length: number) => Uint8Array {
  let state = seed >>> 0 || 1
  return (length) => {
    const out = new Uint8Array(length)
    for (let i = 0; i < length; i++) {
      state ^= state << 13
      state ^= state >>> 17
      state ^= state << 5
      out[i] = state & 0xff
    }
    return out
  }
}

/** Asserts that `fn` throws an instance of `cls` whose message contains `fragment`. */
export function expectThrow(fn: () => unknown, cls: new (...args: never[]) => Error, fragment: string): void {
  let error: unknown
  try {
    fn()
  } catch (e) {
    error = e
  }
  expect(error, `expected ${cls.name} containing ${JSON.stringify(fragment)}`).toBeInstanceOf(cls)
  expect((error as Error).message).toContain(fragment)
}
