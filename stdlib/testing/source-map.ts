/**
 * Source map lookups: a position in a contract's bundle → the TypeScript source it came from.
 *
 * Format: Source Map Revision 3 (ECMA-426 §"Mappings"): `mappings` holds one group per generated
 * line (separated by `;`), each a list of segments (`,`) of 1, 4 or 5 Base64 VLQ fields: generated
 * column, source index, original line, original column, name index. Every field but the first
 * segment's generated column of a line is relative to the previous value of the same field.
 * Decoded once per map and kept while the map lives. Works in Node and in browsers.
 */
import type { SourceMap } from '../../compiler/bundle.ts'

/** A position in a source file: `line` and `column` are 1-based, as in `file:line:col`. */
export interface OriginalPosition {
  source: string
  line: number
  column: number
  /** The original identifier at that position, when the map names one. */
  name?: string
}

/** [generated column, source, line, column, name?], all 0-based and absolute; or [column] alone. */
type Segment = [number] | [number, number, number, number] | [number, number, number, number, number]

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'
const DIGIT = new Map([...BASE64].map((char, value) => [char, value]))
const decoded = new WeakMap<SourceMap, Segment[][]>()

/**
 * The original position of the bundle position `line`:`column` (both 1-based), or undefined
 * where the map says nothing (generated code). The segment that starts at or before the column
 * covers it (the "greatest lower bound" of source-map libraries).
 * @example originalPosition(artifact.sourceMap, 320, 13) // { source: 'contracts/token.ts', line: 88, column: 5 }
 */
export function originalPosition(map: SourceMap, line: number, column: number): OriginalPosition | undefined {
  let lines = decoded.get(map)
  if (!lines) decoded.set(map, (lines = decodeMappings(map.mappings)))
  const segments = lines[line - 1]
  if (!segments) return undefined
  let low = 0
  let high = segments.length - 1
  let found: Segment | undefined
  while (low <= high) {
    const middle = (low + high) >> 1
    if (segments[middle]![0] <= column - 1) {
      found = segments[middle]
      low = middle + 1
    } else {
      high = middle - 1
    }
  }
  if (!found || found.length === 1) return undefined
  const position: OriginalPosition = { source: map.sources[found[1]]!, line: found[2] + 1, column: found[3] + 1 }
  if (found.length === 5) position.name = map.names[found[4]]!
  return position
}

/** Decodes `mappings` into absolute segments per generated line. Throws `SyntaxError` when malformed. */
export function decodeMappings(mappings: string): Segment[][] {
  const lines: Segment[][] = []
  // Source, original line, original column and name carry over between lines; the column does not.
  const state = [0, 0, 0, 0]
  let segments: Segment[] = []
  let fields: number[] = []
  let value = 0
  let shift = 0
  const endSegment = () => {
    if (fields.length === 0) return
    if (fields.length !== 1 && fields.length !== 4 && fields.length !== 5) throw new SyntaxError(`source map segment with ${fields.length} fields`)
    const column = (segments.length > 0 ? segments[segments.length - 1]![0] : 0) + fields[0]!
    if (fields.length === 1) segments.push([column])
    else {
      for (let i = 1; i < fields.length; i++) state[i - 1]! += fields[i]!
      segments.push(fields.length === 4 ? [column, state[0]!, state[1]!, state[2]!] : [column, state[0]!, state[1]!, state[2]!, state[3]!])
    }
    fields = []
  }
  for (const char of mappings) {
    if (char === ',' || char === ';') {
      if (shift !== 0) throw new SyntaxError('source map mappings end inside a VLQ value')
      endSegment()
      if (char === ';') {
        lines.push(segments)
        segments = []
      }
      continue
    }
    const digit = DIGIT.get(char)
    if (digit === undefined) throw new SyntaxError(`source map mappings contain "${char}"`)
    value += (digit & 31) * 2 ** shift
    shift += 5
    if (digit & 32) continue
    // The lowest bit of a VLQ value is its sign.
    fields.push(value % 2 === 1 ? -Math.floor(value / 2) : value / 2)
    value = 0
    shift = 0
  }
  if (shift !== 0) throw new SyntaxError('source map mappings end inside a VLQ value')
  endSegment()
  lines.push(segments)
  return lines
}
