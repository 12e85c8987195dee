/** The contract chooser the Contract and State tabs share. */
import type { App } from '../app.ts'
import { fill, h } from '../ui/dom.ts'
import type { Deployment } from '../workspace/workspace.ts'

/** Fills `picker` with the current network's deployments and returns the chosen one (default: the newest). */
export function pickDeployment(app: App, picker: HTMLSelectElement): Deployment | undefined {
  const deployments = app.workspace.data.deployments.filter((deployment) => deployment.network === app.network)
  const chosen = deployments.find((deployment) => deployment.address === picker.value) ?? deployments.at(-1)
  fill(picker, ...deployments.map((deployment) => h('option', { value: deployment.address, selected: deployment === chosen }, `${deployment.name} at ${deployment.address}`)))
  picker.hidden = !chosen
  return chosen
}
