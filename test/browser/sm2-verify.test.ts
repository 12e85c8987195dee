// SM2 verification and SM3 hashing in Chromium. SM2: the same answers as Node for good, forged and malformed inputs,
// on the first calls (the TypeScript kernel where the main thread refuses synchronous
// WebAssembly compilation over 4 KB and it compiles in the background; the Chromium here
// allows it) and once `whenFastVerifyReady` says the WebAssembly kernel is in use.
import { createHash } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, expect, it } from 'vitest'
import { bytesToHex, hexToBytes, sm2 } from '../../stdlib/crypto/index.ts'
import { buildPage, launchChromium, serve } from './browser.ts'
import type { Outcome, VerifyCase } from './sm2-verify.page.ts'

const root = fileURLToPath(new URL('.', import.meta.url))
const outDir = mkdtempSync(join(tmpdir(), 'inkstone-sm2-'))
let site: Awaited<ReturnType<typeof serve>>

beforeAll(async () => {
  await buildPage(root, 'sm2-verify.html', outDir)
  site = await serve(outDir)
}, 120_000)

afterAll(async () => {
  await site?.close()
  rmSync(outDir, { recursive: true, force: true })
})

/** The byte (two hex digits) with its low bit flipped: always a different key (setting it to 00 left one key in 256 unchanged). */
const flipLowBit = (byte: string) => (parseInt(byte, 16) ^ 1).toString(16).padStart(2, '0')

function cases(): VerifyCase[] {
  const out: VerifyCase[] = []
  const n = 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n
  for (let i = 0; i < 4; i++) {
    const priv = sm2.randomPrivateKey()
    const pub = bytesToHex(sm2.getPublicKey(priv))
    const msg = bytesToHex(new TextEncoder().encode(`transfer ${i}`))
    const sig = bytesToHex(sm2.sign(hexToBytes(msg), priv))
    out.push([sig, msg, pub], [sig, msg + '00', pub], [sig, msg, pub, 'ALICE123@YAHOO.COM'])
    out.push([sig.slice(0, 64) + n.toString(16), msg, pub], [sig.slice(2), msg, pub], [sig, msg, pub.slice(0, -2) + flipLowBit(pub.slice(-2))])
  }
  return out
}

function outcomes(list: VerifyCase[]): Outcome[] {
  return list.map(([sig, msg, pub, userId]) => {
    try {
      return sm2.verify(hexToBytes(sig), hexToBytes(msg), hexToBytes(pub), userId === undefined ? undefined : { userId })
    } catch (e) {
      return `${(e as Error).constructor.name}: ${(e as Error).message}`
    }
  })
}

it('verifies like Node on both kernels, before and after the WebAssembly kernel is ready', async () => {
  const list = cases()
  const inNode = outcomes(list)
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    const errors: string[] = []
    page.on('pageerror', (error) => errors.push(error.message))
    await page.goto(`${site.url}/sm2-verify.html`)
    await page.waitForFunction(() => typeof window.sm2Kernels === 'function')
    const report = await page.evaluate((l) => window.sm2Kernels(l), list)
    expect(errors).toEqual([])
    expect(report.ready).toBe(true)
    expect(report.early).toEqual(inNode)
    expect(report.late).toEqual(inNode)
    expect(inNode.filter((o) => o === true)).toHaveLength(4)
    console.log(
      `Chromium main thread: WebAssembly kernel loaded ${report.loadedSynchronously ? 'synchronously' : 'in the background'}; ` +
        `SM2 verify without cache ${report.coldVerifiesPerSecond}/s`,
    )
  } finally {
    await browser.close()
  }
}, 120_000)

it('hashes SM3 like OpenSSL in Node, on the WebAssembly kernel loaded synchronously on the main thread', async () => {
  const inputs = [0, 3, 55, 56, 64, 65, 300, 16_385, 40_000].map((size) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + size) & 0xff)).toString('hex'))
  const expected = inputs.map((hex) => createHash('sm3').update(Buffer.from(hex, 'hex')).digest('hex'))
  const browser = await launchChromium()
  try {
    const page = await browser.newPage()
    await page.goto(`${site.url}/sm2-verify.html`)
    await page.waitForFunction(() => typeof window.sm3Digests === 'function')
    const report = await page.evaluate((l) => window.sm3Digests(l), inputs)
    expect(report.digests).toEqual(expected)
    expect(report.kernelLoaded).toBe(true)
  } finally {
    await browser.close()
  }
}, 120_000)
