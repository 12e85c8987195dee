import { bytesToHex, hexToBytes } from '@noble/curves/utils.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { sm3 } from '../../../stdlib/crypto/index.ts'
import { verifyMerklePoseidon } from '../../../stdlib/zkp/merkle-poseidon.ts'
import { leafHash, nodeHash, verifyInclusion, verifyMerkleSm3, type Hash32 } from '../../../stdlib/zkp/merkle-sm3.ts'
import { poseidon2 } from '../../../stdlib/zkp/poseidon.ts'
import { expectThrow } from './_fixtures.ts'

const ct = JSON.parse(readFileSync(new URL('./vectors/rfc6962-sha256.json', import.meta.url), 'utf8'))
const leaves: Uint8Array[] = ct.leaves.map(hexToBytes)

/** RFC 9162 §2.1.1 MTH and §2.1.3.1 PATH, written from the RFC as the test's reference. */
function mth(hash: Hash32, d: Uint8Array[]): Uint8Array {
  if (d.length === 1) return leafHash(hash, d[0]!)
  let k = 1
  while (k * 2 < d.length) k *= 2
  return nodeHash(hash, mth(hash, d.slice(0, k)), mth(hash, d.slice(k)))
}
function auditPath(hash: Hash32, m: number, d: Uint8Array[]): Uint8Array[] {
  if (d.length === 1) return []
  let k = 1
  while (k * 2 < d.length) k *= 2
  return m < k ? [...auditPath(hash, m, d.slice(0, k)), mth(hash, d.slice(k))] : [...auditPath(hash, m - k, d.slice(k)), mth(hash, d.slice(0, k))]
}

describe('merkle (RFC 9162 tree): the SHA-256 instance against RFC 6962 reference data', () => {
  it('roots of the first n test leaves', () => {
    for (let n = 1; n <= 8; n++) expect(bytesToHex(mth(sha256, leaves.slice(0, n)))).toBe(ct.roots[n - 1])
  })
  for (const v of ct.inclusion) {
    it(`inclusion of leaf ${v.index} in the tree of ${v.treeSize}`, () => {
      const root = hexToBytes(ct.roots[v.treeSize - 1])
      const path = v.path.map(hexToBytes)
      expect(verifyInclusion(sha256, root, leaves[v.index]!, v.index, v.treeSize, path)).toBe(true)
      expect(verifyInclusion(sha256, root, leaves[(v.index + 1) % v.treeSize]!, v.index, v.treeSize, path)).toBe(false)
    })
  }
})

describe('merkle: SM3 instance', () => {
  const data = Array.from({ length: 13 }, (_, i) => new TextEncoder().encode(`entry ${i}`))
  it('every leaf of every tree of 1…13 leaves verifies; a wrong index, leaf or path fails', () => {
    for (let n = 1; n <= 13; n++) {
      const root = mth(sm3, data.slice(0, n))
      for (let m = 0; m < n; m++) {
        const path = auditPath(sm3, m, data.slice(0, n))
        expect(verifyMerkleSm3(root, data[m]!, m, n, path)).toBe(true)
        if (n > 1) {
          expect(verifyMerkleSm3(root, data[m]!, (m + 1) % n, n, path)).toBe(false)
          expect(verifyMerkleSm3(root, data[(m + 1) % n]!, m, n, path)).toBe(false)
          expect(verifyMerkleSm3(root, data[m]!, m, n, path.slice(0, -1))).toBe(false)
        }
      }
    }
  })

  it('an inner node is not accepted as a leaf (0x00/0x01 prefixes)', () => {
    const root = mth(sm3, data.slice(0, 4))
    const left = mth(sm3, data.slice(0, 2))
    expect(verifyMerkleSm3(root, left, 0, 2, [mth(sm3, data.slice(2, 4))])).toBe(false)
  })

  const root = mth(sm3, data.slice(0, 4))
  const failures: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['index ≥ tree size', () => verifyMerkleSm3(root, data[0]!, 4, 4, []), RangeError, /"index" must be in \[0, 3\]/],
    ['tree size 0', () => verifyMerkleSm3(root, data[0]!, 0, 0, []), RangeError, /"treeSize" must be in/],
    ['root of 31 bytes', () => verifyMerkleSm3(root.subarray(1), data[0]!, 0, 4, []), RangeError, /"root" expected Uint8Array of length 32/],
    ['a path entry of 33 bytes', () => verifyMerkleSm3(root, data[0]!, 0, 4, [new Uint8Array(33)]), RangeError, /"path\[0\]" expected Uint8Array of length 32/],
    ['path not an array', () => verifyMerkleSm3(root, data[0]!, 0, 4, 'x' as never), TypeError, /"path" expected array/],
    ['a 54-entry path', () => verifyMerkleSm3(root, data[0]!, 0, 4, Array(54).fill(root)), RangeError, /at most 53/],
  ]
  for (const [name, fn, type, message] of failures) it(`throws: ${name}`, () => expectThrow(fn, type, message))
})

describe('merkle: Poseidon instance (fixed depth)', () => {
  const depth = 4
  const leavesF = Array.from({ length: 1 << depth }, (_, i) => poseidon2(BigInt(i), 0n))
  const levels = [leavesF]
  while (levels.at(-1)!.length > 1) {
    const prev = levels.at(-1)!
    levels.push(Array.from({ length: prev.length / 2 }, (_, i) => poseidon2(prev[2 * i]!, prev[2 * i + 1]!)))
  }
  const root = levels[depth]![0]!
  const siblings = (index: number) => Array.from({ length: depth }, (_, l) => levels[l]![(index >> l) ^ 1]!)

  it('every leaf of a depth-4 tree verifies; as decimal strings too; a wrong index fails', () => {
    for (let i = 0; i < 1 << depth; i++) {
      expect(verifyMerklePoseidon(root, leavesF[i], i, siblings(i))).toBe(true)
      expect(verifyMerklePoseidon(root.toString(), leavesF[i]!.toString(), BigInt(i), siblings(i).map(String))).toBe(true)
      expect(verifyMerklePoseidon(root, leavesF[i], i ^ 1, siblings(i))).toBe(false)
    }
  })

  const failures: [string, () => unknown, ErrorConstructor, RegExp][] = [
    ['index ≥ 2^depth', () => verifyMerklePoseidon(root, leavesF[0], 16, siblings(0)), RangeError, /"index" must be in \[0, 2\^4\)/],
    ['a sibling ≥ r', () => verifyMerklePoseidon(root, leavesF[0], 0, [...siblings(0).slice(1), 1n << 254n]), RangeError, /"siblings\[3\]" must be in/],
    ['no siblings', () => verifyMerklePoseidon(root, leavesF[0], 0, []), RangeError, /1 to 64 levels/],
    ['a float index', () => verifyMerklePoseidon(root, leavesF[0], 0.5, siblings(0)), TypeError, /"index" expected integer/],
  ]
  for (const [name, fn, type, message] of failures) it(`throws: ${name}`, () => expectThrow(fn, type, message))
})
