// Playground benchmark (issue 7), in Debian's chromium headless on loopback: the built bundle's
// size, first load to an editable, type-checked editor (goal ≤ 2 s), and compiles of the token
// template in the browser (goal ≤ 300 ms). Every load uses a fresh profile: empty HTTP cache,
// no code cache, no IndexedDB.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { buildPlayground } from '../playground/serve.ts'
import { launchChromium, serve } from '../test/browser/browser.ts'

const LOADS = 5
const COMPILES = 15
/** Compiles counted as warm: the last ones (esbuild's wasm is tiered up by then). */
const WARM = 10

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0).padStart(6)} KB`
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1]!

function bundleSizes(dir: string): void {
  const files = [...readdirSync(join(dir, 'assets')).map((name) => join('assets', name)), 'index.html'].map((name) => {
    const bytes = readFileSync(join(dir, name))
    return { name, size: bytes.length, gzip: gzipSync(bytes).length }
  })
  files.sort((a, b) => b.size - a.size)
  const total = files.reduce((sum, file) => ({ size: sum.size + file.size, gzip: sum.gzip + file.gzip }), { size: 0, gzip: 0 })
  console.log(`built bundle: ${files.length} files, ${kb(total.size).trim()} (gzip ${kb(total.gzip).trim()})`)
  for (const file of files) console.log(`  ${kb(file.size)}  gzip ${kb(file.gzip)}  ${file.name}`)
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
    const loads: { editable: number; checked: number }[] = []
    for (let i = 0; i < LOADS; i++) {
      const context = await browser.newContext({ viewport: { width: 1440, height: 900 } })
      const page = await context.newPage()
      await page.goto(`${site.url}/index.html`)
      await page.waitForSelector('html[data-checked]', { timeout: 60_000 })
      // Both are ms since navigation, set by the page itself (playground.ts, app.ts).
      loads.push(await page.evaluate(() => ({ editable: Number(document.documentElement.dataset.editable), checked: Number(document.documentElement.dataset.checked) })))
      if (i < LOADS - 1) await context.close()
      else {
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
        console.log(`first load (${LOADS} fresh profiles): editable ${loads.map((l) => l.editable).join(' / ')} ms, type-checked ${loads.map((l) => l.checked).join(' / ')} ms`)
        console.log(`  median: editable ${median(loads.map((l) => l.editable))} ms, type-checked ${median(loads.map((l) => l.checked))} ms (goal ≤ 2000 ms)`)
        console.log(`compile of the token template in the browser (worker time): first ${cold} ms (cold: TypeScript's libs, esbuild's wasm), then ${compiles.map((c) => c.worker).join(' / ')} ms`)
        console.log(`  warm (last ${WARM}): median ${median(warm.map((c) => c.worker))} ms, round trip from the button ${median(warm.map((c) => c.roundTrip)).toFixed(0)} ms (goal ≤ 300 ms)`)
      }
    }
  } finally {
    await browser.close()
    await site.close()
    rmSync(dir, { recursive: true, force: true })
  }
}
