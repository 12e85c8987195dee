/**
 * The Node edge of the playground (works in Node only): build it with Vite and serve the built
 * folder. `npm start` can serve it next to the dev node with `servePlayground()`; any static file
 * server works as well, and no server at all: the folder's standalone page opens from `file://`.
 */
import { fileURLToPath } from 'node:url'
import { build, preview } from 'vite'
import { STANDALONE_MODE } from './vite.config.ts'

const CONFIG = fileURLToPath(new URL('./vite.config.ts', import.meta.url))
/** Where `npm run playground:build` writes the playground. */
export const PLAYGROUND_DIR = fileURLToPath(new URL('../dist/playground/', import.meta.url))

/**
 * Builds the playground into `outDir` (default PLAYGROUND_DIR): index.html and its assets for a
 * web server, then the standalone page for `file://` (STANDALONE_HTML) beside them.
 */
export async function buildPlayground(outDir: string = PLAYGROUND_DIR): Promise<void> {
  await buildServed(outDir)
  await buildStandalone(outDir)
}

/** index.html and its assets (empties `outDir` first). */
function buildServed(outDir: string): Promise<unknown> {
  return build({ configFile: CONFIG, logLevel: 'error', build: { outDir } })
}

/** The standalone page, added beside the served files (it never empties `outDir`). */
function buildStandalone(outDir: string): Promise<unknown> {
  return build({ configFile: CONFIG, mode: STANDALONE_MODE, logLevel: 'error', build: { outDir } })
}

export interface ServeOptions {
  /** The built folder (default PLAYGROUND_DIR). */
  dir?: string
  host?: string
  /** 0 picks a free port. */
  port?: number
  /**
   * Build first (default true): the served page before the server starts (~15 s), the standalone
   * page after, while it serves (`standalone` settles when it is written).
   */
  build?: boolean
}

/** Serves the built playground (Vite's static preview server); resolves its URL and a close function. */
export async function servePlayground({ dir = PLAYGROUND_DIR, host = '127.0.0.1', port = 8546, build: rebuild = true }: ServeOptions = {}): Promise<{
  url: string
  close: () => Promise<void>
  standalone: Promise<unknown>
}> {
  if (rebuild) await buildServed(dir)
  const server = await preview({ configFile: CONFIG, logLevel: 'error', build: { outDir: dir }, preview: { host, port, strictPort: port !== 0, open: false } })
  const url = server.resolvedUrls?.local[0] ?? `http://${host}:${port}/`
  // Nobody waits for the file:// page to start working: it is built once the server is up.
  const standalone = rebuild ? buildStandalone(dir) : Promise.resolve()
  return { url, close: async () => { await standalone.catch(() => {}); await server.close() }, standalone }
}

// `tsx playground/serve.ts`: build and serve until interrupted.
if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { url } = await servePlayground()
  console.log(`Inkstone playground: ${url}`)
}
