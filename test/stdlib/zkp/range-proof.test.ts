import { describe, expect, it } from 'vitest'
import { commitmentAdd, commitmentSub, encodeScalar, pedersenCommit, randomScalar, SCALAR_ORDER } from '../../../stdlib/zkp/pedersen.ts'
import { proveRange, rangeProofLength, verifyRange } from '../../../stdlib/zkp/range-proof.ts'
import { expectThrow } from './_fixtures.ts'

describe('range proof (Bulletproofs)', () => {
  const blinding = randomScalar()
  const p64 = proveRange(1_000_000n, encodeScalar(blinding), 64)

  it('64-bit: 672 bytes, verifies, commitment is the Pedersen commitment', () => {
    expect(p64.proof.length).toBe(672)
    expect(rangeProofLength(64)).toBe(672)
    expect(p64.commitment).toEqual(pedersenCommit(1_000_000n, encodeScalar(blinding)))
    expect(verifyRange(p64.commitment, p64.proof, 64)).toBe(true)
  })

  it('fails for another commitment, another bit length or any changed byte of the proof', () => {
    expect(verifyRange(pedersenCommit(1_000_000n, encodeScalar(blinding + 1n)), p64.proof, 64)).toBe(false)
    // every 32-byte word: flipping its lowest bit either breaks the encoding (RangeError) or the check
    for (let word = 0; word < 21; word++) {
      const bad = p64.proof.slice()
      bad[32 * word]! ^= 2
      let ok: boolean
      try {
        ok = verifyRange(p64.commitment, bad, 64)
      } catch (error) {
        expect(error).toBeInstanceOf(RangeError)
        ok = false
      }
      expect(ok, `word ${word}`).toBe(false)
    }
  })

  it('boundaries: 0 and 2^n − 1 prove; 2^n cannot be proven', () => {
    for (const bits of [8, 16] as const) {
      for (const v of [0n, (1n << BigInt(bits)) - 1n]) {
        const { commitment, proof } = proveRange(v, encodeScalar(randomScalar()), bits)
        expect(verifyRange(commitment, proof, bits)).toBe(true)
      }
      expectThrow(() => proveRange(1n << BigInt(bits), encodeScalar(1n), bits), RangeError, new RegExp(`below 2\\^${bits}`))
    }
  })

  it('a value out of range cannot pass as in range: a proof for v in [0, 2^8) does not verify under C + 2^8·G', () => {
    const r = randomScalar()
    const { commitment, proof } = proveRange(200n, encodeScalar(r), 8)
    const shifted = commitmentAdd(commitment, pedersenCommit(256n, encodeScalar(0n)))
    expect(verifyRange(shifted, proof, 8)).toBe(false)
  })

  it('differences: C(7) − C(5) has a 32-bit proof (blinding r₇ − r₅); C(5) − C(7) hides ℓ − 2, which has none', () => {
    const [r5, r7] = [randomScalar(), randomScalar()]
    const diff = commitmentSub(pedersenCommit(7n, encodeScalar(r7)), pedersenCommit(5n, encodeScalar(r5)))
    const { commitment, proof } = proveRange(2n, encodeScalar(r7 - r5), 32)
    expect(commitment).toEqual(diff)
    expect(verifyRange(diff, proof, 32)).toBe(true)
    expectThrow(() => proveRange(SCALAR_ORDER - 2n, encodeScalar(r5 - r7), 32), RangeError, /below 2\^32/)
  })

  const failures: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['bits 12', () => verifyRange(p64.commitment, p64.proof, 12), RangeError, /"bits" expected one of 8, 16, 32, 64/],
    ['bits 128', () => verifyRange(p64.commitment, p64.proof, 128), RangeError, /"bits" must be in \[8, 64\]/],
    ['proof of the wrong length', () => verifyRange(p64.commitment, p64.proof, 32), RangeError, /"proof" expected Uint8Array of length 608/],
    ['proof not bytes', () => verifyRange(p64.commitment, [] as never, 64), TypeError, /"proof" expected Uint8Array/],
  ]
  for (const [name, fn, type, message] of failures) it(`throws: ${name}`, () => expectThrow(fn, type, message))
})
