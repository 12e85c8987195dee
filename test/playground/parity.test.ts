// Same contract + same calls ⇒ identical results and gas in the browser and in Node: the token
// template compiled by the playground's compile worker (esbuild-wasm) and run by its in-browser
// chain (node core + VM over IndexedDB), against the compiler with native esbuild and the node
// core over memory, driven through JSON-RPC on both sides.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { compile } from '../../compiler/index.ts'
import { nodeEnvironment } from '../../compiler/node.ts'
import { RpcClient } from '../../node/rpc/client.ts'
import { TEMPLATES } from '../../playground/src/workspace/templates.ts'
import { launchChromium } from '../browser/browser.ts'
import { runParitySequence } from './parity.fixture.ts'
import { newPage, startNode, startTestPage } from './playground.ts'

let site: Awaited<ReturnType<typeof startTestPage>>

beforeAll(async () => {
  site = await startTestPage('parity.html')
}, 120_000)

afterAll(async () => {
  await site?.close()
})

it('gives identical code hashes, results, events and gas in the browser and in Node', async () => {
  const token = TEMPLATES.find((template) => template.id === 'token')!
  const compiled = await compile({ entry: token.entry, files: token.files, ...nodeEnvironment })
  const node = await startNode('inkstone-playground')
  let inNode: string
  try {
    inNode = await runParitySequence(new RpcClient(node.url), compiled.artifact!)
  } finally {
    await node.close()
  }
  const browser = await launchChromium()
  try {
    const page = await newPage(await browser.newContext())
    await page.goto(`${site.url}/parity.html`)
    const inBrowser = await page.evaluate(() => window.parity)
    expect(page.errors).toEqual([])
    expect(inBrowser).toBe(inNode)
    expect(inNode).toMatch(/^transfer: ok gas=\d+ height=2 /m)
    expect(inNode).toMatch(/^transfer too much: revert gas=\d+ .*error=insufficient balance/m)
    expect(inNode).toMatch(/^view balanceOf: true gas=\d+ value={"\$bigint":"982"}/m)
  } finally {
    await browser.close()
  }
}, 120_000)
