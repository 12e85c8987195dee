/**
 * Where in the TypeScript sources a call failed. A failure from the node's RPC (docs/rpc.md,
 * "Failures") carries the VM's stack in bundle coordinates and, when the node has the contract's
 * source map, those frames mapped to TypeScript (`sourceStack`). The page holds the source map
 * of every contract it deployed, so it maps the stack itself when it can (a node started without
 * the project's artifacts has no map) and takes the node's frames otherwise. Works in Node and in
 * the browser.
 */
import type { SourceMap } from '../../../compiler/index.ts'
import { contractFrames, type StackFrame } from '../../../stdlib/testing/stack.ts'

/** The stdlib file of `require` and `revert`: never where a failure's cause is. */
const ASSERTIONS = 'node_modules/inkstone/context.ts'

export interface SourceLocation {
  file: string
  /** 1-based, as in compiler messages. */
  line: number
  column: number
}

/** A contract failure as the RPC reports it (`error` of a receipt or of an `ink_call` result). */
export interface ContractFailure {
  kind: string
  name: string
  message: string
  /** The contract that failed (for a nested call, the callee). */
  contract: string
  stack?: string
  sourceStack?: StackFrame[]
}

/**
 * The innermost frame in the project's own files: a revert raised inside the stdlib (`require`)
 * is shown at the contract line that called it. When no frame is the project's (an entry point
 * inherited from a stdlib base class), the innermost stdlib frame past `require` and `revert`:
 * the check in the stdlib that refused. `sourceMapOf` gives the page's source map of a contract
 * address, if it has one.
 */
export function failureLocation(failure: ContractFailure, sourceMapOf: (address: string) => SourceMap | undefined): SourceLocation | undefined {
  const sourceMap = failure.stack ? sourceMapOf(failure.contract) : undefined
  const frames = sourceMap ? contractFrames(failure.stack!, sourceMap) : (failure.sourceStack ?? [])
  const frame = frames.find((candidate) => !candidate.library) ?? frames.find((candidate) => !candidate.file.endsWith(ASSERTIONS))
  return frame && { file: frame.file, line: frame.line, column: frame.column }
}
