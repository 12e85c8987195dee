// The built playground with no server at all: index.html opened from file:// in Debian's chromium
// forwards to the standalone page (inline script, blob: workers, data: wasm), and the main flow
// works there: edit with a type error marker, compile, deploy, call transfer (event, gas, a revert
// at its TypeScript line), reload and find files, keys, activity and the chain (IndexedDB),
// open a share link in a fresh profile. Screenshots go to test-output/playground/standalone-*.png.
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STANDALONE_HTML } from '../../playground/build/standalone.ts'
import { launchChromium } from '../browser/browser.ts'
import { addAccount, deployToken, editorText, makeTypeError, methodForm, newPage, openPlayground, playgroundFileUrl, screenshot, submit, tokenLine } from './playground.ts'

let browser: Browser
let profile: BrowserContext
let page: Awaited<ReturnType<typeof newPage>>
let bob: string
let shared: string

const NOTES = "export const NOTE = 'kept across reloads and shared'"

beforeAll(async () => {
  browser = await launchChromium()
  profile = await browser.newContext({ viewport: { width: 1440, height: 900 } })
  page = await newPage(profile)
}, 120_000)

afterAll(async () => {
  await browser?.close()
})

describe('the playground from file://', () => {
  it('opens from the built index.html on the standalone page, type-checked and compiled', async () => {
    await openPlayground(page, playgroundFileUrl())
    expect(page.url()).toBe(playgroundFileUrl().replace(/index\.html$/, STANDALONE_HTML))
    expect(await page.locator('.problems').textContent()).toBe('No problems.')
  }, 120_000)

  it('marks a type error and clears it once fixed', async () => {
    const { marker } = await makeTypeError(page)
    await screenshot(page, 'standalone-01-type-error')
    await page.keyboard.press('Control+z')
    await expect.poll(() => page.locator('.problems').textContent(), { timeout: 60_000 }).toBe('No problems.')
    expect(await marker.count()).toBe(0)
  }, 120_000)

  it('deploys on the in-browser chain and calls transfer: event, gas, a revert at its line', async () => {
    bob = await addAccount(page, 'bob')
    const deployed = await deployToken(page)
    expect(await deployed.getAttribute('data-status')).toBe('ok')
    const transfer = await submit(methodForm(page, 'transfer'), { to: bob, amount: '25' })
    expect(await transfer.getAttribute('data-status')).toBe('ok')
    expect(await transfer.textContent()).toMatch(/gas [\d,]+/)
    expect(await transfer.textContent()).toContain('event Transfer { amount: 25n')
    const failed = await submit(methodForm(page, 'transfer'), { to: bob, amount: '1000000' })
    expect(await failed.textContent()).toContain(`insufficient balance at contracts/token.ts:${tokenLine("'insufficient balance'")}`)
    await screenshot(page, 'standalone-02-transfer')
  }, 120_000)

  it('keeps files, keys, activity and the chain across a reload', async () => {
    await page.fill('#new-file', 'contracts/notes.ts')
    await page.press('#new-file', 'Enter')
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.insertText(NOTES)
    await page.waitForSelector('html[data-saved=true]')
    await page.reload()
    await expect.poll(() => page.locator('#compile-status').textContent(), { timeout: 60_000 }).toMatch(/^Token: compiled/)
    await page.click('li[data-file="contracts/notes.ts"]')
    await expect.poll(() => editorText(page)).toContain(NOTES)
    expect(await page.locator('tr[data-account=bob] .address').textContent()).toBe(bob)
    expect(await page.locator('#bottom .activity li').count()).toBe(3)
    const balance = await submit(methodForm(page, 'balanceOf'), { account: bob })
    expect(await balance.textContent()).toContain('→ 25n')
    await screenshot(page, 'standalone-03-after-reload')

    await page.click('#share')
    await expect.poll(() => page.locator('#share-link').inputValue()).toMatch(/#share=[\w-]+$/)
    shared = await page.locator('#share-link').inputValue()
    expect(shared.startsWith('file:///')).toBe(true)
    expect(page.errors).toEqual([])
  }, 120_000)

  it('opens a share link in a fresh profile with the same files', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    try {
      const other = await newPage(fresh)
      await openPlayground(other, shared)
      expect(await other.locator('.files li').evaluateAll((items) => items.map((item) => item.getAttribute('data-file')))).toEqual(['contracts/notes.ts', 'contracts/token.ts'])
      await other.click('li[data-file="contracts/notes.ts"]')
      await expect.poll(() => editorText(other)).toContain(NOTES)
      expect(await other.locator('#contract').textContent()).toBe('Nothing deployed on this network yet.')
      await other.click('#share')
      await expect.poll(() => other.locator('#share-link').inputValue()).toBe(shared)
      await screenshot(other, 'standalone-04-shared')
      expect(other.errors).toEqual([])
    } finally {
      await fresh.close()
    }
  }, 120_000)
})
