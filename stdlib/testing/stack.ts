/**
 * TypeScript stack traces of contract failures. The VM reports a failed call's frames in bundle
 * coordinates (`    at transfer (bundle:291:15)`, docs/vm.md); the artifact's source map turns
 * them into `file:line:col` of the contract's .ts sources. Works in Node and in browsers, so the
 * test harness, the CLI and the playground can share it.
 */
import type { SourceMap } from '../../compiler/bundle.ts'
import { originalPosition, type OriginalPosition } from './source-map.ts'

export interface StackFrame {
  /** The function's name in the bundle (the VM's), `<anonymous>` for none. */
  name: string
  /** The source path as the artifact names it: relative to the project root. */
  file: string
  line: number
  column: number
  /** A frame of the stdlib or a package (`node_modules/…`), not of the project's own sources. */
  library: boolean
}

const BUNDLE_FRAME = /^\s*at (\S+) \(bundle:(\d+):(\d+)\)$/

/**
 * The frames of a VM stack mapped through `sourceMap`, innermost first. Frames the map does not
 * cover (generated code) are left out. A function esbuild renamed to avoid a clash (`require2`)
 * gets back its source name, which the map records at the call site in the frame below.
 * @example contractFrames(result.error.stack, artifact.sourceMap)[0] // { name: '#move', file: 'contracts/token.ts', line: 88, column: 5, library: false }
 */
export function contractFrames(stack: string, sourceMap: SourceMap): StackFrame[] {
  const mapped: { name: string; position: OriginalPosition }[] = []
  for (const line of stack.split('\n')) {
    const match = BUNDLE_FRAME.exec(line)
    const position = match && originalPosition(sourceMap, Number(match[2]), Number(match[3]))
    if (position) mapped.push({ name: match[1]!, position })
  }
  return mapped.map(({ name, position: { source, line, column } }, i) => {
    const callee = mapped[i + 1]?.position.name
    const renamed = callee !== undefined && name.startsWith(callee) && /^\d+$/.test(name.slice(callee.length))
    return { name: renamed ? callee : name, file: source, line, column, library: source.startsWith('node_modules/') }
  })
}

/**
 * Stack lines in the V8 format (`    at name (file:line:col)`) that test runners and editors
 * parse; `resolve` turns a root-relative source path into the path to show (e.g. absolute).
 */
export function formatFrames(frames: readonly StackFrame[], resolve: (file: string) => string = (file) => file): string {
  return frames.map(({ name, file, line, column }) => `    at ${name} (${resolve(file)}:${line}:${column})`).join('\n')
}
