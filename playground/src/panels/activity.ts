/**
 * The activity log: every deploy, transaction and read-only call on the current network with its
 * result or failure (at its TypeScript line when known), events and gas. Newest first.
 */
import type { App } from '../app.ts'
import { fill, h, short } from '../ui/dom.ts'
import type { Activity } from '../workspace/workspace.ts'

/** One entry: what was called, how it ended, its gas, block and events. */
export function activityItem(app: App, entry: Activity): HTMLElement {
  const ok = entry.status === 'ok'
  const kind = entry.kind === 'view' ? 'view' : entry.kind === 'deploy' ? 'deploy' : 'tx'
  return h(
    'li',
    { 'data-status': entry.status, 'data-method': entry.method },
    h(
      'div',
      { class: 'head' },
      h('span', { class: 'muted' }, kind),
      h('code', {}, `${entry.contractName}.${entry.method}(${entry.args})`),
      h('span', { class: ok ? 'ok' : 'bad' }, entry.status),
      ok && entry.value !== undefined && entry.value !== 'null' && h('code', { class: 'value' }, `→ ${entry.value}`),
      entry.gasUsed !== undefined && h('span', { class: 'gas muted' }, `gas ${entry.gasUsed.toLocaleString('en-US')}`),
      entry.height !== undefined && h('span', { class: 'muted' }, `block ${entry.height}`),
      entry.kind === 'deploy' && entry.contract && h('code', { class: 'muted', title: entry.contract }, short(entry.contract)),
    ),
    entry.error &&
      h(
        'div',
        { class: 'bad error' },
        entry.error,
        entry.location && h('a', { class: 'location', onclick: () => app.editor.reveal(entry.location!) }, ` at ${entry.location.file}:${entry.location.line}`),
      ),
    ...entry.events.map((event) => h('div', { class: 'event mono' }, h('span', { class: 'muted' }, 'event '), `${event.name} ${event.data}`)),
  )
}

export function activityPanel(app: App, root: HTMLElement): void {
  const list = h('ul', { class: 'activity' })
  const render = () => {
    const entries = app.workspace.data.activity.filter((entry) => entry.network === app.network)
    fill(list, ...entries.reverse().map((entry) => activityItem(app, entry)), entries.length === 0 && h('li', { class: 'muted' }, 'Deploy the contract, then call it from the Contract tab: results, events and gas show here.'))
  }
  app.workspace.on('activity', render)
  app.workspace.on('network', render)
  render()
  root.append(list)
}
