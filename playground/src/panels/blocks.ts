/** The chain: which network, its height, and its newest blocks with their transactions and receipts. */
import type { App } from '../app.ts'
import { InBrowserChain } from '../chain/connection.ts'
import type { ReceiptJson } from '../chain/transactions.ts'
import { fill, h, short } from '../ui/dom.ts'

/** Blocks listed, newest first. */
const SHOWN_BLOCKS = 25

interface BlockJson {
  hash: string
  height: number
  time: number
  gasUsed: number
  txCount: number
  transactions: { hash: string; from: string; call?: { to: string; method: string }; deploy?: { name: string } }[]
}

export function blocksPanel(app: App, root: HTMLElement): { refresh(): Promise<void> } {
  const summary = h('div', { id: 'chain-summary' })
  const list = h('div', { id: 'blocks' })
  const refresh = async () => {
    const rpc = app.rpc
    try {
      const [chainId, head] = await Promise.all([rpc.request<string>('ink_chainId'), rpc.request<number>('ink_blockNumber')])
      const heights = Array.from({ length: Math.min(SHOWN_BLOCKS, head + 1) }, (_, i) => head - i)
      const blocks = await Promise.all(heights.map((height) => rpc.request<BlockJson>('ink_getBlockByNumber', [height, true])))
      const receipts = new Map(
        await Promise.all(blocks.flatMap((block) => block.transactions.map(async (tx) => [tx.hash, await rpc.request<ReceiptJson | null>('ink_getTransactionReceipt', [tx.hash])] as const))),
      )
      const inBrowser = rpc instanceof InBrowserChain
      fill(
        summary,
        h('p', {}, `Chain ${chainId} · height ${head} · ${inBrowser ? 'in this browser (IndexedDB)' : rpc.url} `),
        inBrowser && h('button', { type: 'button', id: 'reset-chain', onclick: () => resetChain(rpc) }, 'Reset in-browser chain'),
      )
      fill(
        list,
        h(
          'table',
          {},
          h('thead', {}, h('tr', {}, h('th', {}, 'block'), h('th', {}, 'hash'), h('th', {}, 'txs'), h('th', {}, 'gas'), h('th', {}, 'time'))),
          h('tbody', {}, ...blocks.flatMap((block) => [blockRow(block), ...block.transactions.map((tx) => txRow(tx, receipts.get(tx.hash)))])),
        ),
      )
    } catch (error) {
      fill(summary, h('p', { class: 'bad' }, `Cannot reach the chain: ${(error as Error).message}`))
      fill(list)
    }
  }
  const resetChain = async (chain: InBrowserChain) => {
    if (!confirm('Throw the in-browser chain away and start again from genesis? Deployments on it are forgotten.')) return
    await chain.reset()
    app.workspace.change(['deployments', 'activity'], (data) => {
      data.deployments = data.deployments.filter((deployment) => deployment.network !== app.network)
      data.activity = data.activity.filter((entry) => entry.network !== app.network)
    })
    await refresh()
  }
  root.append(h('h2', {}, 'Chain'), summary, h('h2', {}, 'Blocks and transactions'), list)
  return { refresh }
}

function blockRow(block: BlockJson): HTMLElement {
  return h('tr', { class: 'block', 'data-height': block.height }, h('td', {}, h('strong', {}, `#${block.height}`)), h('td', { class: 'mono', title: block.hash }, short(block.hash)), h('td', {}, block.txCount), h('td', {}, block.gasUsed.toLocaleString('en-US')), h('td', { class: 'muted' }, new Date(block.time).toISOString().slice(11, 19)))
}

function txRow(tx: BlockJson['transactions'][number], receipt: ReceiptJson | null | undefined): HTMLElement {
  const action = tx.deploy ? `deploy ${tx.deploy.name}` : `${tx.call!.method} → ${short(tx.call!.to)}`
  const status = receipt?.status ?? 'pending'
  return h(
    'tr',
    { class: 'tx', 'data-tx': tx.hash },
    h('td', {}),
    h('td', { class: 'mono', title: tx.hash }, short(tx.hash)),
    h('td', { colspan: 2 }, h('code', {}, action), ' ', h('span', { class: status === 'ok' ? 'ok' : 'bad' }, status), receipt && h('span', { class: 'muted' }, ` gas ${receipt.gasUsed.toLocaleString('en-US')}`)),
    h('td', { class: 'mono muted', title: tx.from }, short(tx.from)),
  )
}
