// `npm start`: a dev node — instant blocks, LevelDB under .inkstone/chain, JSON-RPC on 127.0.0.1:8545.
// (The playground joins here once it exists.) Stop with Ctrl-C; the chain survives restarts.
import { runNode } from './cli/node-commands.ts'
import { CliError, Output } from './cli/output.ts'

try {
  await runNode({}, new Output(false))
} catch (error) {
  if (!(error instanceof CliError)) throw error
  console.error(`error: ${error.message}`)
  process.exitCode = error.exitCode
}
