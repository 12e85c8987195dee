/**
 * The compiler in a worker: the same core as `inkstone build` (compiler/), with esbuild-wasm as
 * its bundler and the stdlib and TypeScript libs the build put in `virtual:inkstone/compiler-env`.
 *
 * compile() reaches the bundler only once the sources type-check and pass the lint and the
 * contract checks, so the moment it asks for esbuild is reported at once (`checked`): the editor
 * is type-checked then, even while the first (cold) bundling still runs. esbuild's wasm (~14 MB)
 * is only fetched and compiled then, so that it does not slow the first, cold type-check down
 * (two cores are busy enough with TypeScript here and monaco in the page).
 *
 * Protocol: `{ id, entry, files }` in; `{ id, checked: true }` when the checks passed, then
 * `{ id, result, ms }` (`ms`: this compile's time here). In the standalone page the worker asks
 * for esbuild's wasm (`{ wasm: true }` out, `{ wasm: bytes }` in; standalone-wasm.ts).
 */
import * as esbuild from 'esbuild-wasm/esm/browser.js'
import env from 'virtual:inkstone/compiler-env'
import { compile, type Esbuild } from '../../../compiler/index.ts'

let ready: Promise<void> | undefined
let wasmFromPage: ((bytes: Uint8Array<ArrayBuffer>) => void) | undefined

/** esbuild's wasm: its file, or in the standalone page (a build mode, so one branch is left) the page's bytes. */
async function wasm(): Promise<esbuild.InitializeOptions> {
  if (import.meta.env.MODE === 'standalone') {
    const bytes = await new Promise<Uint8Array<ArrayBuffer>>((resolve) => {
      wasmFromPage = resolve
      postMessage({ wasm: true })
    })
    return { wasmModule: await WebAssembly.compile(bytes) }
  }
  return { wasmURL: (await import('esbuild-wasm/esbuild.wasm?url')).default }
}

/** esbuild for compile `id`: once the wasm is ready, after saying that the checks passed. */
function bundler(id: number): Esbuild {
  const build = async (options: esbuild.BuildOptions) => {
    postMessage({ id, checked: true })
    await (ready ??= wasm().then((options) => esbuild.initialize({ ...options, worker: false })))
    return esbuild.build(options)
  }
  return { version: esbuild.version, build: build as Esbuild['build'] }
}

self.onmessage = async ({ data }: MessageEvent<{ id: number; entry: string; files: Record<string, string> } | { wasm: Uint8Array<ArrayBuffer> }>) => {
  if ('wasm' in data) return wasmFromPage?.(data.wasm)
  const started = performance.now()
  const result = await compile({ entry: data.entry, files: data.files, stdlib: env.stdlib, typescriptLib: env.typescriptLib, esbuild: bundler(data.id) })
  postMessage({ id: data.id, result, ms: performance.now() - started })
}
