import { describe, expect, it } from 'vitest'
import { toHex, utf8 } from '../../node/bytes.ts'
import { sm3 } from '../../node/crypto.ts'
import { bucketOf, StateTree } from '../../node/state-root.ts'
import { encode } from '../../vm/canonical.ts'
import { compareKeys } from '../../vm/state.ts'

/** The state root as docs/node.md "State root" defines it, computed from scratch with the generic encoder. */
function referenceRoot(entries: Map<string, Uint8Array>): string {
  const buckets = new Map<number, string[]>()
  for (const key of entries.keys()) {
    let h = 0x811c9dc5
    for (const byte of utf8(key)) h = Math.imul(h ^ byte, 0x01000193)
    const b = h >>> 16
    buckets.set(b, [...(buckets.get(b) ?? []), key])
  }
  let level = new Map<number, Uint8Array>()
  for (const [b, keys] of buckets) {
    const leaves = keys.sort(compareKeys).map((key) => sm3(encode([key, entries.get(key)!])))
    level.set(b, sm3(Uint8Array.from([0x01, ...leaves.flatMap((leaf) => [...leaf])])))
  }
  for (let depth = 16; depth > 0; depth--) {
    const parents = new Map<number, Uint8Array>()
    for (const i of level.keys()) {
      const p = i >> 1
      if (parents.has(p)) continue
      const zero = new Uint8Array(32)
      parents.set(p, sm3(Uint8Array.from([0x02, ...(level.get(2 * p) ?? zero), ...(level.get(2 * p + 1) ?? zero)])))
    }
    level = parents
  }
  return toHex(level.get(0) ?? new Uint8Array(32))
}

describe('state root', () => {
  it('equals the documented structure over any keys and values: non-ASCII and long keys, long values, shared buckets', () => {
    const entries = new Map<string, Uint8Array>()
    for (let i = 0; i < 1500; i++) entries.set(`s:0x${i.toString(16).padStart(40, '0')}:balance:${i}`, encode(BigInt(i) ** 5n))
    entries.set('n:0xabc', encode(7))
    entries.set('s:clé:é', encode('valeur'))
    entries.set('s:emoji:🌍', new Uint8Array(0))
    entries.set('s:long:' + 'k'.repeat(300), new Uint8Array(200).fill(9))
    entries.set('s:long-ascii:' + 'a'.repeat(120), encode('x'))
    entries.set('k:code', utf8('exports.f = () => 1'.repeat(100)))
    const perBucket = new Map<number, number>()
    for (const key of entries.keys()) perBucket.set(bucketOf(key), (perBucket.get(bucketOf(key)) ?? 0) + 1)
    const sharing = [...entries.keys()].filter((key) => perBucket.get(bucketOf(key))! > 1)
    expect(sharing.length).toBeGreaterThan(10) // some buckets hold several keys

    const tree = new StateTree()
    for (const [key, value] of entries) tree.set(key, value)
    expect(toHex(tree.root())).toBe(referenceRoot(entries))

    // Changes and deletions after a root, including a bucket emptied and one left with fewer keys.
    for (const key of [...sharing.slice(0, 3), 's:clé:é', 'n:0xabc']) {
      entries.delete(key)
      tree.set(key, null)
    }
    entries.set('s:emoji:🌍', encode({ a: 1 }))
    tree.set('s:emoji:🌍', encode({ a: 1 }))
    tree.set('s:never-set', null)
    expect(toHex(tree.root())).toBe(referenceRoot(entries))
  })
})
