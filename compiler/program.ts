/**
 * Type-checking: a TypeScript program over the virtual file tree, in strict mode, against the
 * ECMAScript library and the stdlib's globals only (no DOM, no Node), so host APIs are type errors.
 *
 * Parsed files are kept across compilations (keyed by path and text) together with their binding,
 * which TypeScript stores on the SourceFile: the lib files, about 60, are parsed once per process.
 * This is what makes a warm compile fast; a fresh checker per compile keeps results independent of
 * what was compiled before.
 */
import ts from 'typescript'
import { displayPath, isProjectFile, isStdlib, STDLIB_DIR, TYPESCRIPT_LIB_DIR, type VirtualFs } from './files.ts'
import type { Message } from './messages.ts'

export const COMPILER_OPTIONS: ts.CompilerOptions = {
  strict: true,
  // Canonical values have no `undefined`: an optional property must be absent, never undefined.
  exactOptionalPropertyTypes: true,
  noImplicitOverride: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  moduleResolution: ts.ModuleResolutionKind.Bundler,
  lib: ['lib.es2023.d.ts'],
  types: [],
  noEmit: true,
  isolatedModules: true,
  allowImportingTsExtensions: true,
  resolveJsonModule: true,
  skipLibCheck: true,
}

/** Files every contract program holds besides the entry: the stdlib's ambient declarations. */
const STDLIB_ROOTS = [STDLIB_DIR + 'host.d.ts', STDLIB_DIR + 'globals.d.ts']

const MAX_CACHED_FILES = 1000
const sourceFiles = new Map<string, ts.SourceFile>()

function cachedSourceFile(path: string, text: string): ts.SourceFile {
  const cached = sourceFiles.get(path)
  if (cached && cached.text === text) return cached
  const file = ts.createSourceFile(path, text, { languageVersion: ts.ScriptTarget.ES2022, impliedNodeFormat: ts.ModuleKind.ESNext }, true)
  // A playground edits one file many times: keep the cache bounded (libs are re-added when needed).
  if (sourceFiles.size >= MAX_CACHED_FILES) sourceFiles.delete(sourceFiles.keys().next().value!)
  sourceFiles.set(path, file)
  return file
}

export interface CheckedProgram {
  program: ts.Program
  checker: ts.TypeChecker
  entry: ts.SourceFile
  /** The project's own files in the program (not the stdlib, packages or libs), in program order. */
  projectFiles: ts.SourceFile[]
  errors: Message[]
}

export function checkProgram(fs: VirtualFs, entryPath: string): CheckedProgram {
  const host: ts.CompilerHost = {
    getSourceFile: (path) => {
      const text = fs.read(path)
      return text === undefined ? undefined : cachedSourceFile(path, text)
    },
    getDefaultLibFileName: (options) => TYPESCRIPT_LIB_DIR + ts.getDefaultLibFileName(options),
    getDefaultLibLocation: () => TYPESCRIPT_LIB_DIR.slice(0, -1),
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (path) => path,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (path) => fs.exists(path),
    readFile: (path) => fs.read(path),
    resolveModuleNameLiterals: (literals, containingFile, _redirect, options) =>
      literals.map((literal) => resolveForTypes(literal.text, containingFile, options, host)),
  }
  const program = ts.createProgram({ rootNames: [entryPath, ...STDLIB_ROOTS], options: COMPILER_OPTIONS, host })
  const projectFiles = program.getSourceFiles().filter((file) => isProjectFile(file.fileName))
  const diagnostics = [...program.getOptionsDiagnostics(), ...program.getGlobalDiagnostics()]
  for (const file of projectFiles) diagnostics.push(...program.getSyntacticDiagnostics(file), ...program.getSemanticDiagnostics(file))
  return {
    program,
    checker: program.getTypeChecker(),
    entry: program.getSourceFile(entryPath)!,
    projectFiles,
    errors: diagnostics.map(messageFromDiagnostic).map(withoutHostHint),
  }
}

function messageFromDiagnostic(diagnostic: ts.Diagnostic): Message {
  const text = ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')
  const code = `TS${diagnostic.code}`
  if (!diagnostic.file || diagnostic.start === undefined) return { file: '', line: 0, column: 0, text, code }
  const { line, character } = diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start)
  return { file: displayPath(diagnostic.file.fileName), line: line + 1, column: character + 1, text, code }
}

/** "Cannot find name" diagnostics whose hint (add the DOM lib, install @types/node) would mislead a contract author. */
const HOST_HINTS = new Set(['TS2580', 'TS2584', 'TS2591'])

function withoutHostHint(message: Message): Message {
  if (!HOST_HINTS.has(message.code)) return message
  const name = message.text.slice(0, message.text.indexOf('.'))
  return { ...message, text: `${name}: a contract runs without DOM and Node APIs` }
}

/** `inkstone` is the stdlib wherever the project is; everything else resolves as a bundler would. */
function resolveForTypes(specifier: string, containingFile: string, options: ts.CompilerOptions, host: ts.ModuleResolutionHost): ts.ResolvedModuleWithFailedLookupLocations {
  if (specifier === 'inkstone' && !isStdlib(containingFile)) {
    return { resolvedModule: { resolvedFileName: STDLIB_DIR + 'index.ts', extension: ts.Extension.Ts, isExternalLibraryImport: false } }
  }
  return ts.resolveModuleName(specifier, containingFile, options, host)
}
