import { describe, expect, expectTypeOf, it } from 'vitest'
import { AbiError, contractClient, ContractCallError, type ContractEvent, type ProviderRequest, type ProviderResult } from '../../compiler/client.ts'
import type { Escrow } from '../../examples/escrow/escrow.ts'
import type { Token } from '../../examples/token/token.ts'
import type { Abi } from '../../stdlib/abi.ts'
import { buildSource, devChain } from './dev-chain.ts'

const SHAPES = `import { call, view } from 'inkstone'
export type Side = 'buy' | 'sell'
export interface Order { side: Side; price: bigint; lots: number[]; note?: string; proof: Uint8Array | null }
export class Market {
  @call
  place(trader: string, order: Order, urgent?: boolean): number {
    return order.lots.length
  }
  @view
  echo(values: Record<string, bigint>): Record<string, bigint> {
    return values
  }
}
`
const ORDER = { side: 'buy', price: 5n, lots: [1, 2], proof: null }

/** Calls with wrong arguments, the message naming the parameter and the expected type. */
const BAD_CALLS: { name: string; method: string; args: unknown[]; message: string }[] = [
  { name: 'a missing argument', method: 'place', args: ['alice'], message: 'place: argument "order" is missing (expected Order)' },
  { name: 'an extra argument', method: 'place', args: ['alice', ORDER, true, 1], message: 'place: expected at most 3 arguments, got 4' },
  { name: 'a wrong primitive', method: 'place', args: [7, ORDER], message: 'place: argument "trader" expected string, got number 7' },
  { name: 'a wrong object', method: 'place', args: ['alice', 'order'], message: 'place: argument "order" expected Order, got string "order"' },
  { name: 'a wrong literal', method: 'place', args: ['alice', { ...ORDER, side: 'hold' }], message: `place: argument "order.side" expected 'buy' | 'sell', got string "hold"` },
  { name: 'a number for a bigint', method: 'place', args: ['alice', { ...ORDER, price: 5 }], message: 'place: argument "order.price" expected bigint, got number 5' },
  { name: 'a wrong array item', method: 'place', args: ['alice', { ...ORDER, lots: [1, '2'] }], message: 'place: argument "order.lots[1]" expected number, got string "2"' },
  { name: 'a missing property', method: 'place', args: ['alice', { side: 'buy', price: 1n, lots: [] }], message: 'place: argument "order.proof" is missing (expected Uint8Array | null)' },
  { name: 'an unexpected property', method: 'place', args: ['alice', { ...ORDER, extra: 1 }], message: 'place: argument "order" has an unexpected property "extra"' },
  { name: 'a wrong union member', method: 'place', args: ['alice', { ...ORDER, proof: [1] }], message: 'place: argument "order.proof" expected Uint8Array | null, got array' },
  { name: 'a wrong optional', method: 'place', args: ['alice', ORDER, 'yes'], message: 'place: argument "urgent" expected boolean, got string "yes"' },
  { name: 'a wrong record value', method: 'echo', args: [{ a: 1n, b: 'x' }], message: 'echo: argument "values.b" expected bigint, got string "x"' },
]

describe('contract clients', async () => {
  const market = await buildSource(SHAPES)

  it.each(BAD_CALLS)('refuses $name before sending, and the contract refuses it too', async ({ method, args, message }) => {
    const sent: ProviderRequest[] = []
    const client = contractClient<never>({ call: (request) => (sent.push(request), { ok: true, gasUsed: 0, events: [] }) }, 'market', market.abi) as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
    await expect(client[method]!(...args)).rejects.toThrow(new AbiError(message))
    expect(sent).toEqual([])
    // A caller that skips the client (another contract, a raw transaction) meets the same check in the VM.
    const { chain } = await devChain({ market: { artifact: market } })
    expect(chain.call('market', method, args).error).toMatchObject({ kind: 'error', name: 'TypeError', message })
  })

  it('sends well-typed calls with their kind, and returns the result', async () => {
    const { client } = await devChain({ market: { artifact: market } })
    const markets = client<{ new (): { place(trader: string, order: object, urgent?: boolean): number } }>('market')
    expect(await markets.place('alice', ORDER)).toBe(2)
    expect(await markets.place('alice', { ...ORDER, note: 'n', proof: new Uint8Array(2) }, true)).toBe(2)
    const requests: ProviderRequest[] = []
    const recording = contractClient<never>({ call: (r) => (requests.push(r), { ok: true, value: { a: 1n }, gasUsed: 1, events: [] }) }, 'market', market.abi) as never as Record<string, (...args: unknown[]) => Promise<unknown>>
    expect(await recording.echo!({ a: 1n })).toEqual({ a: 1n })
    expect(requests).toEqual([{ contract: 'market', method: 'echo', args: [{ a: 1n }], kind: 'view' }])
  })

  it('refuses results and events that do not match the ABI', async () => {
    const abi: Abi = {
      methods: [{ name: 'get', kind: 'view', params: [], returns: 'bigint' }, { name: 'go', kind: 'call', params: [], returns: 'void' }],
      events: [{ name: 'Went', type: { object: [{ name: 'n', type: 'number' }] } }],
      types: {},
    }
    const replying = (reply: Partial<ProviderResult>) => contractClient<never>({ call: () => ({ ok: true, gasUsed: 0, events: [], ...reply }) }, 'c', abi) as never as Record<string, () => Promise<unknown>>
    await expect(replying({ value: 1 }).get!()).rejects.toThrow('c returned a result that does not match its ABI: "get()" expected bigint, got number 1')
    await expect(replying({ value: 1 }).go!()).rejects.toThrow('"go()" expected void (null), got a value')
    await expect(replying({ events: [{ contract: 'c', name: 'Went', data: { n: '1' } }] }).go!()).rejects.toThrow('c emitted an event that does not match its ABI: "Went.n" expected number, got string "1"')
    await expect(replying({ events: [{ contract: 'c', name: 'Other', data: null }] }).go!()).rejects.toThrow('unknown event "Other"')
    await expect((replying({}) as never as { $receipt(name: string): Promise<unknown> }).$receipt('nope')).rejects.toThrow('the contract at c has no method "nope"')
  })

  it('throws ContractCallError with the failure kind and contract', async () => {
    const client = contractClient<never>({ call: () => ({ ok: false, gasUsed: 5, events: [], error: { kind: 'out-of-gas', message: 'out of gas', contract: 'x' } }) }, 'c', {
      methods: [{ name: 'go', kind: 'call', params: [], returns: 'void' }],
      events: [],
      types: {},
    }) as never as Record<string, () => Promise<unknown>>
    const error = await client.go!().catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ContractCallError)
    expect(error).toMatchObject({ kind: 'out-of-gas', message: 'out of gas', contract: 'x' })
  })

  it('is typed from the contract class, without codegen', () => {
    type TokenClient = import('../../compiler/client.ts').ContractClient<typeof Token>
    expectTypeOf<TokenClient['transfer']>().parameters.toEqualTypeOf<[to: string, amount: bigint]>()
    expectTypeOf<TokenClient['transfer']>().returns.toEqualTypeOf<Promise<null>>()
    expectTypeOf<TokenClient['balanceOf']>().returns.toEqualTypeOf<Promise<bigint>>()
    expectTypeOf<TokenClient['tokenInfo']>().returns.resolves.toEqualTypeOf<{ name: string; symbol: string; decimals: number; totalSupply: bigint }>()
    // Only entry points: fields, private helpers and the inherited emit are not methods of the client.
    expectTypeOf<keyof TokenClient>().toEqualTypeOf<
      'init' | 'tokenInfo' | 'balanceOf' | 'allowance' | 'transfer' | 'approve' | 'transferFrom' | 'mint' | '$address' | '$abi' | '$receipt'
    >()
    expectTypeOf<ContractEvent<typeof Token>>().toEqualTypeOf<
      { name: 'Transfer'; data: { from: string; to: string; amount: bigint } } | { name: 'Approval'; data: { owner: string; spender: string; amount: bigint } }
    >()
    type EscrowClient = import('../../compiler/client.ts').ContractClient<typeof Escrow>
    expectTypeOf<EscrowClient['open']>().parameters.toEqualTypeOf<[seller: string, arbiter: string, amount: bigint]>()
    expectTypeOf<EscrowClient['deal']>().returns.resolves.toMatchTypeOf<{ state: 'funded' | 'released' | 'refunded' } | null>()
    // @ts-expect-error amount is a bigint
    ;((client: TokenClient) => client.transfer('bob', 10))
    // @ts-expect-error no such method
    ;((client: TokenClient) => client.burn('bob'))
  })
})
