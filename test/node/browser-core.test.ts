// The node's core must run in a browser (the playground's in-page chain): no `node:` imports,
// directly or through other project modules. The edges (LevelDB, HTTP/WS, worker threads) may.
import { readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'

const ROOT = resolve(import.meta.dirname, '../..')
const CORE = ['tx', 'crypto', 'artifact', 'params', 'bytes', 'world-state', 'state-root', 'block', 'executor', 'chain', 'mempool', 'orderer', 'node', 'store', 'replay', 'rpc/envelope', 'rpc/methods', 'rpc/errors', 'rpc/json-value', 'rpc/client', 'rpc/provider']

/** Every `node:` import reachable from `file` through relative imports. */
function nodeImports(file: string, seen = new Set<string>()): string[] {
  if (seen.has(file)) return []
  seen.add(file)
  const source = readFileSync(file, 'utf8')
  const found: string[] = []
  for (const [, specifier] of source.matchAll(/^(?:import|export)[^'"]*?from\s+'([^']+)'/gm)) {
    if (specifier!.startsWith('node:')) found.push(`${file.slice(ROOT.length + 1)} → ${specifier}`)
    else if (specifier!.startsWith('.')) found.push(...nodeImports(join(dirname(file), specifier!), seen))
  }
  return found
}

describe('node core is browser-safe', () => {
  it.each(CORE)('node/%s.ts reaches no node: module', (name) => {
    expect(nodeImports(join(ROOT, 'node', `${name}.ts`))).toEqual([])
  })
})
