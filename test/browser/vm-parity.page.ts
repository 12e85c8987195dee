// Runs in the browser (bundled by Vite in vm-parity.test.ts): the same VM, the same contracts and
// the same calls as vm-parity.fixture.ts in Node. Results go to window.parity.
import { runParityCalls } from './vm-parity.fixture.ts'

declare global {
  interface Window {
    parity: Promise<string>
  }
}

window.parity = runParityCalls()
