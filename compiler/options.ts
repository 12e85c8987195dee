/**
 * Options of `compile`, checked up front with messages that name the option (like esbuild's).
 */
import type { Esbuild } from './bundle.ts'
import { normalizePath, type FileSource } from './files.ts'
import type { Message } from './messages.ts'

export interface CompileOptions {
  /** The contract's file, relative to the project root (`contracts/token.ts`). */
  entry: string
  /** The project's files, by root-relative path: sources and any `node_modules` packages they import. */
  files: FileSource
  /** The stdlib's files (the `stdlib/` directory), by path relative to it: what `inkstone` resolves to. */
  stdlib: FileSource
  /** TypeScript's `lib.*.d.ts` files, by file name (`lib.es2023.d.ts`). */
  typescriptLib: FileSource
  /** `esbuild` in Node, an initialized `esbuild-wasm` in a browser. */
  esbuild: Esbuild
}

const FILE_OPTIONS = ['files', 'stdlib', 'typescriptLib'] as const
const KNOWN = new Set<string>(['entry', 'esbuild', ...FILE_OPTIONS])

/** Returns the problems with `options` (empty when they are valid) and the entry's virtual path. */
export function validateOptions(options: unknown): { errors: Message[]; entryPath: string } {
  const errors: string[] = []
  let entryPath = ''
  if (typeof options !== 'object' || options === null) return { errors: [optionMessage('options must be an object')], entryPath }
  const given = options as Record<string, unknown>
  for (const key of Object.keys(given)) if (!KNOWN.has(key)) errors.push(`unknown option "${key}"`)
  const { entry, esbuild } = given
  const normalized = typeof entry === 'string' && !entry.startsWith('/') ? normalizePath(entry) : undefined
  if (typeof entry !== 'string' || !entry.endsWith('.ts') || normalized === undefined) {
    errors.push(`"entry" must be the root-relative path of a .ts file, got ${typeof entry === 'string' ? JSON.stringify(entry) : typeof entry}`)
  } else entryPath = normalized
  for (const key of FILE_OPTIONS) {
    const value = given[key]
    if (typeof value !== 'function' && (typeof value !== 'object' || value === null)) {
      errors.push(`"${key}" must be an object mapping paths to file texts, or a function (path) => text | undefined`)
    }
  }
  const api = esbuild as Partial<Esbuild> | undefined
  if (typeof api !== 'object' || api === null || typeof api.build !== 'function' || typeof api.version !== 'string') {
    errors.push('"esbuild" must be the esbuild API (esbuild or an initialized esbuild-wasm)')
  }
  return { errors: errors.map(optionMessage), entryPath }
}

function optionMessage(text: string): Message {
  return { file: '', line: 0, column: 0, text, code: 'options' }
}
