// Runs in the browser (bundled by Vite in parity.test.ts): the playground's compile worker
// compiles the token template and the playground's in-browser chain (IndexedDB) runs the fixed
// sequence of parity.fixture.ts. The result goes to window.parity.
import { InBrowserChain } from '../../playground/src/chain/connection.ts'
import { Compiler } from '../../playground/src/compile/client.ts'
import { TEMPLATES } from '../../playground/src/workspace/templates.ts'
import { runParitySequence } from './parity.fixture.ts'

declare global {
  interface Window {
    parity: Promise<string>
  }
}

window.parity = (async () => {
  const token = TEMPLATES.find((template) => template.id === 'token')!
  const { result } = await new Compiler().compile(token.entry, token.files)
  if (!result.artifact) throw new Error(JSON.stringify(result.errors))
  return runParitySequence(new InBrowserChain(), result.artifact)
})()
