/**
 * The compiler's phases, in order; each returns its problems as data and a phase runs only when
 * the ones it depends on succeeded:
 *   1. options (options.ts)
 *   2. type-check in strict mode (program.ts)
 *   3. determinism lint (lint.ts) and contract shape + ABI (contract.ts, abi-extract.ts)
 *   4. generated entry (entry.ts), bundle (bundle.ts) and the lint of the packages bundled (lint.ts)
 *   5. artifact (artifact.ts)
 */
import { makeArtifact, type Artifact } from './artifact.ts'
import { bundle } from './bundle.ts'
import { analyzeContract } from './contract.ts'
import { entrySource } from './entry.ts'
import { displayPath, VirtualFs } from './files.ts'
import { lint, lintPackages } from './lint.ts'
import type { Message } from './messages.ts'
import { validateOptions, type CompileOptions } from './options.ts'
import { checkProgram } from './program.ts'

/** `warnings` are the bundler's (e.g. a package doing something odd); they never stop a build. */
export type CompileResult =
  | { artifact: Artifact; errors: []; warnings: Message[] }
  | { artifact?: undefined; errors: Message[]; warnings: Message[] }

export async function compile(options: CompileOptions): Promise<CompileResult> {
  const { errors: optionErrors, entryPath } = validateOptions(options)
  if (optionErrors.length > 0) return failed(optionErrors)
  const fs = new VirtualFs(options.files, options.stdlib, options.typescriptLib)
  if (!fs.exists(entryPath)) return failed([{ file: displayPath(entryPath), line: 0, column: 0, text: 'file not found', code: 'options' }])

  const checked = checkProgram(fs, entryPath)
  if (checked.errors.length > 0) return failed([...checked.errors, ...lint(checked.program, checked.projectFiles)])
  const lintErrors = lint(checked.program, checked.projectFiles)
  const { contract, errors: contractErrors, warnings: contractWarnings } = analyzeContract(checked.checker, checked.entry)
  if (!contract || lintErrors.length > 0) return failed([...lintErrors, ...contractErrors], contractWarnings)

  const projectFiles = new Map(checked.projectFiles.map((file) => [file.fileName, file]))
  const programFiles = new Map(checked.program.getSourceFiles().map((file) => [file.fileName, file]))
  const bundled = await bundle(options.esbuild, fs, entrySource(contract, entryPath), projectFiles, programFiles)
  if ('errors' in bundled) return failed(bundled.errors, contractWarnings)
  const warnings = [...contractWarnings, ...bundled.warnings]
  const packageErrors = lintPackages(bundled.packages)
  if (packageErrors.length > 0) return failed(packageErrors, warnings)
  const artifact = makeArtifact(contract.name, contract.abi, bundled.code, bundled.sourceMap, options.esbuild.version)
  return { artifact, errors: [], warnings }
}

function failed(errors: Message[], warnings: Message[] = []): CompileResult {
  return { errors, warnings }
}
