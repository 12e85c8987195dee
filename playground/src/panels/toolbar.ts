/**
 * The toolbar: templates, compile, the network switch (in-browser chain or a node's JSON-RPC),
 * share links, workspace export and import.
 */
import type { App } from '../app.ts'
import { h } from '../ui/dom.ts'
import { shareLink } from '../workspace/share.ts'
import { TEMPLATES } from '../workspace/templates.ts'
import { parseWorkspace } from '../workspace/workspace.ts'

const DEFAULT_RPC = 'http://127.0.0.1:8545'

export function toolbar(app: App, root: HTMLElement): void {
  const { workspace } = app
  const template = h('select', { id: 'template', title: 'replace the project with an example' }, h('option', { value: '' }, 'New from template…'), ...TEMPLATES.map((t) => h('option', { value: t.id }, t.title)))
  template.addEventListener('change', () => {
    const chosen = TEMPLATES.find((t) => t.id === template.value)
    template.value = ''
    if (!chosen || !confirm(`Replace the project's files with the ${chosen.title} template?`)) return
    workspace.change(['files'], (data) => {
      data.files = { ...chosen.files }
      data.entry = data.open = chosen.entry
    })
  })

  const compile = h('button', { type: 'button', id: 'compile', class: 'primary', onclick: () => void app.compile() }, 'Compile')
  app.onCompiled(() => {
    compile.disabled = app.compiled.pending
  })

  const url = h('input', { type: 'text', id: 'rpc-url', value: workspace.data.network.kind === 'rpc' ? workspace.data.network.url : DEFAULT_RPC, 'aria-label': 'node JSON-RPC URL' })
  const network = h('select', { id: 'network', 'aria-label': 'network' }, h('option', { value: 'browser' }, 'In-browser chain'), h('option', { value: 'rpc' }, 'Node JSON-RPC'))
  const syncNetwork = () => {
    network.value = workspace.data.network.kind
    url.hidden = workspace.data.network.kind !== 'rpc'
  }
  const chooseNetwork = () =>
    workspace.change(['network'], (data) => {
      data.network = network.value === 'rpc' ? { kind: 'rpc', url: url.value.trim() } : { kind: 'browser' }
    })
  network.addEventListener('change', chooseNetwork)
  url.addEventListener('change', chooseNetwork)
  workspace.on('network', syncNetwork)
  syncNetwork()

  const link = h('input', { type: 'text', id: 'share-link', readonly: true, hidden: true, 'aria-label': 'share link' })
  const share = async () => {
    link.value = await shareLink({ files: workspace.data.files, entry: workspace.data.entry }, location.href)
    link.hidden = false
    link.select()
    await navigator.clipboard?.writeText(link.value).catch(() => {})
  }

  const file = h('input', { type: 'file', accept: '.json,application/json', hidden: true })
  file.addEventListener('change', async () => {
    const chosen = file.files?.[0]
    file.value = ''
    if (!chosen) return
    try {
      workspace.replace(parseWorkspace(await chosen.text()))
    } catch (error) {
      alert((error as Error).message)
    }
  })
  const exportWorkspace = () => {
    const blob = new Blob([JSON.stringify(workspace.data, null, 2)], { type: 'application/json' })
    const anchor = h('a', { href: URL.createObjectURL(blob), download: 'inkstone-workspace.json' })
    anchor.click()
    URL.revokeObjectURL(anchor.href)
  }

  root.append(
    h('h1', {}, 'Inkstone'),
    template,
    compile,
    h('span', { class: 'network' }, network, url),
    h('span', { class: 'spacer' }),
    h('span', { class: 'share' }, h('button', { type: 'button', id: 'share', onclick: () => void share() }, 'Share link'), link),
    h('button', { type: 'button', id: 'export', title: 'download the workspace (files, keys, deployments) as JSON', onclick: exportWorkspace }, 'Export'),
    h('button', { type: 'button', id: 'import', onclick: () => file.click() }, 'Import'),
    file,
  )
}
