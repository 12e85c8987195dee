// `inkstone build` (compile a contract to its artifact), `inkstone init` (a new project) and `inkstone test` (its tests).
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { formatMessage, serializeArtifact, type Message } from '../../compiler/index.ts'
import { compileFile } from '../../compiler/node.ts'
import { CliError, UsageError, type Output } from './output.ts'

export async function buildCommand(positionals: string[], flags: Record<string, string | boolean | undefined>, out: Output): Promise<void> {
  const [file] = positionals
  if (!file || positionals.length > 1) throw new UsageError('usage: inkstone build <contract.ts> [--out <file>]')
  if (!existsSync(file)) throw new CliError(`${file}: no such file`)
  out.progress(`compiling ${file}…`)
  const result = await compileFile(file)
  // Messages name files relative to the project root; show them relative to where we are.
  const shown = (message: Message) => formatMessage(message.file === '' ? message : { ...message, file: path.relative(process.cwd(), path.join(result.root, message.file)) })
  for (const message of result.errors) console.error(shown(message))
  for (const message of result.warnings) console.error(`warning: ${shown(message)}`)
  if (!result.artifact) throw new CliError(`${file}: build failed`)
  const target = (flags.out as string | undefined) ?? file.replace(/\.ts$/, '') + '.artifact.json'
  writeFileSync(target, serializeArtifact(result.artifact))
  out.result({ artifact: target, name: result.artifact.name, codeHash: result.artifact.codeHash }, `${target}: ${result.artifact.name}, code hash ${result.artifact.codeHash}`)
}

/**
 * `inkstone test [files…]`: vitest in this process, with the harness's gas reporter. Resolves the
 * exit code; with --watch it returns after the first run and vitest keeps watching (contracts
 * are compiled from disk, not imported, so a change under contracts/ reruns every test).
 */
export async function testCommand(positionals: string[], flags: Record<string, string | boolean | undefined>): Promise<number> {
  const [{ startVitest }, { GasReporter }] = await Promise.all([import('vitest/node'), import('../../stdlib/testing/gas-reporter.ts')])
  const watch = flags.watch === true
  await startVitest('test', positionals, {
    watch,
    run: !watch,
    update: flags.update === true,
    ...(typeof flags.name === 'string' ? { testNamePattern: flags.name } : {}),
    reporters: ['default', new GasReporter({ table: flags['no-gas-report'] !== true, ...(typeof flags['gas-json'] === 'string' ? { json: flags['gas-json'] } : {}) })],
    forceRerunTriggers: ['**/package.json/**', '**/vitest.config.*/**', '**/contracts/**'],
    // A test file's first deployment compiles the contract, TypeScript's libs included (~1 s cold).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  })
  return Number(process.exitCode ?? 0)
}

export async function initCommand(positionals: string[], _flags: unknown, out: Output): Promise<void> {
  const [directory] = positionals
  if (!directory) throw new UsageError('usage: inkstone init <directory>')
  if (existsSync(directory) && readdirSync(directory).length > 0) throw new CliError(`${directory} is not empty`)
  const files = projectTemplate(path.basename(path.resolve(directory)))
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(directory, name)), { recursive: true })
    writeFileSync(path.join(directory, name), text)
  }
  out.result({ directory, files: Object.keys(files) }, [`created ${directory}:`, ...Object.keys(files).map((f) => `  ${f}`), '', 'next:', `  cd ${directory}`, '  npm install', '  npm run build && npm test'].join('\n'))
}

/**
 * The files of a new project: stdlib/testing/template (two contracts and their tests on
 * inkstone/testing, a tsconfig, a README; `gitignore` becomes `.gitignore`, which npm would not
 * pack) and a package.json depending on this checkout, so `npm install` needs no registry.
 */
function projectTemplate(name: string): Record<string, string> {
  const inkstone = path.resolve(new URL('../..', import.meta.url).pathname)
  const template = path.join(inkstone, 'stdlib/testing/template')
  const files: Record<string, string> = {
    'package.json': JSON.stringify(
      {
        name,
        private: true,
        type: 'module',
        scripts: { build: 'inkstone build contracts/counter.ts && inkstone build contracts/token.ts', test: 'inkstone test', 'test:watch': 'inkstone test --watch' },
        devDependencies: { inkstone: `file:${inkstone}` },
      },
      null,
      2,
    ) + '\n',
  }
  for (const file of readdirSync(template, { recursive: true, encoding: 'utf8' }).sort()) {
    const from = path.join(template, file)
    if (statSync(from).isFile()) files[file === 'gitignore' ? '.gitignore' : file.split(path.sep).join('/')] = readFileSync(from, 'utf8')
  }
  return files
}
