// Playground browser-test plumbing on top of test/browser/browser.ts: build the playground (or a
// test page with the playground's Vite config), run a node with JSON-RPC in this process, open
// pages that fail on any page error, save screenshots under test-output/playground/.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { BrowserContext, Page } from 'playwright-core'
import { build } from 'vite'
import { InkNode } from '../../node/node.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { RpcServer } from '../../node/rpc/server.ts'
import { MemoryStore } from '../../node/store.ts'
import { servePlayground } from '../../playground/serve.ts'
import { serve } from '../browser/browser.ts'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/playground/', import.meta.url))

/**
 * Builds and serves the playground as `npm start` would (servePlayground), or builds `page` of
 * this folder with the playground's Vite config and serves it on loopback.
 */
export async function startSite(page?: string): Promise<{ url: string; close: () => Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'inkstone-playground-'))
  let site: { url: string; close: () => Promise<void> }
  if (page) {
    await build({ configFile: join(HERE, '../../playground/vite.config.ts'), root: HERE, logLevel: 'error', build: { outDir, rolldownOptions: { input: join(HERE, page) } } })
    site = await serve(outDir)
  } else {
    const served = await servePlayground({ dir: outDir, port: 0 })
    site = { url: served.url.replace(/\/$/, ''), close: served.close }
  }
  return {
    url: site.url,
    close: async () => {
      await site.close()
      rmSync(outDir, { recursive: true, force: true })
    },
  }
}

/** A dev node over memory with JSON-RPC on a loopback port (CORS open, as `inkstone node`). */
export async function startNode(chainId: string): Promise<{ url: string; close: () => Promise<void> }> {
  const node = await InkNode.start({ chainId, store: new MemoryStore() })
  const server = await RpcServer.start(rpcCore(node))
  return {
    url: server.url,
    close: async () => {
      await server.close()
      await node.stop()
    },
  }
}

/** A page whose uncaught errors are collected in `errors`; dialogs are accepted. */
export async function newPage(context: BrowserContext): Promise<Page & { errors: string[] }> {
  const page = Object.assign(await context.newPage(), { errors: [] as string[] })
  page.on('pageerror', (error) => page.errors.push(error.message))
  page.on('dialog', (dialog) => void dialog.accept())
  return page
}

export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true })
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`) })
}
