/**
 * Where in the TypeScript sources a call failed: the VM reports the contract's stack in bundle
 * coordinates (docs/vm.md), the artifact's source map turns them back into project lines.
 */
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping'
import type { SourceMap } from '../../../compiler/index.ts'

export interface SourceLocation {
  file: string
  /** 1-based, as in compiler messages. */
  line: number
  column: number
}

/**
 * The innermost frame that lies in the project's own files: a revert raised inside the stdlib
 * (`require`) is shown at the contract line that called it.
 */
export function failureLocation(stack: string, sourceMap: SourceMap): SourceLocation | undefined {
  const map = new TraceMap(sourceMap)
  for (const [, line, column] of stack.matchAll(/\(bundle:(\d+):(\d+)\)/g)) {
    const position = originalPositionFor(map, { line: Number(line), column: Number(column) - 1 })
    if (position.source !== null && !position.source.startsWith('node_modules/')) return { file: position.source, line: position.line, column: position.column + 1 }
  }
  return undefined
}
