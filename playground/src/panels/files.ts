/** The project's files: open one, choose the entry (the contract to compile), add and remove files. */
import type { App } from '../app.ts'
import { fill, h } from '../ui/dom.ts'

export function filesPanel(app: App, root: HTMLElement): void {
  const { workspace } = app
  const list = h('ul')
  const name = h('input', { type: 'text', id: 'new-file', placeholder: 'contracts/new.ts' })
  const problem = h('div', { class: 'bad' })
  const add = () => {
    const path = name.value.trim().replace(/^\/+/, '')
    const error = !/^[\w.-]+(\/[\w.-]+)*\.ts$/.test(path) || path.split('/').includes('..') ? 'a relative path ending in .ts' : Object.hasOwn(workspace.data.files, path) ? 'that file exists' : ''
    problem.textContent = error
    if (error) return
    name.value = ''
    workspace.change(['files'], (data) => {
      data.files[path] = ''
      data.open = path
    })
  }
  name.addEventListener('keydown', (event) => event.key === 'Enter' && add())

  const render = () => {
    const { files, entry, open } = workspace.data
    fill(
      list,
      ...Object.keys(files)
        .sort()
        .map((path) =>
          h(
            'li',
            { class: path === open ? 'open' : '', 'data-file': path, title: path, onclick: () => workspace.change(['files'], (data) => void (data.open = path)) },
            h('span', { class: 'name' }, path),
            path === entry
              ? h('span', { class: 'entry', title: 'the contract that is compiled and deployed' }, 'entry')
              : h('button', { type: 'button', class: 'small', title: 'compile and deploy this file', onclick: (event: Event) => (event.stopPropagation(), workspace.change(['files'], (data) => void (data.entry = path))) }, '★'),
            path !== entry &&
              h('button', {
                type: 'button',
                class: 'small',
                title: 'delete',
                onclick: (event: Event) => {
                  event.stopPropagation()
                  workspace.change(['files'], (data) => {
                    delete data.files[path]
                    if (data.open === path) data.open = data.entry
                  })
                },
              }, '×'),
          ),
        ),
    )
  }
  workspace.on('files', render)
  render()
  root.append(h('h2', {}, 'Files'), h('div', { class: 'files' }, list), h('h2', {}, 'New file'), h('div', { class: 'network' }, name, h('button', { type: 'button', onclick: add }, '+')), problem)
}
