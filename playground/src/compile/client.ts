/** The page's side of the compile worker (worker.ts): one promise per compile. */
import type { CompileResult } from '../../../compiler/index.ts'
import { standaloneEsbuildWasm } from './standalone-wasm.ts'
import CompileWorker from './worker.ts?worker'

export interface Compiled {
  result: CompileResult
  /** Milliseconds the compile took in the worker. */
  ms: number
}

interface Pending {
  resolve: (compiled: Compiled) => void
  onChecked: () => void
}

export class Compiler {
  readonly #worker = new CompileWorker()
  readonly #pending = new Map<number, Pending>()
  #nextId = 1

  constructor() {
    this.#worker.onmessage = ({ data }: MessageEvent<(Compiled & { id: number }) | { id: number; checked: true } | { wasm: true }>) => {
      if ('wasm' in data) {
        const bytes = standaloneEsbuildWasm()
        return this.#worker.postMessage({ wasm: bytes }, [bytes.buffer])
      }
      const pending = this.#pending.get(data.id)
      if ('checked' in data) return pending?.onChecked()
      pending?.resolve({ result: data.result, ms: data.ms })
      this.#pending.delete(data.id)
    }
  }

  /**
   * Compiles `entry`. `onChecked` runs as soon as the sources passed type-checking, the lint and
   * the contract checks (bundling still to come); a failing compile resolves without it.
   */
  compile(entry: string, files: Readonly<Record<string, string>>, onChecked: () => void = () => {}): Promise<Compiled> {
    const id = this.#nextId++
    return new Promise((resolve) => {
      this.#pending.set(id, { resolve, onChecked })
      this.#worker.postMessage({ id, entry, files })
    })
  }
}
