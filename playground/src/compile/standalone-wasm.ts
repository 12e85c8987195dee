/**
 * esbuild's wasm in the standalone page (build/standalone.ts): not a `data:` URL inside the compile
 * worker's script — 18.6 MB of base64 that the worker would parse before its first type-check —
 * but a data block of the page, decoded and handed to the worker when its first bundle needs it.
 * Works in the browser (the reader) and in Node (the build imports the id).
 */

/** The `<script type="application/octet-stream">` element holding the wasm as base64. */
export const ESBUILD_WASM_ELEMENT = 'esbuild-wasm'

/** The wasm's bytes from the page's data block. */
export function standaloneEsbuildWasm(): Uint8Array<ArrayBuffer> {
  const block = document.getElementById(ESBUILD_WASM_ELEMENT)
  if (!block?.textContent) throw new Error(`the standalone page has no #${ESBUILD_WASM_ELEMENT} block`)
  const text = atob(block.textContent.trim())
  const bytes = new Uint8Array(text.length)
  for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i)
  return bytes
}
