// Where the privacy code may run: the SDK in Node and browsers (no `node:` imports), the contract
// library in the VM (it must not pull the client-side cryptography into a contract bundle).
import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

const dir = new URL('../../../stdlib/privacy/', import.meta.url)
const sources = readdirSync(dir).filter((name) => name.endsWith('.ts'))
const importsOf = (name: string): string[] => [...readFileSync(new URL(name, dir), 'utf8').matchAll(/^(?:import|export)[^'"]*from '([^']+)'/gm)].map((match) => match[1]!)

describe('stdlib/privacy boundaries', () => {
  it('imports no Node built-in module anywhere', () => {
    for (const name of sources) expect(importsOf(name).filter((specifier) => specifier.startsWith('node:')), name).toEqual([])
  })

  it('keeps the contract library to the stdlib core and the shared layout and types', () => {
    expect(importsOf('private-records.ts').sort()).toEqual(['../_key.ts', '../context.ts', '../storage-map.ts', '../storage-set.ts', './layout.ts', './types.ts'])
    expect(importsOf('layout.ts')).toEqual([])
    expect(importsOf('types.ts')).toEqual([])
  })
})
