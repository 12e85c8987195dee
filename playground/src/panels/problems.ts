/** The compiler's messages, as a list under the editor (each also a marker in the editor). */
import type { App } from '../app.ts'
import { fill, h } from '../ui/dom.ts'

export function problemsPanel(app: App, root: HTMLElement, onCount: (count: number) => void): void {
  const list = h('ul', { class: 'problems' })
  app.onCompiled(() => {
    const { messages, pending } = app.compiled
    if (pending) return
    onCount(messages.length)
    fill(
      list,
      ...messages.map((message) =>
        h('li', { class: 'mono', onclick: () => message.file && app.editor.reveal(message) }, h('span', { class: 'muted' }, message.file ? `${message.file}:${message.line}:${message.column}` : ''), ' ', h('span', { class: 'bad' }, message.text), ' ', h('span', { class: 'muted' }, message.code)),
      ),
      messages.length === 0 && h('li', { class: 'muted' }, 'No problems.'),
    )
  })
  root.append(list)
}
