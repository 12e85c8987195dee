import { describe, expect, it } from 'vitest'
import { compareKeys, MemoryState, Overlay } from '../../vm/state.ts'

const bytes = (...values: number[]) => Uint8Array.from(values)

describe('overlay', () => {
  it('reads its writes over the base, folds or drops nested checkpoints, and hands over what the outermost kept', () => {
    const base = new MemoryState()
    base.apply(new Map([['c', new Map([['a', bytes(1)], ['b', bytes(2)]])]]))
    const overlay = new Overlay(base)
    overlay.checkpoint() // an outermost call
    overlay.set('c', 'a', bytes(10))
    overlay.checkpoint() // a nested call that fails
    overlay.set('c', 'b', null)
    overlay.set('d', 'x', bytes(3))
    expect(overlay.get('c', 'b')).toBeUndefined()
    overlay.revert()
    expect(overlay.get('c', 'b')).toEqual(bytes(2))
    expect(overlay.get('d', 'x')).toBeUndefined()
    overlay.checkpoint() // a nested call that returns
    overlay.set('c', 'b', null)
    overlay.set('c', 'a', bytes(11))
    overlay.commit()
    expect(overlay.depth).toBe(1)
    overlay.commit() // over nothing written yet
    expect(overlay.depth).toBe(0)
    expect(overlay.writes()).toEqual(new Map([['c', new Map([['a', bytes(11)], ['b', null]])]]))
    // A second outermost call over the kept writes merges into them, in order of first write.
    overlay.checkpoint()
    overlay.set('c', 'z', bytes(4))
    overlay.set('c', 'a', bytes(12))
    overlay.commit()
    expect([...overlay.writes().get('c')!]).toEqual([['a', bytes(12)], ['b', null], ['z', bytes(4)]])
    expect(overlay.get('c', 'b')).toBeUndefined()
    expect(() => overlay.commit()).toThrow(/without a checkpoint/)
  })

  it('lists entries by prefix in UTF-8 key order, merging base rows with its writes and deletions', () => {
    const base = new MemoryState()
    base.apply(new Map([['c', new Map([['p/1', bytes(1)], ['p/2', bytes(2)], ['p/3', bytes(3)], ['q', bytes(9)]])]]))
    const overlay = new Overlay(base)
    overlay.checkpoint()
    overlay.set('c', 'p/2', null)
    overlay.set('c', 'p/0', bytes(0))
    expect(overlay.entries('c', 'p/', null, 10).map(([key]) => key)).toEqual(['p/0', 'p/1', 'p/3'])
    expect(overlay.entries('c', 'p/', 'p/0', 2).map(([key]) => key)).toEqual(['p/1', 'p/3'])
    expect(['\u{1F600}', '\uFFFF', 'a'].sort(compareKeys)).toEqual(['a', '\uFFFF', '\u{1F600}'])
  })
})
