// `inkstone build` (compile a contract to its artifact), `inkstone init` (a new project) and `inkstone test` (its tests).
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { formatMessage, serializeArtifact } from '../../compiler/index.ts'
import { compileFile } from '../../compiler/node.ts'
import { CliError, UsageError, type Output } from './output.ts'

export async function buildCommand(positionals: string[], flags: Record<string, string | boolean | undefined>, out: Output): Promise<void> {
  const [file] = positionals
  if (!file || positionals.length > 1) throw new UsageError('usage: inkstone build <contract.ts> [--out <file>]')
  if (!existsSync(file)) throw new CliError(`${file}: no such file`)
  out.progress(`compiling ${file}…`)
  const result = await compileFile(file)
  for (const message of result.errors) {
    // Messages name files relative to the project root; show them relative to where we are.
    const shown = message.file === '' ? message : { ...message, file: path.relative(process.cwd(), path.join(result.root, message.file)) }
    console.error(formatMessage(shown))
  }
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

/** The files of a new project: a counter contract, its test through the VM, build and test scripts. */
function projectTemplate(name: string): Record<string, string> {
  const inkstone = path.resolve(new URL('../..', import.meta.url).pathname)
  return {
    'package.json': JSON.stringify(
      {
        name,
        private: true,
        type: 'module',
        scripts: { build: 'inkstone build contracts/counter.ts', test: 'vitest run' },
        devDependencies: { inkstone: `file:${inkstone}`, vitest: '^4.1.12', tsx: '^4.23.15', typescript: '^6.0.3' },
      },
      null,
      2,
    ) + '\n',
    'contracts/counter.ts': `/** A counter anyone can increment; its owner can reset it. */
import { call, Contract, context, init, require, StorageValue, view } from 'inkstone'

export interface CounterEvents {
  Incremented: { by: string; value: bigint }
}

export class Counter extends Contract<CounterEvents> {
  readonly count = new StorageValue<bigint>('count', 0n)
  readonly owner = new StorageValue<string>('owner', '')

  @init
  init(start: bigint): void {
    this.owner.set(context().caller)
    this.count.set(start)
  }

  @view
  value(): bigint {
    return this.count.get()
  }

  @call
  increment(): bigint {
    const value = this.count.get() + 1n
    this.count.set(value)
    this.emit('Incremented', { by: context().caller, value })
    return value
  }

  @call
  reset(): void {
    require(context().caller === this.owner.get(), 'only the owner can reset')
    this.count.set(0n)
  }
}
`,
    'test/counter.test.ts': `import { describe, expect, it } from 'vitest'
import { compileFile } from 'inkstone/compiler/node.ts'
import { Vm } from 'inkstone/vm/vm.ts'
import { MemoryState } from 'inkstone/vm/state.ts'

describe('Counter', () => {
  it('initializes, increments and refuses a reset by others', async () => {
    const { artifact, errors } = await compileFile('contracts/counter.ts')
    expect(errors).toEqual([])
    const vm = await Vm.create()
    const state = new MemoryState()
    const code = { codeHash: artifact!.codeHash, bundle: artifact!.bundle }
    let height = 0
    const run = (method: string, args: unknown[] = [], sender = 'alice') => {
      const result = vm.call({ state, codeOf: () => code, contract: 'counter', method, args, sender, block: { blockHeight: ++height, blockTime: 0, txHash: String(height) }, gasLimit: 10_000_000 })
      state.apply(result.writes)
      return result
    }
    expect(run('init', [5n]).ok).toBe(true)
    expect(run('increment').value).toBe(6n)
    expect(run('value').value).toBe(6n)
    expect(run('reset', [], 'mallory').error?.message).toBe('only the owner can reset')
    expect(run('reset').ok).toBe(true)
  })
})
`,
    'tsconfig.json': JSON.stringify(
      { compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, allowImportingTsExtensions: true, experimentalDecorators: false }, include: ['contracts', 'test'] },
      null,
      2,
    ) + '\n',
    '.gitignore': 'node_modules/\n.inkstone/\n*.artifact.json\n',
    'README.md': `# ${name}\n\nAn Inkstone contract project.\n\n- \`npm run build\` compiles \`contracts/counter.ts\` to \`contracts/counter.artifact.json\`\n- \`npm test\` runs the contract in the VM\n- \`npx inkstone node\` starts a local node; \`npx inkstone deploy contracts/counter.artifact.json 0n --from <key>\` deploys it\n`,
  }
}
