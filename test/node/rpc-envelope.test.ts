// The envelope alone, over a mock core: no node, no HTTP.
import { describe, expect, it } from 'vitest'
import { handleMessage, type RpcCore } from '../../node/rpc/envelope.ts'
import { InvalidParamsError, MethodNotFoundError } from '../../node/rpc/errors.ts'
import { TxRejectedError } from '../../node/tx.ts'

const calls: { method: string; params: unknown }[] = []
const core: RpcCore<null> = {
  async request({ method, params }) {
    calls.push({ method, params })
    if (method === 'echo') return params
    if (method === 'nothing') return undefined
    if (method === 'bad') throw new InvalidParamsError('"x" must be a number')
    if (method === 'rejected') throw new TxRejectedError('nonceTooLow')
    if (method === 'boom') throw new Error('kaput')
    if (method === 'bigint') return 1n
    throw new MethodNotFoundError(method)
  },
}
const send = async (message: unknown) => {
  const text = await handleMessage(typeof message === 'string' ? message : JSON.stringify(message), core, null)
  return text === undefined ? undefined : JSON.parse(text)
}

describe('JSON-RPC envelope', () => {
  const cases: { name: string; input: unknown; expected: unknown }[] = [
    { name: 'result with echoed id', input: { jsonrpc: '2.0', id: 'a', method: 'echo', params: [1] }, expected: { jsonrpc: '2.0', id: 'a', result: [1] } },
    { name: 'undefined result becomes null', input: { jsonrpc: '2.0', id: 1, method: 'nothing' }, expected: { jsonrpc: '2.0', id: 1, result: null } },
    { name: 'parse error', input: '{"jsonrpc": ', expected: { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } } },
    { name: 'not an object', input: 5, expected: { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'request must be an object' } } },
    { name: 'wrong version', input: { jsonrpc: '1.0', id: 2, method: 'echo' }, expected: { jsonrpc: '2.0', id: 2, error: { code: -32600, message: '"jsonrpc" must be "2.0"' } } },
    { name: 'method not a string', input: { jsonrpc: '2.0', id: 3, method: 7 }, expected: { jsonrpc: '2.0', id: 3, error: { code: -32600, message: '"method" must be a string' } } },
    { name: 'params not structured', input: { jsonrpc: '2.0', id: 4, method: 'echo', params: 'x' }, expected: { jsonrpc: '2.0', id: 4, error: { code: -32600, message: '"params" must be an array or an object' } } },
    { name: 'bad id type', input: { jsonrpc: '2.0', id: {}, method: 'echo' }, expected: { jsonrpc: '2.0', id: null, error: { code: -32600, message: '"id" must be a string, number or null' } } },
    { name: 'unknown method', input: { jsonrpc: '2.0', id: 5, method: 'nope' }, expected: { jsonrpc: '2.0', id: 5, error: { code: -32601, message: 'Method not found: nope' } } },
    { name: 'invalid params', input: { jsonrpc: '2.0', id: 6, method: 'bad' }, expected: { jsonrpc: '2.0', id: 6, error: { code: -32602, message: '"x" must be a number' } } },
    { name: 'rejected transaction', input: { jsonrpc: '2.0', id: 7, method: 'rejected' }, expected: { jsonrpc: '2.0', id: 7, error: { code: -32000, message: 'nonce already used', data: { reason: 'nonceTooLow' } } } },
    { name: 'internal error', input: { jsonrpc: '2.0', id: 8, method: 'boom' }, expected: { jsonrpc: '2.0', id: 8, error: { code: -32603, message: 'kaput' } } },
    { name: 'unserializable result', input: { jsonrpc: '2.0', id: 9, method: 'bigint' }, expected: { jsonrpc: '2.0', id: 9, error: { code: -32603, message: 'result not serializable: Do not know how to serialize a BigInt' } } },
    { name: 'empty batch', input: [], expected: { jsonrpc: '2.0', id: null, error: { code: -32600, message: 'empty batch' } } },
  ]
  it.each(cases)('$name', async ({ input, expected }) => {
    expect(await send(input)).toEqual(expected)
  })

  it('answers batches in order, skipping notifications', async () => {
    const response = await send([
      { jsonrpc: '2.0', id: 1, method: 'echo', params: ['a'] },
      { jsonrpc: '2.0', method: 'echo', params: ['notification'] },
      { jsonrpc: '2.0', id: 2, method: 'nope' },
    ])
    expect(response).toEqual([
      { jsonrpc: '2.0', id: 1, result: ['a'] },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: 'Method not found: nope' } },
    ])
    expect(calls.some((c) => (c.params as unknown[])[0] === 'notification')).toBe(true)
    expect(await send([{ jsonrpc: '2.0', method: 'echo' }])).toBeUndefined()
  })

  it('answers a batch whose one result JSON cannot carry: that response alone is an error', async () => {
    expect(await send([
      { jsonrpc: '2.0', id: 1, method: 'echo', params: ['a'] },
      { jsonrpc: '2.0', id: 2, method: 'bigint' },
      { jsonrpc: '2.0', id: 3, method: 'echo', params: [{ b: [1] }] },
    ])).toEqual([
      { jsonrpc: '2.0', id: 1, result: ['a'] },
      { jsonrpc: '2.0', id: 2, error: { code: -32603, message: 'result not serializable: Do not know how to serialize a BigInt' } },
      { jsonrpc: '2.0', id: 3, result: [{ b: [1] }] },
    ])
  })
})
