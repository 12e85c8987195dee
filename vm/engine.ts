/**
 * The QuickJS engine: one place that chooses and loads the WebAssembly build.
 *
 * Inkstone runs the bellard QuickJS release build (synchronous, no asyncify): 1.6–1.9× faster than
 * quickjs-ng on loops (DESIGN.md §1) and byte-identical in Node and the browser, which is what
 * makes gas and results identical across them. Swapping the variant here changes every node's
 * behaviour, so it is a consensus change.
 */
import { newQuickJSWASMModuleFromVariant, type QuickJSWASMModule } from 'quickjs-emscripten-core'
import releaseSync from '@jitl/quickjs-wasmfile-release-sync'

/** Loads a fresh engine instance (its own wasm memory; ~4 ms). */
export function loadEngine(): Promise<QuickJSWASMModule> {
  return newQuickJSWASMModuleFromVariant(releaseSync)
}
