import { describe, expect, it } from 'vitest'
import { encodeReceipt, encodeReceipts, listRoot, receiptsRoot, type Receipt } from '../../node/block.ts'
import { encode, type CanonicalValue } from '../../vm/canonical.ts'
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

describe('encodeReceipts', () => {
  const base: Receipt = {
    txHash: 'ab'.repeat(32),
    from: '0x' + '12'.repeat(20),
    status: 'ok',
    gasUsed: 5748,
    value: null,
    error: null,
    events: [],
    contractAddress: null,
    height: 21,
    index: 0,
  }
  const receipts: Receipt[] = [
    base,
    { ...base, value: { balance: 10n ** 30n, list: [1, -2.5, true, null, 'x'], bytes: Uint8Array.of(0, 255), '': { 'é': '\u{1F600}' } } },
    { ...base, events: [{ contract: '0x' + '34'.repeat(20), name: 'Transfer', data: { to: 'b', from: 'a', amount: 1n } }, { contract: 'c', name: 'E', data: null }] },
    { ...base, status: 'revert', error: { kind: 'revert', name: 'RevertError', message: 'nope', contract: '0x' + '56'.repeat(20), stack: '    at f (bundle:1:2)' } },
    { ...base, status: 'out-of-gas', gasUsed: 0, error: { stack: '', contract: 'x', message: 'out of gas', name: 'Error', kind: 'out-of-gas' } },
    { ...base, contractAddress: '0x' + '78'.repeat(20), index: 7, height: 2 ** 40 },
  ]

  it('writes the bytes the generic encoding gives, field by field', () => {
    for (const receipt of receipts) expect(encodeReceipt(receipt)).toEqual(encode(receipt as unknown as CanonicalValue))
  })

  it('writes a block of receipts, each its own bytes, whatever text and numbers they hold', () => {
    const long = 'x'.repeat(200) // a length of two uvarint bytes
    const odd: Receipt[] = [
      { ...base, value: true },
      { ...base, value: false, gasUsed: -0, index: 3.5 },
      { ...base, value: 'ascii', status: 'ok' },
      { ...base, value: 'non-ASCII é ✓ \u{1F600}', from: 'é' + long },
      { ...base, value: 12n, txHash: long, contractAddress: 'ü' },
      { ...base, status: 'error', error: { kind: 'error', name: 'TypeError', message: 'échec ' + long, contract: long, stack: long + '\n    at f (bundle:1:2)' } },
      { ...base, events: Array.from({ length: 130 }, (_, i) => ({ contract: '0x' + i, name: i % 2 ? 'Évènement' : 'E', data: i % 3 ? { i, text: 'é'.repeat(i) } : null })) },
    ]
    // Over the writer's first 64 KiB: it grows, and earlier receipts keep their bytes.
    const block = Array.from({ length: 300 }, (_, i) => [...receipts, ...odd][i % (receipts.length + odd.length)]!)
    const encoded = encodeReceipts(block)
    expect(encoded.reduce((n, bytes) => n + bytes.length, 0)).toBeGreaterThan(64 * 1024)
    encoded.forEach((bytes, i) => expect(bytes).toEqual(encode(block[i] as unknown as CanonicalValue)))
    expect(encodeReceipts([])).toEqual([])
  })

  it('checks values as the generic encoding does', () => {
    expect(() => encodeReceipt({ ...base, value: { n: NaN } as unknown as CanonicalValue })).toThrow(/\$\.n: NaN is not encodable/)
    expect(() => encodeReceipt({ ...base, events: [{ contract: 'c', name: '\uD800', data: null }] })).toThrow(/lone surrogate/)
    expect(() => encodeReceipt({ ...base, from: 'a\uDC00' })).toThrow(/lone surrogate/)
    expect(() => encodeReceipt({ ...base, gasUsed: Infinity })).toThrow(/Infinity is not encodable/)
  })
})
