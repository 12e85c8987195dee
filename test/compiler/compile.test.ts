import { describe, expect, it } from 'vitest'
import { compile } from '../../compiler/compile.ts'
import { formatMessage } from '../../compiler/messages.ts'
import { nodeEnvironment } from '../../compiler/node.ts'
import { compileSources } from './dev-chain.ts'

const COUNTER = `import { call, view, StorageValue } from 'inkstone'
import { step } from './lib/step.ts'

export class Counter {
  readonly count = new StorageValue<number>('count', 0)

  @call
  increment(): number {
    const next = step(this.count.get())
    this.count.set(next)
    return next
  }

  @view
  current(): number {
    return this.count.get()
  }
}
`

const CJS_MANIFEST = { name: 'tiny', main: 'index.js', types: 'index.d.ts' }

/** A contract whose view returns `value()` of the package `tiny`, made of `manifest` and `js`. */
function withPackage(manifest: object, js: string): Record<string, string> {
  return {
    'contract.ts': `import { view } from 'inkstone'
import { value } from 'tiny'
export class C {
  @view
  go(): number {
    return value()
  }
}
`,
    'node_modules/tiny/package.json': JSON.stringify(manifest),
    'node_modules/tiny/index.js': js,
    'node_modules/tiny/index.d.ts': 'export declare function value(): number\n',
  }
}

describe('compile', () => {
  it('builds an artifact from a map of sources', async () => {
    const result = await compileSources({ 'src/counter.ts': COUNTER, 'src/lib/step.ts': 'export const step = (n: number): number => n + 1\n' }, 'src/counter.ts')
    expect(result.errors).toEqual([])
    const { artifact } = result
    expect(artifact!.name).toBe('Counter')
    expect(Object.keys(artifact!)).toEqual(['name', 'compiler', 'codeHash', 'abi', 'bundle', 'sourceMap'])
    expect(artifact!.codeHash).toMatch(/^[0-9a-f]{64}$/)
    expect(artifact!.bundle).toContain('exports.increment = ')
    // Source paths are relative to the root; the project's files appear as written (decorators too).
    expect(artifact!.sourceMap.sources).toContain('src/counter.ts')
    expect(artifact!.sourceMap.sources).toContain('src/lib/step.ts')
    expect(artifact!.sourceMap.sources.every((source) => !source.startsWith('/') && !source.includes(':'))).toBe(true)
    expect(artifact!.sourceMap.sourcesContent[artifact!.sourceMap.sources.indexOf('src/counter.ts')]).toBe(COUNTER)
    // The decorators are read by the compiler and not bundled.
    expect(artifact!.bundle).not.toMatch(/@call|@view|__decorate/)
  })

  it('reports type errors as file:line:col and produces no artifact', async () => {
    const source = COUNTER.replace('return next', "return 'next'")
    const result = await compileSources({ 'counter.ts': source, 'lib/step.ts': 'export const step = (n: number) => n + 1\n' }, 'counter.ts')
    expect(result.artifact).toBeUndefined()
    expect(result.errors.map(formatMessage)).toEqual(["counter.ts:11:5 Type 'string' is not assignable to type 'number'."])
    expect(result.errors[0]!.code).toBe('TS2322')
  })

  it('type-checks in strict mode, with optional properties that are never undefined', async () => {
    const result = await compileSources({
      'contract.ts': `import { call } from 'inkstone'
export class C {
  @call
  go(x): { a?: string } {
    return { a: undefined }
  }
}
`,
    })
    expect(result.errors.map((e) => `${e.line}:${e.code}`)).toEqual(['4:TS7006', '5:TS2375'])
  })

  it('type-checks against the ECMAScript library only: no DOM, no Node', async () => {
    const result = await compileSources({
      'contract.ts': `import { call } from 'inkstone'
export class C {
  @call
  go(): void {
    console.log(document.title, Buffer.from('x'))
  }
}
`,
    })
    expect(result.errors.map((e) => e.text)).toEqual([
      "Cannot find name 'document': a contract runs without DOM and Node APIs",
      "Cannot find name 'Buffer': a contract runs without DOM and Node APIs",
    ])
  })

  it('bundles pure-JS packages from node_modules', async () => {
    const manifest = { name: 'tiny', exports: { '.': { types: './index.d.ts', import: './index.js' } } }
    const result = await compileSources(withPackage(manifest, 'export const value = () => 2 * 21\n'))
    expect(result.errors).toEqual([])
    expect(result.artifact!.sourceMap.sources).toContain('node_modules/tiny/index.js')
  })

  it('reports a package that needs Node built-ins at bundling', async () => {
    const result = await compileSources(withPackage(CJS_MANIFEST, "import { readFileSync } from 'fs'\nexport const value = () => readFileSync('x').length\n"))
    expect(result.errors.map(formatMessage)).toEqual(['node_modules/tiny/index.js:1:30 cannot resolve "fs" from node_modules/tiny/index.js'])
  })

  it('lints the packages it bundles, by their syntax', async () => {
    const result = await compileSources(withPackage(CJS_MANIFEST, 'const pad = (n) => n\nexports.value = function () {\n  return pad(Date.now() + Math.random())\n}\n'))
    expect(result.errors.map(formatMessage)).toEqual([
      'node_modules/tiny/index.js:3:14 Date reads the wall clock, which differs between nodes: use context().blockTime',
      'node_modules/tiny/index.js:3:27 Math.random is not deterministic: derive values from chain data (e.g. context().txHash)',
    ])
  })

  it('reports a missing entry file', async () => {
    const result = await compileSources({}, 'missing.ts')
    expect(result.errors.map(formatMessage)).toEqual(['missing.ts: file not found'])
  })

  it('validates its options with messages that name them', async () => {
    const result = await compile({ ...nodeEnvironment, entry: '../outside.ts', files: 'nope', colour: true } as never)
    expect(result.errors.map((e) => e.text)).toEqual([
      'unknown option "colour"',
      '"entry" must be the root-relative path of a .ts file, got "../outside.ts"',
      '"files" must be an object mapping paths to file texts, or a function (path) => text | undefined',
    ])
    expect((await compile(null as never)).errors[0]!.text).toBe('options must be an object')
    const noEsbuild = await compile({ entry: 'a.ts', files: {}, stdlib: {}, typescriptLib: {} } as never)
    expect(noEsbuild.errors.map((e) => e.text)).toEqual(['"esbuild" must be the esbuild API (esbuild or an initialized esbuild-wasm)'])
  })
})
