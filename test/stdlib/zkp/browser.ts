// Runs stdlib/zkp in Debian's chromium: builds browser/zkp.html with Vite (the page has no
// Node APIs to lean on) and returns what the page computed. Used by browser.test.ts and bench/zkp.ts.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildPage, launchChromium, serve } from '../../browser/browser.ts'
import type { BrowserZkpResult } from './browser/zkp.page.ts'

export async function runZkpInBrowser(): Promise<BrowserZkpResult> {
  const outDir = mkdtempSync(join(tmpdir(), 'inkstone-zkp-'))
  try {
    await buildPage(fileURLToPath(new URL('./browser/', import.meta.url)), 'zkp.html', outDir)
    const site = await serve(outDir)
    const browser = await launchChromium()
    try {
      const page = await browser.newPage()
      const errors: string[] = []
      page.on('pageerror', (error) => errors.push(error.message))
      await page.goto(`${site.url}/zkp.html`)
      const result = await page.evaluate(() => window.zkp)
      if (errors.length > 0) throw new Error(`page errors: ${errors.join('; ')}`)
      return result
    } finally {
      await browser.close()
      await site.close()
    }
  } finally {
    rmSync(outDir, { recursive: true, force: true })
  }
}
