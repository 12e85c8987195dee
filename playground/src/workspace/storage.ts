/**
 * Where the workspace survives a reload: IndexedDB, through `level` (the same package the node
 * stores its chain with; in a browser it is browser-level). One JSON value under one key.
 */
import { Level } from 'level'
import type { WorkspaceData } from './workspace.ts'

const db = new Level<string, WorkspaceData>('inkstone-playground-workspace', { valueEncoding: 'json' })
const KEY = 'workspace'

export function loadWorkspace(): Promise<WorkspaceData | undefined> {
  return db.get(KEY)
}

let pending: WorkspaceData | undefined
let writing: Promise<void> | undefined

/**
 * Saves the newest state; calls made while a write runs collapse into one more write. The
 * document's `data-saved` attribute says whether everything is on disk (tests wait for it).
 */
export function saveWorkspace(data: WorkspaceData): void {
  pending = structuredClone(data)
  document.documentElement.dataset.saved = 'false'
  writing ??= (async () => {
    while (pending) {
      const next = pending
      pending = undefined
      await db.put(KEY, next)
    }
    writing = undefined
    document.documentElement.dataset.saved = 'true'
  })()
}
