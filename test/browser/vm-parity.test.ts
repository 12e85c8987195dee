// Determinism across engines: the same contracts and calls give identical results, events and
// gas in Node (V8 host) and in Chromium (V8 in a browser, the wasm loaded by the page), because
// both run the same QuickJS wasm build, prelude and instrumentation.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { buildPage, launchChromium, serve } from './browser.ts'
import { runParityCalls } from './vm-parity.fixture.ts'

const root = fileURLToPath(new URL('.', import.meta.url))
const outDir = mkdtempSync(join(tmpdir(), 'inkstone-parity-'))
let site: Awaited<ReturnType<typeof serve>>

beforeAll(async () => {
  await buildPage(root, 'vm-parity.html', outDir)
  site = await serve(outDir)
}, 120_000)

afterAll(async () => {
  await site?.close()
  rmSync(outDir, { recursive: true, force: true })
})

it('gives identical results, events and gas in Node and in the browser', async () => {
  const inNode = await runParityCalls()
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${site.url}/vm-parity.html`)
    const inBrowser = await page.evaluate(() => window.parity)
    expect(errors).toEqual([])
    expect(inBrowser).toBe(inNode)
    // The calls ran (not out of gas before starting), and each deep case ended in QuickJS's own
    // stack overflow, not the host's.
    expect(inNode).toContain('token.transfer gas=1765 ')
    expect(inNode).toContain('work.loop gas=2200000 events=0700 out-of-gas')
    expect(inNode.match(/work\.deep gas=\d+ events=0700 error stack overflow/g)).toHaveLength(5)
  } finally {
    await browser.close()
  }
}, 120_000)
