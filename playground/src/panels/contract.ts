/**
 * Deploy and call: the compiled contract's deploy form (its initializer's parameters), then the
 * deployed contracts of the current network and one form per entry point — views answered
 * read-only (`ink_call`, no transaction, no block), calls signed and sent as transactions.
 */
import { methodForm } from '../abi/method-form.ts'
import type { App } from '../app.ts'
import { pickDeployment } from './pick-deployment.ts'
import { fill, h } from '../ui/dom.ts'
import type { Activity } from '../workspace/workspace.ts'
import { activityItem } from './activity.ts'

export function contractPanel(app: App, root: HTMLElement): void {
  const { workspace } = app
  const status = h('div', { id: 'compile-status', class: 'muted' })
  const deployForm = h('div', { id: 'deploy' })
  const picker = h('select', { id: 'contract-picker' })
  const contract = h('div', { id: 'contract' })
  /** The code hash whose deploy form is shown: a recompile to the same code keeps what was typed. */
  let deployFor: string | undefined
  const show = (entry: Activity) => activityItem(app, entry)

  const renderDeploy = () => {
    const { artifact, messages, ms, pending } = app.compiled
    if (pending) return
    status.textContent = artifact
      ? `${artifact.name}: compiled in ${Math.round(ms)} ms, bundle ${(artifact.bundle.length / 1024).toFixed(1)} KB`
      : `${messages.length} problem${messages.length === 1 ? '' : 's'}: fix ${messages.length === 1 ? 'it' : 'them'} to deploy`
    if (artifact?.codeHash === deployFor) return
    deployFor = artifact?.codeHash
    if (!artifact) return fill(deployForm)
    const init = artifact.abi.methods.find((method) => method.kind === 'init')
    const method = init ?? { name: 'deploy', kind: 'init' as const, params: [], returns: 'void' as const }
    fill(deployForm, methodForm(method, artifact.abi.types, { label: `Deploy ${artifact.name}`, class: 'primary' }, (args) => app.deploy(init ? args : null), show))
  }

  const renderContract = () => {
    const chosen = pickDeployment(app, picker)
    if (!chosen) return fill(contract, h('p', { class: 'muted' }, 'Nothing deployed on this network yet.'))
    fill(
      contract,
      ...chosen.abi.methods
        .filter((method) => method.kind !== 'init')
        .map((method) => methodForm(method, chosen.abi.types, method.kind === 'view' ? { label: 'Query', class: 'view' } : { label: 'Send', class: 'primary' }, (args) => app.invoke(chosen, method, args), show)),
    )
  }

  picker.addEventListener('change', renderContract)
  app.onCompiled(renderDeploy)
  workspace.on('deployments', () => {
    picker.value = '' // show the newest deployment
    renderContract()
  })
  workspace.on('network', renderContract)
  renderContract()
  root.append(h('h2', {}, 'Compile'), status, h('h2', {}, 'Deploy'), deployForm, h('h2', {}, 'Deployed contract'), picker, contract)
}
