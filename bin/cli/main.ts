// The `inkstone` command line: one table of commands, global flags, clear errors.
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { chainCommand, type ChainFlags } from './chain-commands.ts'
import { keysCommand } from './key-commands.ts'
import { DEFAULT_PORT } from './defaults.ts'
import { CliError, Output, UsageError } from './output.ts'

type Options = NonNullable<ParseArgsConfig['options']>
type Flags = Record<string, string | boolean | undefined>

interface Command {
  usage: string
  summary: string
  options?: Options
  /** Resolves the exit code (nothing: 0). */
  run(positionals: string[], flags: Flags, out: Output): Promise<number | void>
}

const RPC: Options = { rpc: { type: 'string' } }
const KEYSTORE: Options = { keystore: { type: 'string' }, 'passphrase-file': { type: 'string' } }
const SEND: Options = { ...RPC, ...KEYSTORE, from: { type: 'string' }, gas: { type: 'string' }, nonce: { type: 'string' }, 'no-wait': { type: 'boolean' } }
const rpcUrl = (flags: Flags) => (flags.rpc as string | undefined) ?? process.env.INKSTONE_RPC ?? `http://127.0.0.1:${DEFAULT_PORT}`
const chain = (name: string) => (positionals: string[], flags: Flags, out: Output) => chainCommand(name, positionals, { ...flags, rpc: rpcUrl(flags) } as ChainFlags, out)

const COMMANDS: Record<string, Command> = {
  // The compiler loads TypeScript (~1 s): only the commands that compile import it.
  init: { usage: 'init <directory>', summary: 'scaffold a contract project that builds and tests out of the box', run: async (p, f, out) => (await import('./project-commands.ts')).initCommand(p, f, out) },
  build: { usage: 'build <contract.ts> [--out <file>]', summary: 'compile a contract to its artifact (<name>.artifact.json)', options: { out: { type: 'string' } }, run: async (p, f, out) => (await import('./project-commands.ts')).buildCommand(p, f, out) },
  test: {
    usage: 'test [files…] [--watch] [-u] [-t <name>] [--gas-json <file>] [--no-gas-report]',
    summary: "run the project's contract tests (vitest + inkstone/testing): gas report, gas snapshot (-u updates it)",
    options: { watch: { type: 'boolean', short: 'w' }, update: { type: 'boolean', short: 'u' }, name: { type: 'string', short: 't' }, 'gas-json': { type: 'string' }, 'no-gas-report': { type: 'boolean' } },
    run: async (p, f) => (await import('./project-commands.ts')).testCommand(p, f),
  },
  node: {
    usage: 'node [--data <dir>] [--port <n>] [--host <ip>] [--chain-id <id>] [--block-time <ms>] [--workers <n>] [--inline-chain] [--cors <origin>] [--artifacts <dir>]',
    summary: 'run a node with JSON-RPC + WebSocket (LevelDB under .inkstone/chain; instant blocks unless --block-time)',
    options: { data: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'chain-id': { type: 'string' }, 'block-time': { type: 'string' }, workers: { type: 'string' }, 'inline-chain': { type: 'boolean' }, cors: { type: 'string' }, artifacts: { type: 'string' } },
    run: async (_positionals, flags, out) =>
      (await import('./node-commands.ts')).runNode(
        {
          ...(flags.data ? { data: flags.data as string } : {}),
          ...(flags.port !== undefined ? { port: count(flags.port, '--port') } : {}),
          ...(flags.host ? { host: flags.host as string } : {}),
          ...(flags['chain-id'] ? { chainId: flags['chain-id'] as string } : {}),
          ...(flags['block-time'] !== undefined ? { blockTimeMs: count(flags['block-time'], '--block-time') } : {}),
          ...(flags.workers !== undefined ? { workers: count(flags.workers, '--workers') } : {}),
          ...(flags['inline-chain'] ? { chainThread: false } : {}),
          ...(flags.cors ? { corsOrigin: flags.cors as string } : {}),
          ...(flags.artifacts ? { artifacts: flags.artifacts as string } : {}),
        },
        out,
      ),
  },
  verify: { usage: 'verify [--data <dir>]', summary: 'replay the chain from genesis and check every root (stop the node first)', options: { data: { type: 'string' } }, run: async (_p, flags, out) => (await import('./node-commands.ts')).verifyChain(flags.data as string | undefined, out) },
  keys: { usage: 'keys new <name> | list | export <name> | import <name> <hex>', summary: 'SM2 keys in a passphrase-encrypted keystore (~/.inkstone/keystore.json)', options: KEYSTORE, run: (p, flags, out) => keysCommand(p, flags, out) },
  deploy: { usage: 'deploy <artifact.json> [init args…] --from <key> [--init] [--gas <n>]', summary: "deploy a contract artifact; its initializer (the ABI's init method, or --init) gets the args", options: { ...SEND, init: { type: 'boolean' } }, run: chain('deploy') },
  call: { usage: 'call <address> <method> [args…] --from <key> [--gas <n>]', summary: 'send a transaction calling a contract method and wait for its receipt', options: SEND, run: chain('call') },
  view: { usage: 'view <address> <method> [args…] [--from <key|address>]', summary: 'run a method read-only (no transaction)', options: { ...RPC, ...KEYSTORE, from: { type: 'string' } }, run: chain('view') },
  tx: { usage: 'tx <hash>', summary: 'show a committed transaction', options: RPC, run: chain('tx') },
  receipt: { usage: 'receipt <hash>', summary: 'show a transaction receipt', options: RPC, run: chain('receipt') },
  block: { usage: 'block [height | hash | latest] [--full]', summary: 'show a block', options: { ...RPC, full: { type: 'boolean' } }, run: chain('block') },
  nonce: { usage: 'nonce <address | key name>', summary: "show an account's next nonce", options: { ...RPC, ...KEYSTORE }, run: chain('nonce') },
}

/** Prefixed to negative-number arguments while parseArgs runs (no command-line text contains U+0000). */
const NEGATIVE = '\u0000'

function count(value: string | boolean | undefined, flag: string): number {
  const n = Number(value)
  if (typeof value !== 'string' || !Number.isSafeInteger(n) || n < 0) throw new UsageError(`${flag} must be a non-negative integer`)
  return n
}

function help(): string {
  const width = Math.max(...Object.values(COMMANDS).map((c) => c.usage.split(' ')[0]!.length))
  return [
    'usage: inkstone <command> [options]    (--json for machine-readable output)',
    '',
    ...Object.values(COMMANDS).map((c) => `  ${c.usage.split(' ')[0]!.padEnd(width)}  ${c.summary}`),
    '',
    'Node commands take --rpc <url> (default $INKSTONE_RPC or http://127.0.0.1:8545).',
    'Contract arguments: 12n is a bigint, JSON is JSON ({"$bytes":"00ff"} for bytes), anything else a string.',
    'Run `inkstone <command> --help` for its options; docs/cli.md has the details.',
  ].join('\n')
}

/** Runs the CLI; resolves the exit code. */
export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    console.log(help())
    return 0
  }
  const command = COMMANDS[name]
  const json = rest.includes('--json')
  const out = new Output(json)
  try {
    if (!command) throw new UsageError(`unknown command "${name}"\n\n${help()}`)
    if (rest.includes('--help') || rest.includes('-h')) {
      console.log(`usage: inkstone ${command.usage}\n\n${command.summary}`)
      return 0
    }
    let parsed
    try {
      // parseArgs would read a negative number (`-1n`, an argument) as short options: shield it.
      const args = rest.map((arg) => (/^-\d/.test(arg) ? NEGATIVE + arg : arg))
      parsed = parseArgs({ args, options: { ...command.options, json: { type: 'boolean' } }, allowPositionals: true, strict: true })
    } catch (error) {
      throw new UsageError(`${(error as Error).message}\nusage: inkstone ${command.usage}`)
    }
    const unshield = (value: string | boolean | undefined) => (typeof value === 'string' && value.startsWith(NEGATIVE) ? value.slice(NEGATIVE.length) : value)
    const values = Object.fromEntries(Object.entries(parsed.values).map(([key, value]) => [key, unshield(value as string | boolean | undefined)]))
    return (await command.run(parsed.positionals.map((arg) => unshield(arg) as string), values, out)) ?? 0
  } catch (error) {
    if (!(error instanceof CliError)) throw error
    if (json) console.log(JSON.stringify({ error: error.message }))
    else console.error(`error: ${error.message}`)
    return error.exitCode
  }
}
