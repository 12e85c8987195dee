/**
 * The Node edge of the compiler: reads the project, the stdlib and TypeScript's libs from disk
 * and runs `compile` with the native esbuild. Everything else in compiler/ is file-system free.
 *
 * The project root is the nearest directory above the contract holding a package.json (else the
 * contract's own directory): paths in the artifact and in messages are relative to it, so a build
 * does not depend on where the project is or from where the build runs.
 */
import * as esbuild from 'esbuild'
import { existsSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { compile, type CompileResult } from './compile.ts'
import type { FileSource } from './files.ts'

const STDLIB_DIR = fileURLToPath(new URL('../stdlib/', import.meta.url))
const TYPESCRIPT_LIB_DIR = path.dirname(createRequire(import.meta.url).resolve('typescript'))

/**
 * The stdlib, TypeScript's libs (which never change while the process runs: read once) and esbuild:
 * with `files` and `entry`, the options of `compile`, e.g. to compile a map of sources in memory.
 */
export const nodeEnvironment = { stdlib: readUnder(STDLIB_DIR), typescriptLib: memoize(readUnder(TYPESCRIPT_LIB_DIR)), esbuild } as const

export type CompileFileResult = CompileResult & {
  /** The project root the artifact's paths and the messages' files are relative to. */
  root: string
}

/**
 * Compiles the contract in `file`.
 * @param options.root - the project root (default: the nearest directory with a package.json)
 */
export async function compileFile(file: string, options: { root?: string } = {}): Promise<CompileFileResult> {
  const absolute = path.resolve(file)
  const root = options.root === undefined ? projectRoot(path.dirname(absolute)) : path.resolve(options.root)
  const entry = path.relative(root, absolute).split(path.sep).join('/')
  const result = await compile({ entry, files: readUnder(root), ...nodeEnvironment })
  return { ...result, root }
}

function projectRoot(dir: string): string {
  for (let at = dir; ; at = path.dirname(at)) {
    if (existsSync(path.join(at, 'package.json'))) return at
    if (path.dirname(at) === at) return dir
  }
}

function readUnder(dir: string): (file: string) => string | undefined {
  return (file) => {
    try {
      return readFileSync(path.join(dir, file), 'utf8')
    } catch {
      return undefined
    }
  }
}

function memoize(read: (file: string) => string | undefined): FileSource {
  const cache = new Map<string, string | undefined>()
  return (file) => {
    if (!cache.has(file)) cache.set(file, read(file))
    return cache.get(file)
  }
}
