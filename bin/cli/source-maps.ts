// Source maps of the artifacts under a directory, by code hash: how `inkstone node` (and the CLI,
// when a node has none) turns a contract failure's bundle frames into TypeScript ones.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import type { SourceMap } from '../../compiler/bundle.ts'
import { codeHashOf } from '../../node/artifact.ts'

/** Folders never searched: dependencies, VCS and the node's own data. */
const SKIPPED = (name: string) => name === 'node_modules' || name.startsWith('.')
const MAX_DEPTH = 6
/** A directory with more entries than this (a home directory, /) is not searched past them. */
const MAX_ENTRIES = 20_000

interface Found {
  /** mtime and size when read: a rebuilt artifact is read again. */
  version: string
  codeHash: string | undefined
  sourceMap: SourceMap | undefined
}

/**
 * The `*.artifact.json` files (what `inkstone build` writes) under `root`, indexed by the code
 * hash of their bundle — computed here, not taken from the file, so a stale or edited artifact
 * never maps another code's frames. A code hash not found triggers a new search (artifacts
 * built after the node started), at most once per `rescanMs`.
 */
export class ArtifactSourceMaps {
  readonly root: string
  readonly #rescanMs: number
  readonly #files = new Map<string, Found>()
  #byHash = new Map<string, SourceMap>()
  #scannedAt = -Infinity

  constructor(root: string, { rescanMs = 1_000 } = {}) {
    this.root = path.resolve(root)
    this.#rescanMs = rescanMs
  }

  /** The source map of the artifact whose bundle has this code hash, if one is under the root. */
  get(codeHash: string): SourceMap | undefined {
    const known = this.#byHash.get(codeHash)
    if (known || Date.now() - this.#scannedAt < this.#rescanMs) return known
    this.#scan()
    return this.#byHash.get(codeHash)
  }

  #scan(): void {
    this.#scannedAt = Date.now()
    const seen = new Set<string>()
    let entries = 0
    const walk = (dir: string, depth: number) => {
      let names: string[]
      try {
        names = readdirSync(dir)
      } catch {
        return // unreadable: not ours to report
      }
      for (const name of names.sort()) {
        if (++entries > MAX_ENTRIES || SKIPPED(name)) continue
        const file = path.join(dir, name)
        if (name.endsWith('.artifact.json')) {
          seen.add(file)
          this.#read(file)
        } else if (depth < MAX_DEPTH && isDirectory(file)) walk(file, depth + 1)
      }
    }
    walk(this.root, 0)
    for (const file of this.#files.keys()) if (!seen.has(file)) this.#files.delete(file)
    this.#byHash = new Map()
    for (const { codeHash, sourceMap } of this.#files.values()) if (codeHash && sourceMap) this.#byHash.set(codeHash, sourceMap)
  }

  #read(file: string): void {
    let version: string
    try {
      const stat = statSync(file)
      version = `${stat.mtimeMs}:${stat.size}`
    } catch {
      return
    }
    if (this.#files.get(file)?.version === version) return
    this.#files.set(file, { version, ...parseArtifact(file) })
  }
}

function parseArtifact(file: string): { codeHash: string | undefined; sourceMap: SourceMap | undefined } {
  let artifact: unknown
  try {
    artifact = JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return { codeHash: undefined, sourceMap: undefined }
  }
  const sourceMap = sourceMapOf(artifact)
  return { codeHash: sourceMap && codeHashOf((artifact as { bundle: string }).bundle), sourceMap }
}

/** A parsed artifact's source map, if it has a bundle and a map of the compiler's shape. */
export function sourceMapOf(artifact: unknown): SourceMap | undefined {
  const { bundle, sourceMap: map } = (artifact ?? {}) as { bundle?: unknown; sourceMap?: Partial<SourceMap> }
  const valid = typeof bundle === 'string' && typeof map === 'object' && map !== null && typeof map.mappings === 'string' && Array.isArray(map.sources) && Array.isArray(map.names)
  return valid ? (map as SourceMap) : undefined
}

function isDirectory(file: string): boolean {
  try {
    return statSync(file).isDirectory()
  } catch {
    return false
  }
}
