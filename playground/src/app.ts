/**
 * The playground's controller: the workspace, the editor, the compiler and the chain
 * connection, and the actions the panels trigger (compile, deploy, send, query). Panels draw;
 * this acts and records what happened in the workspace's activity log.
 */
import type { Artifact, Message, SourceMap } from '../../compiler/index.ts'
import type { RpcClient } from '../../node/rpc/client.ts'
import { fromJson, toJson, type JsonValue } from '../../node/rpc/json-value.ts'
import type { AbiMethod } from '../../stdlib/abi.ts'
import type { CanonicalValue } from '../../vm/canonical.ts'
import { formatValue } from './abi/format.ts'
import type { Compiler } from './compile/client.ts'
import { connect, networkId } from './chain/connection.ts'
import { failureLocation, type ContractFailure } from './chain/failure-location.ts'
import { sendTransaction, type Account, type ReceiptJson } from './chain/transactions.ts'
import { Editor } from './editor/editor.ts'
import type { Activity, Deployment, Workspace } from './workspace/workspace.ts'

export interface CompileState {
  artifact?: Artifact
  messages: Message[]
  /** Milliseconds the last compile took in the compile worker. */
  ms: number
  pending: boolean
}

/** Quiet time after the last keystroke before the project is compiled again. */
const COMPILE_DELAY_MS = 300

/** The result of an `ink_call` (tagged JSON). */
interface CallJson {
  ok: boolean
  value?: JsonValue
  error?: ContractFailure
  gasUsed: number
  events: { contract: string; name: string; data: JsonValue }[]
}

export class App {
  readonly workspace: Workspace
  readonly editor: Editor
  readonly #compiler: Compiler
  #compiled: CompileState = { messages: [], ms: 0, pending: true }
  #compiles = 0
  #timer: ReturnType<typeof setTimeout> | undefined
  readonly #compiledListeners = new Set<() => void>()

  constructor(workspace: Workspace, compiler: Compiler, editorElement: HTMLElement) {
    this.workspace = workspace
    this.#compiler = compiler
    this.editor = new Editor(editorElement, (path, text) => {
      // The editor already shows the text: save it, recompile, redraw nothing.
      workspace.change([], (data) => {
        data.files[path] = text
      })
      this.scheduleCompile()
    })
    const showFiles = () => {
      this.editor.setFiles(workspace.data.files)
      this.editor.open(workspace.data.open)
    }
    showFiles()
    workspace.on('files', () => {
      showFiles()
      this.scheduleCompile(0)
    })
  }

  get compiled(): Readonly<CompileState> {
    return this.#compiled
  }

  onCompiled(listener: () => void): void {
    this.#compiledListeners.add(listener)
  }

  get rpc(): RpcClient {
    return connect(this.workspace.data.network)
  }

  get network(): string {
    return networkId(this.workspace.data.network)
  }

  get sender(): Account | undefined {
    return this.workspace.data.accounts.find((account) => account.address === this.workspace.data.sender)
  }

  scheduleCompile(delay = COMPILE_DELAY_MS): void {
    clearTimeout(this.#timer)
    this.#timer = setTimeout(() => void this.compile(), delay)
  }

  /** Compiles the entry file with the current files; a compile overtaken by a newer one is dropped. */
  async compile(): Promise<Readonly<CompileState>> {
    clearTimeout(this.#timer)
    const id = ++this.#compiles
    this.#setCompiled({ ...this.#compiled, pending: true })
    const { entry, files } = this.workspace.data
    const checked = (messages: Message[]) => {
      this.editor.showMessages(messages)
      // The editor is type-checked from here on: when, in ms since navigation (the first-load benchmark reads it).
      document.documentElement.dataset.checked ??= String(Math.round(performance.now()))
    }
    const { result, ms } = await this.#compiler.compile(entry, files, () => id === this.#compiles && checked([]))
    if (id === this.#compiles) {
      const messages = [...result.errors, ...result.warnings]
      checked(messages)
      this.#setCompiled({ ...(result.artifact ? { artifact: result.artifact } : {}), messages, ms, pending: false })
    }
    return this.#compiled
  }

  /** Deploys the last compiled artifact; `args` are the initializer's (null: the contract has none). */
  async deploy(args: CanonicalValue[] | null): Promise<Activity> {
    const artifact = this.#compiled.artifact
    if (!artifact) throw new Error('nothing to deploy: the project does not compile')
    const entry: Activity = { network: this.network, kind: 'deploy', contract: '', contractName: artifact.name, method: 'deploy', args: args ? args.map(formatValue).join(', ') : '', status: 'pending', events: [] }
    return this.#transact(entry, { deploy: { name: artifact.name, bundle: artifact.bundle, abi: artifact.abi as unknown as CanonicalValue, args } }, (receipt) => {
      if (receipt.status !== 'ok' || !receipt.contractAddress) return
      entry.contract = receipt.contractAddress
      const deployment: Deployment = { network: this.network, address: receipt.contractAddress, name: artifact.name, abi: artifact.abi, codeHash: artifact.codeHash, sourceMap: artifact.sourceMap, txHash: receipt.txHash }
      this.workspace.change(['deployments'], (data) => {
        data.deployments.push(deployment)
      })
    }, artifact.sourceMap)
  }

  /** Calls a method: a transaction for `call` methods, a read-only `ink_call` for views. */
  async invoke(deployment: Deployment, method: AbiMethod, args: CanonicalValue[]): Promise<Activity> {
    const entry: Activity = { network: this.network, kind: method.kind === 'view' ? 'view' : 'call', contract: deployment.address, contractName: deployment.name, method: method.name, args: args.map(formatValue).join(', '), status: 'pending', events: [] }
    if (method.kind !== 'view') return this.#transact(entry, { call: { to: deployment.address, method: method.name, args } }, () => {})
    try {
      const result = await this.rpc.request<CallJson>('ink_call', [{ to: deployment.address, method: method.name, args: toJson(args), ...(this.sender ? { from: this.sender.address } : {}) }])
      Object.assign(entry, this.#outcome(result.ok ? 'ok' : result.error!.kind, result.value, result.error ?? null), { gasUsed: result.gasUsed, events: result.events.map(formatEvent) })
    } catch (error) {
      Object.assign(entry, { status: 'rejected', error: (error as Error).message })
    }
    return this.#record(entry)
  }

  async #transact(entry: Activity, action: Parameters<typeof sendTransaction>[2], onReceipt: (receipt: ReceiptJson) => void, deploying?: SourceMap): Promise<Activity> {
    const sender = this.sender
    try {
      if (!sender) throw new Error('no account to sign with: add one under Accounts')
      const receipt = await sendTransaction(this.rpc, sender, action)
      onReceipt(receipt)
      Object.assign(entry, this.#outcome(receipt.status, receipt.value, receipt.error, deploying), {
        gasUsed: receipt.gasUsed,
        events: receipt.events.map(formatEvent),
        txHash: receipt.txHash,
        height: receipt.height,
      })
    } catch (error) {
      Object.assign(entry, { status: 'rejected', error: (error as Error).message })
    }
    return this.#record(entry)
  }

  /**
   * The fields of an activity entry that describe how a call ended. A failure is located with the
   * source map of the failing contract's deployment here, or of the artifact being deployed (a
   * failing initializer leaves no deployment), else with the node's TypeScript frames.
   */
  #outcome(status: string, value: JsonValue | undefined, failure: ContractFailure | null, deploying?: SourceMap): Partial<Activity> {
    if (status === 'ok') return { status, value: formatValue(fromJson(value ?? null)) }
    const sourceMapOf = (address: string) => this.workspace.data.deployments.find((deployment) => deployment.network === this.network && deployment.address === address)?.sourceMap ?? deploying
    const location = failure ? failureLocation(failure, sourceMapOf) : undefined
    return { status, error: failure?.message ?? status, ...(location ? { location } : {}) }
  }

  #record(entry: Activity): Activity {
    this.workspace.change(['activity'], (data) => {
      data.activity.push(entry)
    })
    return entry
  }

  #setCompiled(state: CompileState): void {
    this.#compiled = state
    for (const listener of this.#compiledListeners) listener()
  }
}


function formatEvent(event: { name: string; data: JsonValue }): { name: string; data: string } {
  return { name: event.name, data: formatValue(fromJson(event.data)) }
}
