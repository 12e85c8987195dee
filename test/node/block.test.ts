import { describe, expect, it } from 'vitest'
import { listRoot, receiptsRoot } from '../../node/block.ts'
import { sm3 } from '../../stdlib/crypto/sm3.ts'
import { bytesToHex } from '../../stdlib/crypto/hex.ts'

/** SM3(0x02 ‖ left ‖ right), spelled out: the reference for the lists' inner nodes. */
const pair = (left: Uint8Array, right: Uint8Array) => sm3(Uint8Array.from([0x02, ...left, ...right]))
const leaf = (n: number) => sm3(Uint8Array.of(n))

describe('block lists', () => {
  it('hash inner nodes as SM3(0x02 ‖ left ‖ right), an odd node carried up as it is', () => {
    const [a, b, c, d, e] = [1, 2, 3, 4, 5].map(leaf) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array, Uint8Array]
    expect(listRoot([a])).toBe(bytesToHex(a))
    expect(listRoot([a, b, c])).toBe(bytesToHex(pair(pair(a, b), c)))
    expect(listRoot([a, b, c, d, e])).toBe(bytesToHex(pair(pair(pair(a, b), pair(c, d)), e)))
    // Many pairs in a row (they share one scratch buffer): every node still hashes its own pair.
    const many = Array.from({ length: 64 }, (_, i) => leaf(i))
    let level = many
    while (level.length > 1) level = Array.from({ length: level.length / 2 }, (_, i) => pair(level[2 * i]!, level[2 * i + 1]!))
    expect(listRoot(many)).toBe(bytesToHex(level[0]!))
  })

  it('root receipts over the SM3 of their bytes', () => {
    const receipts = [Uint8Array.of(1, 2, 3), Uint8Array.of(4)]
    expect(receiptsRoot(receipts)).toBe(bytesToHex(pair(sm3(receipts[0]!), sm3(receipts[1]!))))
  })
})
