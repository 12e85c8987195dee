// Playground browser-test plumbing on top of test/browser/browser.ts: serve the built playground
// (built-playground.ts builds it once) or build a test page with the playground's Vite config, run
// a node with JSON-RPC in this process, open pages that fail on any page error, drive the editor
// and the generated forms, save screenshots under test-output/playground/.
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { build } from 'vite'
import { expect, inject } from 'vitest'
import { InkNode } from '../../node/node.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { RpcServer } from '../../node/rpc/server.ts'
import { MemoryStore } from '../../node/store.ts'
import { servePlayground } from '../../playground/serve.ts'
import { serve } from '../browser/browser.ts'

const HERE = fileURLToPath(new URL('.', import.meta.url))
const SCREENSHOTS = fileURLToPath(new URL('../../test-output/playground/', import.meta.url))

/** Serves the built playground as `npm start` would (servePlayground). */
export async function startSite(): Promise<{ url: string; close: () => Promise<void> }> {
  const served = await servePlayground({ dir: inject('playgroundDir'), port: 0, build: false })
  return { url: served.url.replace(/\/$/, ''), close: served.close }
}

/** The built playground's index.html as a `file://` URL: opened with no server at all. */
export function playgroundFileUrl(): string {
  return pathToFileURL(join(inject('playgroundDir'), 'index.html')).href
}

/** Builds `page` of this folder with the playground's Vite config and serves it on loopback. */
export async function startTestPage(page: string): Promise<{ url: string; close: () => Promise<void> }> {
  const outDir = mkdtempSync(join(tmpdir(), 'inkstone-playground-page-'))
  await build({ configFile: join(HERE, '../../playground/vite.config.ts'), root: HERE, logLevel: 'error', build: { outDir, rolldownOptions: { input: join(HERE, page) } } })
  const site = await serve(outDir)
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

const TOKEN = readFileSync(new URL('../../examples/token/token.ts', import.meta.url), 'utf8').split('\n')

/** The 1-based line of the token example holding `text`. */
export function tokenLine(text: string): number {
  const index = TOKEN.findIndex((line) => line.includes(text))
  if (index < 0) throw new Error(`examples/token/token.ts no longer has ${JSON.stringify(text)}: update this test`)
  return index + 1
}

/** Opens the playground at `url` and waits for the token template to be type-checked and compiled. */
export async function openPlayground(page: Page, url: string): Promise<void> {
  await page.goto(url)
  await page.waitForSelector('html[data-checked]', { timeout: 60_000 })
  await expect.poll(() => page.locator('#compile-status').textContent(), { timeout: 60_000 }).toMatch(/^Token: compiled in \d+ ms/)
}

/**
 * Turns `amount: bigint` of the token's `transfer` into `string` as a person would (go to line,
 * double-click, type): the compiler's error shows as a marker and in the problems list. Returns
 * the marker and the first problem; Ctrl+Z undoes it.
 */
export async function makeTypeError(page: Page): Promise<{ marker: Locator; problem: Locator; line: number }> {
  const line = tokenLine('transfer(to: string, amount: bigint)')
  await page.locator('.monaco-editor .view-lines').click()
  await page.keyboard.press('Control+g')
  await page.keyboard.type(`${line}`)
  await page.keyboard.press('Enter')
  await page.locator('.view-line', { hasText: 'transfer(to: string, amount: bigint)' }).locator('span', { hasText: /^bigint$/ }).dblclick()
  await page.keyboard.type('string')
  await page.keyboard.press('Escape')
  const marker = page.locator('.monaco-editor .squiggly-error')
  await marker.first().waitFor({ timeout: 60_000 })
  const problem = page.locator('.problems li').first()
  await expect.poll(() => problem.textContent()).toContain(`contracts/token.ts:${line + 1}:`)
  expect(await problem.textContent()).toContain("Argument of type 'string' is not assignable to parameter of type 'bigint'")
  return { marker, problem, line }
}

/** The editor's visible text (monaco renders spaces as no-break spaces). */
export async function editorText(page: Page): Promise<string> {
  return (await page.locator('.monaco-editor .view-lines').textContent())!.replace(/\u00a0/g, ' ')
}

/** The generated form of a deployed contract's method. */
export function methodForm(page: Page, method: string): Locator {
  return page.locator(`#contract form[data-method="${method}"]`)
}

/** Submits a generated form and waits for its outcome (an activity item with a status). */
export async function submit(target: Locator, values: Record<string, string>): Promise<Locator> {
  for (const [name, value] of Object.entries(values)) await target.locator(`[name="${name}"]`).fill(value)
  await target.locator('button[type=submit]').click()
  const outcome = target.locator('.result li[data-status]')
  await outcome.waitFor({ timeout: 60_000 })
  return outcome
}

/** Adds an account named `name` (an SM2 key made in the page) and returns its address. */
export async function addAccount(page: Page, name: string): Promise<string> {
  await page.click('[data-tab=accounts]')
  await page.fill('#account-name', name)
  await page.click('#new-account')
  const address = (await page.locator(`tr[data-account=${name}] .address`).textContent())!
  expect(address).toMatch(/^0x[0-9a-f]{40}$/)
  return address
}

/** Deploys the compiled token (INK, 2 decimals, 1000 units to the sender): the deploy's outcome. */
export async function deployToken(page: Page): Promise<Locator> {
  await page.click('[data-tab=contract]')
  return submit(page.locator('#deploy form'), { name: 'Ink', symbol: 'INK', decimals: '2', supply: '1000' })
}
