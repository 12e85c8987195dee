import { describe, expect, it } from 'vitest'
import { normalizePath, resolveImport, VirtualFs } from '../../compiler/files.ts'

const fs = new VirtualFs(
  {
    'src/a.ts': '',
    'src/lib/index.ts': '',
    'src/data.json': '{}',
    'node_modules/plain/package.json': '{ "main": "lib/main.js" }',
    'node_modules/plain/lib/main.js': '',
    'node_modules/plain/extra.js': '',
    'node_modules/esm/package.json': '{ "main": "cjs.js", "module": "esm.js" }',
    'node_modules/esm/esm.js': '',
    'node_modules/esm/cjs.js': '',
    'node_modules/@scope/pkg/package.json': JSON.stringify({ exports: { '.': { require: './r.cjs', import: './i.mjs' }, './sub': './s.js' } }),
    'node_modules/@scope/pkg/i.mjs': '',
    'node_modules/@scope/pkg/r.cjs': '',
    'node_modules/@scope/pkg/s.js': '',
    'node_modules/sugar/package.json': JSON.stringify({ exports: { default: './d.js' } }),
    'node_modules/sugar/d.js': '',
    'src/node_modules/plain/package.json': '{ "main": "near.js" }',
    'src/node_modules/plain/near.js': '',
  },
  { 'index.ts': '' },
  {},
)

const CASES: [string, string, string | undefined][] = [
  ['./a', '/src/b.ts', '/src/a.ts'],
  ['./lib', '/src/b.ts', '/src/lib/index.ts'],
  ['../src/data.json', '/src/b.ts', '/src/data.json'],
  ['../../escape.ts', '/src/b.ts', undefined],
  ['inkstone', '/src/b.ts', '/node_modules/inkstone/index.ts'],
  ['plain', '/x.ts', '/node_modules/plain/lib/main.js'],
  ['plain', '/src/deep/b.ts', '/src/node_modules/plain/near.js'],
  ['plain/extra', '/x.ts', '/node_modules/plain/extra.js'],
  ['esm', '/x.ts', '/node_modules/esm/esm.js'],
  ['@scope/pkg', '/x.ts', '/node_modules/@scope/pkg/i.mjs'],
  ['@scope/pkg/sub', '/x.ts', '/node_modules/@scope/pkg/s.js'],
  ['@scope/pkg/hidden', '/x.ts', undefined],
  ['sugar', '/x.ts', '/node_modules/sugar/d.js'],
  ['missing', '/src/b.ts', undefined],
]

describe('the virtual file tree', () => {
  it.each(CASES)('resolves %s from %s', (specifier, importer, expected) => {
    expect(resolveImport(fs, specifier, importer)).toBe(expected)
  })

  it('normalizes paths and refuses to leave the root', () => {
    expect(normalizePath('a//./b/../c')).toBe('/a/c')
    expect(normalizePath('a/../..')).toBeUndefined()
  })

  it('serves the stdlib under node_modules/inkstone whatever the project holds there', () => {
    const shadowed = new VirtualFs({ 'node_modules/inkstone/index.ts': 'fake' }, { 'index.ts': 'real' }, {})
    expect(shadowed.read('/node_modules/inkstone/index.ts')).toBe('real')
  })
})
