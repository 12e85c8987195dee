// A fixed sequence — deploy the token example, transfers, a failing transfer, an approval and a
// transferFrom, read-only calls — run on the playground's in-browser chain (parity.page.ts) and
// on the node core in Node (parity.test.ts). Returns one line per step: status, gasUsed, value,
// events, error; with fixed keys every byte must match.
import type { Artifact } from '../../compiler/index.ts'
import { publicKeyOf } from '../../node/crypto.ts'
import type { RpcClient } from '../../node/rpc/client.ts'
import { addressOf } from '../../node/tx.ts'
import { sendTransaction, type Account } from '../../playground/src/chain/transactions.ts'

function account(name: string, privateKey: string): Account {
  return { name, privateKey, address: addressOf(publicKeyOf(privateKey)) }
}

export const ALICE = account('alice', '01'.repeat(32))
export const BOB = account('bob', '02'.repeat(32))

export async function runParitySequence(rpc: RpcClient, artifact: Artifact): Promise<string> {
  const lines = [`chain ${await rpc.request('ink_chainId')} code ${artifact.codeHash}`]
  const send = async (from: Account, label: string, action: Parameters<typeof sendTransaction>[2]) => {
    const r = await sendTransaction(rpc, from, action)
    lines.push(`${label}: ${r.status} gas=${r.gasUsed} height=${r.height} value=${JSON.stringify(r.value)} events=${JSON.stringify(r.events)} error=${r.error?.message ?? ''} contract=${r.contractAddress ?? ''}`)
    return r
  }
  const deployed = await send(ALICE, 'deploy', { deploy: { name: artifact.name, bundle: artifact.bundle, abi: artifact.abi as never, args: ['Ink', 'INK', 2, 1000n] } })
  const to = deployed.contractAddress!
  await send(ALICE, 'transfer', { call: { to, method: 'transfer', args: [BOB.address, 25n] } })
  await send(ALICE, 'transfer too much', { call: { to, method: 'transfer', args: [BOB.address, 1_000_000n] } })
  await send(BOB, 'approve', { call: { to, method: 'approve', args: [ALICE.address, 10n] } })
  await send(ALICE, 'transferFrom', { call: { to, method: 'transferFrom', args: [BOB.address, ALICE.address, 7n] } })
  for (const [method, args] of [['balanceOf', [ALICE.address]], ['balanceOf', [BOB.address]], ['allowance', [BOB.address, ALICE.address]], ['tokenInfo', []]] as const) {
    const r = await rpc.request<{ ok: boolean; value: unknown; gasUsed: number }>('ink_call', [{ to, method, args, from: ALICE.address }])
    lines.push(`view ${method}: ${r.ok} gas=${r.gasUsed} value=${JSON.stringify(r.value)}`)
  }
  return lines.join('\n')
}
