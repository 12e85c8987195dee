/**
 * Build-time inputs of the playground, read from this repository when Vite bundles it, so the
 * browser gets exactly what the Node compiler uses (nothing is copied by hand):
 *
 *   virtual:inkstone/compiler-env  the stdlib sources `inkstone` resolves to and TypeScript's
 *                                  lib files, as the `stdlib` / `typescriptLib` options of compile()
 *   virtual:inkstone/editor-env    declarations of the stdlib (TypeScript's declaration emit over the
 *                                  same sources) and the compiler's options, for monaco's completion
 *                                  and hover
 *
 * Works in Node only (Vite plugin); the modules it produces are plain data.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import type { Plugin } from 'vite'
import { COMPILER_OPTIONS } from '../../compiler/program.ts'

const STDLIB_DIR = fileURLToPath(new URL('../../stdlib/', import.meta.url))
const TYPESCRIPT_LIB_DIR = path.dirname(createRequire(import.meta.url).resolve('typescript'))

/**
 * What a compile reads from the stdlib: `inkstone` itself, the runtime of the generated entry
 * (compiler/entry.ts) and the ambient declarations every contract program holds (compiler/program.ts).
 */
const STDLIB_ROOTS = ['index.ts', '_entry.ts', 'host.d.ts', 'globals.d.ts']
/** What an author sees: the public module and the ambient globals. */
const TYPES_ROOTS = ['index.ts', 'host.d.ts', 'globals.d.ts']

/** The files reachable from `roots` through relative imports and lib references, by relative path. */
function closure(dir: string, roots: string[], follow: (info: ts.PreProcessedFileInfo, from: string) => string[]): Record<string, string> {
  const files: Record<string, string> = {}
  const pending = [...roots]
  while (pending.length > 0) {
    const file = pending.pop()!
    if (Object.hasOwn(files, file)) continue
    const text = readFileSync(path.join(dir, file), 'utf8')
    files[file] = text
    pending.push(...follow(ts.preProcessFile(text, true, true), file))
  }
  return Object.fromEntries(Object.entries(files).sort(([a], [b]) => (a < b ? -1 : 1)))
}

export function stdlibSources(): Record<string, string> {
  return closure(STDLIB_DIR, STDLIB_ROOTS, (info, from) =>
    info.importedFiles.map((ref) => ref.fileName).filter((name) => name.startsWith('.')).map((name) => path.posix.normalize(path.posix.join(path.posix.dirname(from), name))),
  )
}

/** The lib files the compiler's `lib` option pulls in (lib.es2023.d.ts and what it references). */
export function typescriptLibs(): Record<string, string> {
  return closure(TYPESCRIPT_LIB_DIR, COMPILER_OPTIONS.lib!, (info) => info.libReferenceDirectives.map((ref) => `lib.${ref.fileName.toLowerCase()}.d.ts`))
}

/**
 * Declarations of the stdlib, keyed by the source file's name (`storage-map.ts`): declarations
 * are valid TypeScript, and keeping the names keeps the stdlib's own `./x.ts` imports resolving.
 */
export function stdlibDeclarations(sources: Record<string, string>): Record<string, string> {
  const root = '/inkstone/'
  const out: Record<string, string> = {}
  const host = ts.createCompilerHost({})
  const read = (file: string) => (file.startsWith(root) ? sources[file.slice(root.length)] : undefined)
  host.getSourceFile = (file, language) => {
    const text = read(file) ?? (file.startsWith(root) ? undefined : ts.sys.readFile(path.join(TYPESCRIPT_LIB_DIR, path.basename(file))))
    return text === undefined ? undefined : ts.createSourceFile(file, text, language)
  }
  host.getDefaultLibLocation = () => '/lib'
  host.getDefaultLibFileName = (options) => '/lib/' + ts.getDefaultLibFileName(options)
  host.fileExists = (file) => read(file) !== undefined
  host.directoryExists = (dir) => (dir + '/').startsWith(root)
  host.readFile = read
  host.getCurrentDirectory = () => root
  host.writeFile = (file, text) => {
    out[file.slice(root.length).replace(/\.d\.ts$/, '.ts')] = text
  }
  const options: ts.CompilerOptions = { ...COMPILER_OPTIONS, noEmit: false, declaration: true, emitDeclarationOnly: true, outDir: root, rootDir: root }
  const program = ts.createProgram(TYPES_ROOTS.map((file) => root + file), options, host)
  const result = program.emit()
  // Only emit problems count: like the compiler, this does not judge the stdlib's own bodies.
  const problems = result.diagnostics
  if (problems.length > 0) throw new Error(`stdlib declarations: ${ts.formatDiagnostics(problems, { getCanonicalFileName: (f) => f, getCurrentDirectory: () => root, getNewLine: () => '\n' })}`)
  // Ambient files emit nothing: they are declarations already.
  for (const file of TYPES_ROOTS) if (file.endsWith('.d.ts')) out[file] = sources[file]!
  return out
}

const MODULES: Record<string, () => unknown> = {
  'virtual:inkstone/compiler-env': () => ({ stdlib: stdlibSources(), typescriptLib: typescriptLibs() }),
  'virtual:inkstone/editor-env': () => ({ declarations: stdlibDeclarations(stdlibSources()), compilerOptions: COMPILER_OPTIONS }),
}

/** The Vite plugin serving the modules above (rebuilt when a stdlib file changes in `vite dev`). */
export function inkstoneEnv(): Plugin {
  return {
    name: 'inkstone-env',
    resolveId: (id) => (Object.hasOwn(MODULES, id) ? '\0' + id : undefined),
    load(id) {
      const make = id.startsWith('\0') ? MODULES[id.slice(1)] : undefined
      if (!make) return undefined
      this.addWatchFile(STDLIB_DIR)
      return `export default ${JSON.stringify(make())}`
    },
  }
}
