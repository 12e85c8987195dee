// `npm start`: a dev node — instant blocks, LevelDB under .inkstone/chain, JSON-RPC on 127.0.0.1:8545 —
// and the playground on 127.0.0.1:8546 (built first). Stop with Ctrl-C; the chain survives restarts.
import { STANDALONE_HTML } from '../playground/build/standalone.ts'
import { PLAYGROUND_DIR, servePlayground } from '../playground/serve.ts'
import { runNode } from './cli/node-commands.ts'
import { CliError, Output } from './cli/output.ts'

try {
  console.log('building the playground…')
  const playground = await servePlayground({ port: 8546 })
  console.log(`playground: ${playground.url}`)
  playground.standalone.then(
    () => console.log(`playground without a server (file://): ${PLAYGROUND_DIR}${STANDALONE_HTML}`),
    (error: Error) => console.error(`the file:// playground page did not build: ${error.message}`),
  )
  await runNode({}, new Output(false))
} catch (error) {
  if (!(error instanceof CliError)) throw error
  console.error(`error: ${error.message}`)
  process.exitCode = error.exitCode
}
