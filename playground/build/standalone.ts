/**
 * The playground as one HTML file that works from `file://` (works in Node only: Vite plugins).
 *
 * Chromium gives a page opened from a file an opaque origin and then refuses what the served
 * build is made of: module scripts and workers loaded from `file:` URLs, and `fetch` of the wasm
 * files. What it still allows (measured with chromium 14x headless): inline module scripts,
 * classic workers from `blob:` URLs — and those keep the page's IndexedDB and Web Locks, unlike
 * `data:` workers, which get neither — and `fetch` of `data:` URLs. So the standalone build
 *
 *   - makes every worker an inline classic one (`?worker&inline`, iife): a `blob:` worker;
 *   - inlines every asset as a `data:` URL (QuickJS's wasm, monaco's font);
 *   - puts the page's script and style into the HTML, with no chunks to load;
 *   - and esbuild's wasm as a base64 data block that the page hands to the compile worker when it
 *     first bundles (src/compile/standalone-wasm.ts), not as part of that worker's script.
 *
 * The served build keeps its separate, lazily loaded files (fast first load); its index.html,
 * when opened from a file, forwards to the standalone page (`redirectFromFile`).
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { OutputAsset, OutputChunk } from 'rolldown'
import type { Plugin } from 'vite'
import { ESBUILD_WASM_ELEMENT } from '../src/compile/standalone-wasm.ts'

/** The standalone page, next to index.html in the built folder. */
export const STANDALONE_HTML = 'inkstone-playground.html'

/** `?worker` imports (ours and monaco's) become inline workers: `blob:` URLs made from the bundled code. */
export function inlineWorkers(): Plugin {
  return {
    name: 'inkstone-inline-workers',
    enforce: 'pre',
    async resolveId(source, importer) {
      const [path, query] = source.split('?', 2)
      if (query === undefined || !query.split('&').includes('worker') || query.split('&').includes('inline')) return undefined
      const resolved = await this.resolve(path!, importer, { skipSelf: true })
      return resolved && `${resolved.id}?${query}&inline`
    },
  }
}

/** Monaco's own way to start a language worker, used only when `MonacoEnvironment.getWorker` is not set. */
const MONACO_WORKER_FALLBACK = /createWorker: \(\) => new Worker\(new URL\('[\w.]+', import\.meta\.url\), \{ type: "module" \}\),/

/**
 * Drops monaco's fallback workers (`new Worker(new URL('ts.worker.js', import.meta.url))` in its
 * language features): the playground sets `MonacoEnvironment.getWorker` (editor/monaco.ts), so
 * they never run, but the bundler would still emit them as files that a `file://` page cannot load.
 */
export function dropMonacoWorkerFallbacks(): Plugin {
  return {
    name: 'inkstone-drop-monaco-worker-fallbacks',
    enforce: 'pre',
    transform: {
      filter: { id: /monaco-editor[\\/].*workerManager\.js$/ },
      handler(code, id) {
        if (!MONACO_WORKER_FALLBACK.test(code)) this.error(`${id} no longer starts its worker as expected: update MONACO_WORKER_FALLBACK`)
        return code.replace(MONACO_WORKER_FALLBACK, '')
      },
    },
  }
}

/**
 * Inside an inline `<script>`, `</script` would end it and `<!--` could start an HTML comment
 * state; in the bundled JavaScript they can only occur in strings, regular expressions and
 * comments, where `<\/` and `<\!` mean the same.
 */
function scriptText(code: string): string {
  return code.replaceAll('</script', '<\\/script').replaceAll('<!--', '<\\!--')
}

/** Puts the built page's script and style into its HTML and writes it as `fileName`. */
export function singleFileHtml(fileName: string): Plugin {
  return {
    name: 'inkstone-single-file-html',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const html = Object.values(bundle).find((file): file is OutputAsset => file.type === 'asset' && file.fileName.endsWith('.html'))
        if (!html) this.error('no HTML page in the bundle')
        const chunks = Object.values(bundle).filter((file): file is OutputChunk => file.type === 'chunk')
        if (chunks.length !== 1) this.error(`the standalone page must be one script, the build made ${chunks.map((chunk) => chunk.fileName).join(', ')}`)
        const styles = Object.values(bundle).filter((file): file is OutputAsset => file.type === 'asset' && file.fileName.endsWith('.css'))
        const script = chunks[0]!
        let text = String(html.source)
          .replace(/<script type="module" crossorigin src="[^"]+"><\/script>\s*/, '')
          .replace(/<link rel="stylesheet" crossorigin href="[^"]+">\s*/g, '')
        const style = styles.map((asset) => `<style>${String(asset.source)}</style>`).join('\n')
        const wasm = readFileSync(createRequire(import.meta.url).resolve('esbuild-wasm/esbuild.wasm')).toString('base64')
        const body = `<script type="module">${scriptText(script.code)}</script>\n<script type="application/octet-stream" id="${ESBUILD_WASM_ELEMENT}">${wasm}</script>\n</body>`
        // A replacer function: the code holds `$` sequences that a replacement string would expand.
        text = text.replace('</head>', () => `${style}\n</head>`).replace('</body>', () => body)
        for (const file of [html, script, ...styles]) delete bundle[file.fileName]
        const left = Object.keys(bundle)
        if (left.length > 0) this.error(`the standalone page would still load ${left.join(', ')}`)
        this.emitFile({ type: 'asset', fileName, source: text })
      },
    },
  }
}

/** For the served build: its index.html, opened from a file, forwards to the standalone page (share links included). */
export function redirectFromFile(): Plugin {
  return {
    name: 'inkstone-redirect-from-file',
    apply: 'build',
    transformIndexHtml: () => [
      { tag: 'script', injectTo: 'head-prepend', children: `if (location.protocol === 'file:') location.replace(${JSON.stringify(STANDALONE_HTML)} + location.hash)` },
    ],
  }
}
