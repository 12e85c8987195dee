/**
 * The state inspector: a deployed contract's storage, decoded — collection names and keys as the
 * stdlib encodes them (stdlib/_key.ts), values from their canonical bytes. It pages through
 * `ink_getStorage` (docs/rpc.md), which the in-browser chain and a node answer alike.
 */
import { JsonRpcError, MethodNotFoundError } from '../../../node/rpc/errors.ts'
import { fromJson, type JsonValue } from '../../../node/rpc/json-value.ts'
import { decodeKey } from '../../../stdlib/_key.ts'
import { formatValue } from '../abi/format.ts'
import type { App } from '../app.ts'
import { pickDeployment } from './pick-deployment.ts'
import { fill, h } from '../ui/dom.ts'

/** JSON-RPC's "method not found" code. */
const METHOD_NOT_FOUND = new MethodNotFoundError('').code
/** Entries per `ink_getStorage` page (the RPC allows up to 1,000). */
const PAGE = 200

interface StoragePage {
  height: number
  entries: { key: string; value: JsonValue }[]
  next: string | null
}

export function statePanel(app: App, root: HTMLElement): { refresh(): Promise<void> } {
  const picker = h('select', { id: 'state-picker' })
  const table = h('div', { id: 'storage' })
  /** Bumped by every refresh: a page arriving for an older one is dropped. */
  let shown = 0
  const refresh = async () => {
    const view = ++shown
    const chosen = pickDeployment(app, picker)
    if (!chosen) return fill(table, h('p', { class: 'muted' }, 'Nothing deployed on this network yet.'))
    const rows = h('tbody')
    const summary = h('p', { class: 'muted', id: 'storage-summary' })
    const more = h('button', { type: 'button', id: 'storage-more', hidden: true }, 'More')
    let after: string | null = null
    let count = 0
    const load = async () => {
      more.disabled = true
      try {
        const page = await app.rpc.request<StoragePage>('ink_getStorage', [{ address: chosen.address, limit: PAGE, ...(after === null ? {} : { after }) }])
        if (view !== shown) return
        rows.append(...page.entries.map(({ key, value }) => row(key, fromJson(value))))
        count += page.entries.length
        after = page.next
        more.hidden = after === null
        fill(summary, count === 0 ? 'No storage yet.' : `${count.toLocaleString('en-US')} ${count === 1 ? 'entry' : 'entries'}${after === null ? '' : ' so far'} at height ${page.height}`)
      } catch (error) {
        if (view !== shown) return
        const text = error instanceof JsonRpcError && error.code === METHOD_NOT_FOUND ? 'This node cannot list storage over RPC (it has no ink_getStorage): query the contract\u2019s views instead.' : (error as Error).message
        fill(table, h('p', { class: 'muted' }, text))
      } finally {
        more.disabled = false
      }
    }
    more.addEventListener('click', () => void load())
    fill(table, h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'collection'), h('th', {}, 'key'), h('th', {}, 'value'))), rows), summary, more)
    await load()
  }
  picker.addEventListener('change', () => void refresh())
  root.append(h('h2', {}, 'Contract storage'), picker, table)
  return { refresh }
}

/** `balances:s0x12…` is entry `"0x12…"` of collection `balances`; a key without `:` is a value or a vector's length. */
function row(key: string, value: ReturnType<typeof fromJson>): HTMLElement {
  const colon = key.indexOf(':')
  const collection = colon < 0 ? key : key.slice(0, colon)
  let shown = ''
  if (colon >= 0) {
    try {
      shown = formatValue(decodeKey(key.slice(colon + 1)))
    } catch {
      shown = key.slice(colon + 1)
    }
  }
  return h('tr', { 'data-key': key }, h('td', {}, collection), h('td', { class: 'mono value' }, shown), h('td', { class: 'mono value' }, formatValue(value)))
}
