/** A tab strip over panes; `onShow` runs when a pane becomes visible (panels refresh lazily). */
import { h } from './dom.ts'

export interface Pane {
  id: string
  title: string
  body: HTMLElement
  onShow?: () => void
}

export interface Tabs {
  show(id: string): void
  readonly current: string
}

export function tabs(container: HTMLElement, panes: Pane[]): Tabs {
  const buttons = new Map(panes.map((pane) => [pane.id, h('button', { type: 'button', role: 'tab', 'data-tab': pane.id, onclick: () => state.show(pane.id) }, pane.title)]))
  const state = {
    current: '',
    show(id: string) {
      state.current = id
      for (const pane of panes) {
        buttons.get(pane.id)!.setAttribute('aria-selected', String(pane.id === id))
        pane.body.hidden = pane.id !== id
      }
      panes.find((pane) => pane.id === id)?.onShow?.()
    },
  }
  for (const pane of panes) pane.body.classList.add('tab-body')
  container.append(h('div', { class: 'tabs', role: 'tablist' }, ...buttons.values()), ...panes.map((pane) => pane.body))
  state.show(panes[0]!.id)
  return state
}
