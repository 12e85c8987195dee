// The playground end to end in Debian's chromium: edit the token contract, see a type error
// marker, fix it, use the stdlib's completions, compile, deploy, call `transfer` through the
// generated form (event and gas), fail one with its TypeScript line, read views, blocks and
// storage; reload and find everything; open a share link in a fresh profile; export and import
// the workspace; switch to a node's JSON-RPC. Screenshots go to test-output/playground/.
import type { Browser, BrowserContext } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { launchChromium } from '../browser/browser.ts'
import { addAccount, deployToken, editorText, makeTypeError, methodForm, newPage, openPlayground, screenshot, startNode, startSite, submit, tokenLine } from './playground.ts'

let site: Awaited<ReturnType<typeof startSite>>
let browser: Browser
let profile: BrowserContext
let page: Awaited<ReturnType<typeof newPage>>
let shared: string
let exported: string

beforeAll(async () => {
  site = await startSite()
  browser = await launchChromium()
  profile = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })
  page = await newPage(profile)
}, 120_000)

afterAll(async () => {
  await browser?.close()
  await site?.close()
})

const compileStatus = () => page.locator('#compile-status')

describe('the playground in a browser', () => {
  it('opens the token template, type-checked and compiled', async () => {
    await openPlayground(page, `${site.url}/index.html`)
    expect(await page.locator('.problems').textContent()).toBe('No problems.')
    await screenshot(page, '01-editor')
  }, 120_000)

  it('marks a type error at its line and clears it once fixed', async () => {
    const { marker } = await makeTypeError(page)
    // The squiggle lies under the text: hover there, as a person would, to show the message.
    await marker.first().hover({ force: true })
    await page.locator('.monaco-hover').first().waitFor({ timeout: 30_000 })
    await screenshot(page, '02-type-error')

    await page.keyboard.press('Control+z')
    await expect.poll(() => page.locator('.problems').textContent(), { timeout: 60_000 }).toBe('No problems.')
    expect(await marker.count()).toBe(0)
  }, 120_000)

  it("completes the stdlib's API in a second file", async () => {
    await page.fill('#new-file', 'contracts/notes.ts')
    await page.press('#new-file', 'Enter')
    await page.locator('.monaco-editor .view-lines').click()
    await page.keyboard.insertText("import { StorageMap } from 'inkstone'\n\nexport const notes = new StorageMap<string, string>('notes')\nnotes")
    await page.keyboard.type('.')
    const suggestions = page.locator('.suggest-widget.visible')
    await suggestions.waitFor({ timeout: 60_000 })
    await expect.poll(() => suggestions.textContent()).toMatch(/entries.*|keys/)
    await screenshot(page, '03-completion')
    await page.keyboard.press('Escape')
    await page.keyboard.press('Backspace')
  }, 120_000)

  it('compiles, deploys and calls transfer through the generated form: event and gas', async () => {
    const bob = await addAccount(page, 'bob')
    await page.click('#compile')
    await expect.poll(() => compileStatus().textContent(), { timeout: 60_000 }).toMatch(/^Token: compiled/)
    const deployed = await deployToken(page)
    expect(await deployed.getAttribute('data-status')).toBe('ok')
    expect(await deployed.textContent()).toContain('event Transfer')

    const transfer = await submit(methodForm(page, 'transfer'), { to: bob, amount: '25' })
    const text = (await transfer.textContent())!
    expect(await transfer.getAttribute('data-status')).toBe('ok')
    expect(text).toMatch(/gas [\d,]+/)
    expect(text).toContain(`event Transfer { amount: 25n, from: "0x`)
    expect(text).toContain(`to: "${bob}" }`)
    expect(await page.locator('#bottom .activity li[data-method=transfer]').count()).toBe(1)
    await screenshot(page, '04-transfer')

    const failed = await submit(methodForm(page, 'transfer'), { to: bob, amount: '1000000' })
    expect(await failed.getAttribute('data-status')).toBe('revert')
    expect(await failed.textContent()).toContain(`insufficient balance at contracts/token.ts:${tokenLine("'insufficient balance'")}`)

    const balance = await submit(methodForm(page, 'balanceOf'), { account: bob })
    expect(await balance.textContent()).toMatch(/^view.*ok→ 25ngas [\d,]+$/)
    await screenshot(page, '05-revert-and-view')
  }, 120_000)

  it('lists blocks with their transactions and the decoded storage', async () => {
    await page.click('[data-tab=chain]')
    await expect.poll(() => page.locator('#blocks tr.block').count(), { timeout: 30_000 }).toBe(4)
    expect(await page.locator('#chain-summary').textContent()).toContain('Chain inkstone-playground · height 3 · in this browser')
    expect(await page.locator('#blocks tr.tx').allTextContents()).toEqual([expect.stringContaining('transfer'), expect.stringContaining('transfer'), expect.stringContaining('deploy Token')])
    await screenshot(page, '06-chain')

    await page.click('[data-tab=state]')
    await expect.poll(() => page.locator('#storage tr[data-key^="balances:"]').count(), { timeout: 30_000 }).toBe(2)
    expect(await page.locator('#storage tr[data-key="info"]').textContent()).toBe('info{ decimals: 2, name: "Ink", symbol: "INK", totalSupply: 1000n }')
    await screenshot(page, '07-state')
  }, 120_000)

  it('keeps files, keys, deployments, activity and the chain across a reload', async () => {
    const bob = await page.locator('tr[data-account=bob] .address').textContent()
    await page.waitForSelector('html[data-saved=true]')
    await page.reload()
    await expect.poll(() => compileStatus().textContent(), { timeout: 60_000 }).toMatch(/^Token: compiled/)
    expect(await page.locator('tr[data-account=bob] .address').textContent()).toBe(bob)
    await page.click('li[data-file="contracts/notes.ts"]')
    await expect.poll(() => editorText(page)).toContain("export const notes = new StorageMap<string, string>('notes')")
    expect(await page.locator('#bottom .activity li').count()).toBe(4)
    const balance = await submit(methodForm(page, 'balanceOf'), { account: bob! })
    expect(await balance.textContent()).toContain('→ 25n')
    await screenshot(page, '08-after-reload')

    await page.click('#share')
    await expect.poll(() => page.locator('#share-link').inputValue()).toMatch(/#share=[\w-]+$/)
    shared = await page.locator('#share-link').inputValue()
    const download = page.waitForEvent('download')
    await page.click('#export')
    exported = (await (await download).path())!
  }, 120_000)

  it('opens a share link in a fresh profile with the same files', async () => {
    const fresh = await browser.newContext({ viewport: { width: 1440, height: 900 } })
    try {
      const other = await newPage(fresh)
      await other.goto(shared)
      await expect.poll(() => other.locator('#compile-status').textContent(), { timeout: 60_000 }).toMatch(/^Token: compiled/)
      expect(await other.locator('.files li').evaluateAll((items) => items.map((item) => item.getAttribute('data-file')))).toEqual(['contracts/notes.ts', 'contracts/token.ts'])
      expect(await other.locator('#contract').textContent()).toBe('Nothing deployed on this network yet.')
      await other.click('#share')
      await expect.poll(() => other.locator('#share-link').inputValue()).toBe(shared)
      await screenshot(other, '09-shared')

      await other.locator('input[type=file]').setInputFiles(exported)
      await expect.poll(() => other.locator('tr[data-account=bob] .address').textContent()).toBe(await page.locator('tr[data-account=bob] .address').textContent())
      expect(other.errors).toEqual([])
    } finally {
      await fresh.close()
    }
  }, 120_000)

  it('switches to a node over JSON-RPC: deploy, a revert at its TypeScript line, decoded storage; and back', async () => {
    const node = await startNode('inkstone-dev')
    try {
      await page.click('[data-tab=contract]')
      await page.selectOption('#network', 'rpc')
      await page.fill('#rpc-url', node.url)
      await page.press('#rpc-url', 'Enter')
      await page.locator('#rpc-url').dispatchEvent('change')
      await expect.poll(() => page.locator('#contract').textContent()).toBe('Nothing deployed on this network yet.')
      const deployed = await deployToken(page)
      expect(await deployed.getAttribute('data-status')).toBe('ok')
      const receiver = '0x' + '11'.repeat(20)
      const transfer = await submit(methodForm(page, 'transfer'), { to: receiver, amount: '5' })
      expect(await transfer.textContent()).toContain('event Transfer { amount: 5n')
      // The node's receipt carries the VM's stack; the page maps it with the artifact it deployed.
      const failed = await submit(methodForm(page, 'transfer'), { to: receiver, amount: '1000000' })
      expect(await failed.getAttribute('data-status')).toBe('revert')
      expect(await failed.textContent()).toContain(`insufficient balance at contracts/token.ts:${tokenLine("'insufficient balance'")}`)
      await screenshot(page, '10-rpc')

      await page.click('[data-tab=chain]')
      await expect.poll(() => page.locator('#chain-summary').textContent(), { timeout: 30_000 }).toContain(`Chain inkstone-dev · height 3 · ${node.url}`)
      await page.click('[data-tab=state]')
      await expect.poll(() => page.locator('#storage tr[data-key^="balances:"]').count(), { timeout: 30_000 }).toBe(2)
      expect(await page.locator(`#storage tr[data-key="balances:s${receiver}"]`).textContent()).toBe(`balances"${receiver}"5n`)
      expect(await page.locator('#storage tr[data-key="info"]').textContent()).toBe('info{ decimals: 2, name: "Ink", symbol: "INK", totalSupply: 1000n }')
      expect(await page.locator('#storage-summary').textContent()).toBe(`${await page.locator('#storage tbody tr').count()} entries at height 3`)
      await screenshot(page, '11-rpc-state')

      await page.selectOption('#network', 'browser')
      await page.click('[data-tab=contract]')
      const balance = await submit(methodForm(page, 'balanceOf'), { account: (await page.locator('tr[data-account=bob] .address').textContent())! })
      expect(await balance.textContent()).toContain('→ 25n')
      expect(page.errors).toEqual([])
    } finally {
      await node.close()
    }
  }, 120_000)

  it('fills arrays, bytes, literal unions and objects from the ABI (registry, voting and private-records templates)', async () => {
    const alice = (await page.locator('tr[data-account=alice] .address').textContent())!
    const useTemplate = async (id: string, name: string) => {
      await page.selectOption('#template', id)
      await expect.poll(() => compileStatus().textContent(), { timeout: 60_000 }).toMatch(new RegExp(`^${name}: compiled`))
    }
    await page.click('[data-tab=contract]')
    await useTemplate('registry', 'NameRegistry')
    expect(await (await submit(page.locator('#deploy form'), {})).getAttribute('data-status')).toBe('ok')
    const registered = await submit(methodForm(page, 'register'), { name: 'ink', target: alice, blocks: '100' })
    expect(await registered.getAttribute('data-status')).toBe('ok')

    await useTemplate('voting', 'Voting')
    const deploy = page.locator('#deploy form')
    await deploy.locator('[data-add=members]').click()
    await deploy.locator('[name="members[]"]').fill(alice)
    expect(await (await submit(deploy, { quorum: '1' })).getAttribute('data-status')).toBe('ok')
    const proposed = await submit(methodForm(page, 'propose'), { title: 'Budget', document: '0x' + 'ab'.repeat(32), blocks: '10' })
    expect(await proposed.textContent()).toMatch(/ok→ 0/)
    await methodForm(page, 'vote').locator('[name=choice]').selectOption({ label: "'yes'" })
    expect(await (await submit(methodForm(page, 'vote'), { id: '0' })).getAttribute('data-status')).toBe('ok')
    const proposal = await submit(methodForm(page, 'proposal'), { id: '0' })
    expect(await proposal.textContent()).toContain(`document: 0x${'ab'.repeat(32)}`)
    expect(await proposal.textContent()).toContain('tally: { abstain: 0, no: 0, yes: 1 }')
    await screenshot(page, '12-voting')

    await useTemplate('private-records', 'MedicalRecords')
    expect(await (await submit(page.locator('#deploy form'), { name: 'clinic' })).getAttribute('data-status')).toBe('ok')
    expect(await (await submit(methodForm(page, 'createRecord'), { record: 'patient-7' })).getAttribute('data-status')).toBe('ok')
    const write = methodForm(page, 'writeField')
    expect(await write.locator('fieldset.object .field').count()).toBe(3)
    const values = { record: 'patient-7', field: 'allergies', 'write.ciphertext': '0x01' + '00'.repeat(60), 'write.keyVersion': '1' }
    const refused = await submit(write, values)
    // writeField is inherited from the stdlib's PrivateRecordsContract: the failure shows where the stdlib refused.
    expect(await refused.textContent()).toMatch(/a new field needs ownerKey: its data key wrapped to the owner at node_modules\/inkstone\/privacy\/private-records\.ts:\d+/)
    // The optional parameter is given once its box is checked.
    await write.locator('label.field', { hasText: 'ownerKey?' }).locator('input[type=checkbox]').check()
    const written = await submit(write, { ...values, ownerKey: '0x04' + '00'.repeat(112) })
    expect(await written.textContent()).toContain('event FieldWritten { field: "allergies", keyVersion: 1, record: "patient-7", writer: "0x')
    expect(page.errors).toEqual([])
  }, 120_000)
})
