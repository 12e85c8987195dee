import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import { describe, expect, it } from 'vitest'
import type { SourceMap } from '../../../compiler/bundle.ts'
import { decodeMappings, originalPosition } from '../../../stdlib/testing/source-map.ts'
import { build } from '../../compiler/dev-chain.ts'

const map = (mappings: string, sources = ['a.ts'], names: string[] = []): SourceMap => ({ version: 3, sources, sourcesContent: sources.map(() => ''), mappings, names })

describe('source maps', () => {
  it.each([
    { name: 'one segment', mappings: 'AAAA', expected: [[[0, 0, 0, 0]]] },
    { name: 'relative fields within a line', mappings: 'AAAA,EAAE,CAAC', expected: [[[0, 0, 0, 0], [2, 0, 0, 2], [3, 0, 0, 3]]] },
    { name: 'lines carry source fields but restart columns', mappings: 'IAAI;ECAC', expected: [[[4, 0, 0, 4]], [[2, 1, 0, 5]]] },
    { name: 'negative deltas', mappings: 'AAUA,CAAD', expected: [[[0, 0, 10, 0], [1, 0, 10, -1]]] },
    { name: 'names and 1-field segments', mappings: 'AAAAA,C;;G', expected: [[[0, 0, 0, 0, 0], [1]], [], [[3]]] },
    { name: 'multi-digit values', mappings: 'gBAAgB', expected: [[[16, 0, 0, 16]]] },
  ])('decodes $name', ({ mappings, expected }) => {
    expect(decodeMappings(mappings)).toEqual(expected)
  })

  it('rejects malformed mappings', () => {
    expect(() => decodeMappings('AA!A')).toThrow(SyntaxError)
    expect(() => decodeMappings('AAg')).toThrow('inside a VLQ value')
    expect(() => decodeMappings('AA')).toThrow('2 fields')
  })

  it('looks up the segment at or before a column (1-based in and out)', () => {
    const m = map('AAAA,IAAIA,IAAI;;AACA', ['a.ts'], ['x'])
    expect(originalPosition(m, 1, 1)).toEqual({ source: 'a.ts', line: 1, column: 1 })
    expect(originalPosition(m, 1, 6)).toEqual({ source: 'a.ts', line: 1, column: 5, name: 'x' })
    expect(originalPosition(m, 1, 100)).toEqual({ source: 'a.ts', line: 1, column: 9 })
    expect(originalPosition(m, 2, 1)).toBeUndefined()
    expect(originalPosition(m, 3, 1)).toEqual({ source: 'a.ts', line: 2, column: 9 })
    expect(originalPosition(m, 9, 1)).toBeUndefined()
  })

  it("agrees with @jridgewell/trace-mapping at every position of a compiled contract's bundle", async () => {
    const artifact = await build('examples/token/token.ts')
    const reference = new TraceMap(artifact.sourceMap as never)
    const lines = artifact.bundle.split('\n')
    let compared = 0
    lines.forEach((text, index) => {
      for (let column = 0; column <= text.length; column += 3) {
        const expected = originalPositionFor(reference, { line: index + 1, column })
        const actual = originalPosition(artifact.sourceMap, index + 1, column + 1)
        if (expected.source === null) expect(actual).toBeUndefined()
        else {
          expect(actual).toEqual({ source: expected.source, line: expected.line, column: expected.column + 1, ...(expected.name ? { name: expected.name } : {}) })
          compared++
        }
      }
    })
    expect(compared).toBeGreaterThan(1000)
  })
})
