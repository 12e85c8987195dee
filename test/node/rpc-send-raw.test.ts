// ink_sendRawTransaction's parameter: which malformed hex is an invalid parameter and which a
// refused transaction, with the exact replies (the method parses the hex itself, in one pass).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { toHex } from '../../node/bytes.ts'
import { InkNode } from '../../node/node.ts'
import { handleMessage } from '../../node/rpc/envelope.ts'
import { rpcCore } from '../../node/rpc/methods.ts'
import { TX_LIMITS } from '../../node/params.ts'
import { MemoryStore } from '../../node/store.ts'
import { account, CHAIN_ID, deploy, tx } from './helpers.ts'

let node: InkNode

beforeAll(async () => {
  node = await InkNode.start({ chainId: CHAIN_ID, store: new MemoryStore(), blockIntervalMs: 3_600_000 })
})

afterAll(async () => {
  await node.stop()
})

async function send(raw: unknown): Promise<unknown> {
  const reply = await handleMessage(JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'ink_sendRawTransaction', params: [raw] }), rpcCore(node), { subscriptions: new Map() })
  return JSON.parse(reply!)
}

const invalidParams = { jsonrpc: '2.0', id: 7, error: { code: -32602, message: '"raw" must be a hex string' } }
const rejected = (reason: string, message: string) => ({ jsonrpc: '2.0', id: 7, error: { code: -32000, message, data: { reason } } })
const MAX_HEX = 2 * TX_LIMITS.maxTxBytes

describe('ink_sendRawTransaction parameter', () => {
  it('admits a transaction in lowercase, uppercase and 0x-prefixed hex', async () => {
    const alice = account(11)
    for (const form of [(hex: string) => hex, (hex: string) => hex.toUpperCase(), (hex: string) => `0x${hex}`]) {
      const t = tx(alice, deploy('exports.x = () => 1'))
      expect(await send(form(toHex(t.raw)))).toEqual({ jsonrpc: '2.0', id: 7, result: t.hash })
    }
  })

  it.each([
    ['a number', 12],
    ['null', null],
    ['a non-hex character', '0a0z'],
    ['a character beyond ASCII', '0aé0'],
    ['an upper-case 0X prefix', '0X0a0b'],
    ['two prefixes', '0x0x0a'],
    ['spaces', '0a 0b'],
    ['a non-hex character in text too long to parse', '0'.repeat(MAX_HEX + 2) + 'z'],
  ])('answers %s with invalid params', async (_, raw) => {
    expect(await send(raw)).toEqual(invalidParams)
  })

  it('refuses hex of odd length, bytes that are no transaction, and oversize text, as before', async () => {
    expect(await send('0a0')).toEqual(rejected('malformed', 'malformed transaction: raw transaction must be an even-length hex string'))
    expect(await send('0x0a0')).toEqual(rejected('malformed', 'malformed transaction: raw transaction must be an even-length hex string'))
    expect(await send('')).toEqual(rejected('malformed', expect.stringMatching(/^malformed transaction: /)))
    expect(await send('0a0b')).toEqual(rejected('malformed', expect.stringMatching(/^malformed transaction: /)))
    // At the limit the bytes are decoded; one byte over, refused by size; far over, before parsing.
    expect(await send('00'.repeat(TX_LIMITS.maxTxBytes))).toEqual(rejected('malformed', expect.stringMatching(/^malformed transaction: /)))
    expect(await send('0'.repeat(MAX_HEX + 1))).toEqual(rejected('malformed', 'malformed transaction: raw transaction must be an even-length hex string'))
    expect(await send('00'.repeat(TX_LIMITS.maxTxBytes + 1))).toEqual(rejected('oversize', `transaction too large: ${TX_LIMITS.maxTxBytes + 1} > ${TX_LIMITS.maxTxBytes} bytes`))
    expect(await send('00'.repeat(TX_LIMITS.maxTxBytes + 2))).toEqual(rejected('oversize', 'transaction too large'))
  })
})
