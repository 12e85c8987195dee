// Playground benchmark (issue 7), in Debian's chromium headless: the built bundle's size, first
// load to an editable, type-checked editor (goal ≤ 2 s on localhost) — served on loopback, and the
// standalone page from file:// — and compiles of the token template in the browser (goal ≤ 300 ms).
// Every load uses a fresh profile: empty HTTP cache, no code cache, no IndexedDB.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { gzipSync } from 'node:zlib'
import type { Browser, Page } from 'playwright-core'
import { STANDALONE_HTML } from '../playground/build/standalone.ts'
import { buildPlayground } from '../playground/serve.ts'
import { launchChromium, serve } from '../test/browser/browser.ts'

const LOADS = 5
const COMPILES = 15
/** Compiles counted as warm: the last ones (esbuild's wasm is tiered up by then). */
const WARM = 10

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(6)} KB`
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

interface Sized {
  name: string
  size: number
  gzip: number
}

function sized(dir: string, name: string): Sized {
  const bytes = readFileSync(join(dir, name))
  return { name, size: bytes.length, gzip: gzipSync(bytes).length }
}

const total = (files: Sized[]) => files.reduce((sum, file) => ({ size: sum.size + file.size, gzip: sum.gzip + file.gzip }), { size: 0, gzip: 0 })

/**
 * The scripts the page itself runs (at start or imported later), workers left out: index.html's
 * scripts and everything they import (`"./x.js"`; workers are referenced as `new URL(\`x.js\`)`).
 */
function pageScripts(dir: string): string[] {
  const pending = [...readFileSync(join(dir, 'index.html'), 'utf8').matchAll(/(?:src|href)="\.\/(assets\/[\w.-]+\.js)"/g)].map((match) => match[1]!)
  const seen = new Set<string>()
  for (let name = pending.pop(); name !== undefined; name = pending.pop()) {
    if (seen.has(name)) continue
    seen.add(name)
    for (const match of readFileSync(join(dir, name), 'utf8').matchAll(/"\.\/([\w.-]+\.js)"/g)) pending.push(join('assets', match[1]!))
  }
  return [...seen]
}

function bundleSizes(dir: string): void {
  const files = [...readdirSync(join(dir, 'assets')).map((name) => join('assets', name)), 'index.html'].map((name) => sized(dir, name))
  files.sort((a, b) => b.size - a.size)
  const served = total(files)
  console.log(`served build: ${files.length} files, ${kb(served.size).trim()} (gzip ${kb(served.gzip).trim()})`)
  for (const file of files) console.log(`  ${kb(file.size)}  gzip ${kb(file.gzip)}  ${file.name}`)
  const page = total(pageScripts(dir).map((name) => sized(dir, name)))
  console.log(`  of which the page's own scripts (main thread, workers apart): ${kb(page.size).trim()} (gzip ${kb(page.gzip).trim()})`)
  const standalone = sized(dir, STANDALONE_HTML)
  console.log(`standalone page (file://): ${STANDALONE_HTML} ${kb(standalone.size).trim()} (gzip ${kb(standalone.gzip).trim()})`)
}

/** One first load of `url` in a fresh profile; the page stays open. */
async function firstLoad(browser: Browser, url: string): Promise<{ load: { editable: number; checked: number }; page: Page }> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  const page = await context.newPage()
  await page.goto(url)
  await page.waitForSelector('html[data-checked]', { timeout: 60_000 })
  // Both are ms since navigation, set by the page itself (playground.ts, app.ts).
  const load = await page.evaluate(() => ({ editable: Number(document.documentElement.dataset.editable), checked: Number(document.documentElement.dataset.checked) }))
  return { load, page }
}

function printLoads(what: string, loads: { editable: number; checked: number }[]): void {
  console.log(`first load, ${what} (${LOADS} fresh profiles): editable ${loads.map((l) => l.editable).join(' / ')} ms, type-checked ${loads.map((l) => l.checked).join(' / ')} ms`)
  console.log(`  median: editable ${median(loads.map((l) => l.editable))} ms, type-checked ${median(loads.map((l) => l.checked))} ms`)
}

export default async function (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'inkstone-playground-bench-'))
  const started = performance.now()
  await buildPlayground(dir)
  console.log(`vite build: ${((performance.now() - started) / 1000).toFixed(1)} s`)
  bundleSizes(dir)

  const site = await serve(dir)
  const browser = await launchChromium()
  try {
    // Alternating, so that both see the same load of this shared machine.
    const served: { editable: number; checked: number }[] = []
    const standalone: typeof served = []
    let page: Page | undefined
    for (let i = 0; i < LOADS; i++) {
      const fromFile = await firstLoad(browser, pathToFileURL(join(dir, STANDALONE_HTML)).href)
      standalone.push(fromFile.load)
      await fromFile.page.context().close()
      await page?.context().close()
      const fromServer = await firstLoad(browser, `${site.url}/index.html`)
      served.push(fromServer.load)
      page = fromServer.page
    }
    printLoads('served on localhost (goal ≤ 2000 ms type-checked)', served)
    printLoads('standalone page from file://', standalone)
    if (!page) throw new Error('no load')

    const compiles: { worker: number; roundTrip: number }[] = []
    await page.waitForSelector('#compile:not([disabled])', { timeout: 60_000 })
    const cold = Number(/compiled in (\d+) ms/.exec((await page.textContent('#compile-status'))!)?.[1])
    for (let n = 0; n < COMPILES; n++) {
      const t0 = performance.now()
      await page.click('#compile')
      await page.waitForSelector('#compile:not([disabled])', { timeout: 60_000 })
      const roundTrip = performance.now() - t0
      compiles.push({ worker: Number(/compiled in (\d+) ms/.exec((await page.textContent('#compile-status'))!)?.[1]), roundTrip })
    }
    const warm = compiles.slice(-WARM)
    console.log(`compile of the token template in the browser (worker time): first ${cold} ms (cold: TypeScript's libs, esbuild's wasm), then ${compiles.map((c) => c.worker).join(' / ')} ms`)
    console.log(`  warm (last ${WARM}): median ${median(warm.map((c) => c.worker))} ms, round trip from the button ${median(warm.map((c) => c.roundTrip)).toFixed(0)} ms (goal ≤ 300 ms)`)
  } finally {
    await browser.close()
    await site.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
