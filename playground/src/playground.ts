/** The page: editor, toolbar and panels over one workspace. */
import './style.css'
import { App } from './app.ts'
import type { Compiler } from './compile/client.ts'
import { accountsPanel } from './panels/accounts.ts'
import { activityPanel } from './panels/activity.ts'
import { blocksPanel } from './panels/blocks.ts'
import { contractPanel } from './panels/contract.ts'
import { filesPanel } from './panels/files.ts'
import { problemsPanel } from './panels/problems.ts'
import { statePanel } from './panels/state.ts'
import { toolbar } from './panels/toolbar.ts'
import { h } from './ui/dom.ts'
import { tabs } from './ui/tabs.ts'
import { saveWorkspace } from './workspace/storage.ts'
import { Workspace, type WorkspaceData } from './workspace/workspace.ts'

const element = (id: string) => document.getElementById(id)!

/** Builds the page; `save` stores the workspace at once (a new one, or files from a share link). */
export function startPlayground(data: WorkspaceData, compiler: Compiler, { save }: { save: boolean }): void {
  const workspace = new Workspace(data, saveWorkspace)
  if (save) saveWorkspace(data)
  const app = new App(workspace, compiler, element('editor'))
  document.documentElement.dataset.editable = String(Math.round(performance.now()))

  toolbar(app, element('toolbar'))
  filesPanel(app, element('files'))

  const [problems, activity] = [h('div'), h('div')]
  const bottom = tabs(element('bottom'), [
    { id: 'problems', title: 'Problems', body: problems },
    { id: 'activity', title: 'Activity', body: activity },
  ])
  problemsPanel(app, problems, (count) => {
    if (count > 0) bottom.show('problems')
  })
  activityPanel(app, activity)
  workspace.on('activity', () => bottom.show('activity'))

  const [contract, accounts, chain, state] = [h('div'), h('div'), h('div'), h('div')]
  contractPanel(app, contract)
  accountsPanel(app, accounts)
  const blocks = blocksPanel(app, chain)
  const storage = statePanel(app, state)
  const side = tabs(element('side'), [
    { id: 'contract', title: 'Contract', body: contract },
    { id: 'accounts', title: 'Accounts', body: accounts },
    { id: 'chain', title: 'Chain', body: chain, onShow: () => void blocks.refresh() },
    { id: 'state', title: 'State', body: state, onShow: () => void storage.refresh() },
  ])
  // What the Chain and State tabs show changes with every deploy, call and network switch.
  for (const topic of ['activity', 'network', 'deployments'] as const) {
    workspace.on(topic, () => {
      if (side.current === 'chain') void blocks.refresh()
      if (side.current === 'state') void storage.refresh()
    })
  }

  void app.compile()
}
