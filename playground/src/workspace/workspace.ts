/**
 * The workspace: everything the playground keeps — the project's files, SM2 accounts, the chosen
 * network, deployments and the activity log — with change notifications per topic, so a panel
 * redraws only when its part changed (an edit must not rebuild a half-filled call form).
 * Saved to IndexedDB after every change (storage.ts); exported and imported as one JSON file.
 */
import type { Abi, SourceMap } from '../../../compiler/index.ts'
import type { Network } from '../chain/connection.ts'
import type { SourceLocation } from '../chain/failure-location.ts'
import { newAccount, type Account } from '../chain/transactions.ts'
import { isFileMap } from './share.ts'
import { TEMPLATES, type Template } from './templates.ts'

export interface Deployment {
  /** `networkId()` of where it lives. */
  network: string
  address: string
  name: string
  abi: Abi
  codeHash: string
  /** The artifact's source map: failures are shown at their TypeScript line. */
  sourceMap: SourceMap
  txHash: string
}

/** One deploy, transaction or read-only call, as shown in the log (values already formatted). */
export interface Activity {
  network: string
  kind: 'deploy' | 'call' | 'view'
  contract: string
  contractName: string
  method: string
  args: string
  /** `ok`, or the failure kind (`revert`, `error`, `out-of-gas`, `out-of-memory`, `rejected`). */
  status: string
  value?: string
  error?: string
  location?: SourceLocation
  events: { name: string; data: string }[]
  gasUsed?: number
  txHash?: string
  height?: number
}

export interface WorkspaceData {
  version: 1
  files: Record<string, string>
  /** The file compiled and deployed: the one with the contract class. */
  entry: string
  /** The file in the editor. */
  open: string
  accounts: Account[]
  /** Address of the account that signs. */
  sender: string
  network: Network
  deployments: Deployment[]
  /** Newest last, at most MAX_ACTIVITY. */
  activity: Activity[]
}

export type Topic = 'files' | 'accounts' | 'network' | 'deployments' | 'activity'
const TOPICS: readonly Topic[] = ['files', 'accounts', 'network', 'deployments', 'activity']
const MAX_ACTIVITY = 200

export function defaultWorkspace(template: Template = TEMPLATES[0]!): WorkspaceData {
  const alice = newAccount('alice')
  return { version: 1, files: { ...template.files }, entry: template.entry, open: template.entry, accounts: [alice], sender: alice.address, network: { kind: 'browser' }, deployments: [], activity: [] }
}

export class Workspace {
  #data: WorkspaceData
  readonly #listeners = new Map<Topic, Set<() => void>>()
  readonly #save: (data: WorkspaceData) => void

  constructor(data: WorkspaceData, save: (data: WorkspaceData) => void) {
    this.#data = data
    this.#save = save
  }

  get data(): Readonly<WorkspaceData> {
    return this.#data
  }

  on(topic: Topic, listener: () => void): void {
    if (!this.#listeners.has(topic)) this.#listeners.set(topic, new Set())
    this.#listeners.get(topic)!.add(listener)
  }

  /** Applies `mutate`, tells the listeners of `topics` and saves. */
  change(topics: readonly Topic[], mutate: (data: WorkspaceData) => void): void {
    mutate(this.#data)
    if (this.#data.activity.length > MAX_ACTIVITY) this.#data.activity.splice(0, this.#data.activity.length - MAX_ACTIVITY)
    for (const topic of topics) for (const listener of this.#listeners.get(topic) ?? []) listener()
    this.#save(this.#data)
  }

  /** Replaces everything (import). */
  replace(data: WorkspaceData): void {
    this.change(TOPICS, (current) => Object.assign(current, data))
  }
}

/** Reads an exported workspace, checking its shape; throws an Error saying what is wrong. */
export function parseWorkspace(text: string): WorkspaceData {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error('not a workspace file: it is not JSON')
  }
  const value = (typeof parsed === 'object' && parsed !== null ? parsed : {}) as Partial<WorkspaceData>
  const checks: [boolean, string][] = [
    [value.version === 1, 'unknown version'],
    [isFileMap(value.files), '"files" must map paths to texts'],
    [typeof value.entry === 'string' && isFileMap(value.files) && Object.hasOwn(value.files, value.entry), '"entry" must be one of the files'],
    [Array.isArray(value.accounts) && value.accounts.every(isAccount), '"accounts" must be a list of { name, privateKey, address }'],
    [Array.isArray(value.deployments) && Array.isArray(value.activity), '"deployments" and "activity" must be lists'],
  ]
  const problem = checks.find(([ok]) => !ok)?.[1]
  if (problem) throw new Error(`not a workspace file: ${problem}`)
  const data = value as WorkspaceData
  return { ...data, open: Object.hasOwn(data.files, data.open) ? data.open : data.entry, network: data.network ?? { kind: 'browser' }, sender: data.sender ?? data.accounts[0]?.address ?? '' }
}

function isAccount(value: unknown): value is Account {
  const account = value as Account
  return typeof account === 'object' && account !== null && typeof account.name === 'string' && /^[0-9a-f]{64}$/.test(account.privateKey) && typeof account.address === 'string'
}
