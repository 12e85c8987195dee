/**
 * The state inspector: a deployed contract's storage, decoded — collection names and keys as the
 * stdlib encodes them (stdlib/_key.ts), values from their canonical bytes. Only the in-browser
 * chain can list storage (`pg_getStorage`): the node's RPC has no such method yet.
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

export function statePanel(app: App, root: HTMLElement): { refresh(): Promise<void> } {
  const picker = h('select', { id: 'state-picker' })
  const table = h('div', { id: 'storage' })
  const refresh = async () => {
    const chosen = pickDeployment(app, picker)
    if (!chosen) return fill(table, h('p', { class: 'muted' }, 'Nothing deployed on this network yet.'))
    try {
      const entries = await app.rpc.request<{ key: string; value: JsonValue }[]>('pg_getStorage', [chosen.address])
      fill(
        table,
        h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'collection'), h('th', {}, 'key'), h('th', {}, 'value'))), h('tbody', {}, ...entries.map(({ key, value }) => row(key, fromJson(value))))),
        entries.length === 0 && h('p', { class: 'muted' }, 'No storage yet.'),
      )
    } catch (error) {
      const text = error instanceof JsonRpcError && error.code === METHOD_NOT_FOUND ? 'This node cannot list storage over RPC (only the in-browser chain can, for now): query the contract\u2019s views instead.' : (error as Error).message
      fill(table, h('p', { class: 'muted' }, text))
    }
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
