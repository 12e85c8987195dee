/**
 * Accounts: SM2 key pairs generated in this browser (stdlib/crypto through node/crypto.ts),
 * kept in the workspace; the chosen one signs every transaction and is the caller of views.
 */
import type { App } from '../app.ts'
import { newAccount } from '../chain/transactions.ts'
import { fill, h } from '../ui/dom.ts'

export function accountsPanel(app: App, root: HTMLElement): void {
  const { workspace } = app
  const rows = h('tbody')
  const name = h('input', { type: 'text', id: 'account-name', placeholder: 'name' })
  const create = () => {
    const account = newAccount(name.value.trim() || `account ${workspace.data.accounts.length + 1}`)
    name.value = ''
    workspace.change(['accounts'], (data) => {
      data.accounts.push(account)
      if (!data.sender) data.sender = account.address
    })
  }
  const render = () => {
    fill(
      rows,
      ...workspace.data.accounts.map((account) =>
        h(
          'tr',
          { 'data-account': account.name },
          h('td', {}, h('input', { type: 'radio', name: 'sender', title: 'sign with this account', checked: account.address === workspace.data.sender, onchange: () => workspace.change(['accounts'], (data) => void (data.sender = account.address)) })),
          h('td', {}, account.name),
          h('td', { class: 'value mono address' }, account.address),
        ),
      ),
    )
  }
  workspace.on('accounts', render)
  render()
  root.append(
    h('h2', {}, 'Accounts'),
    h('p', { class: 'muted' }, 'SM2 keys made in this browser and kept in its storage, unencrypted: for development only. The checked account signs transactions.'),
    h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'signs'), h('th', {}, 'name'), h('th', {}, 'address'))), rows),
    h('div', { class: 'network' }, name, h('button', { type: 'button', id: 'new-account', onclick: create }, 'New SM2 account')),
  )
}
