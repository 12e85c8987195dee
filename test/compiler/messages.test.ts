// compiler/messages.ts is what a page imports to show the compiler's messages (the playground's
// main thread): bundling it must not pull in TypeScript (~3.4 MB), which only the compile worker needs.
import { build } from 'esbuild'
import { describe, expect, it } from 'vitest'
import { formatMessage } from '../../compiler/messages.ts'

describe('compiler/messages.ts', () => {
  it('bundles for a page without the TypeScript compiler', async () => {
    const entry = new URL('../../compiler/messages.ts', import.meta.url).pathname
    const { metafile } = await build({ entryPoints: [entry], bundle: true, write: false, metafile: true, format: 'esm', platform: 'browser', logLevel: 'silent' })
    const inputs = Object.keys(metafile.inputs)
    expect(inputs.some((input) => input.endsWith('compiler/messages.ts'))).toBe(true)
    expect(inputs.filter((input) => input.includes('node_modules/typescript/'))).toEqual([])
  })

  it('formats a message as file:line:col text', () => {
    expect(formatMessage({ file: 'contracts/token.ts', line: 3, column: 7, text: 'boom', code: 'TS1' })).toBe('contracts/token.ts:3:7 boom')
    expect(formatMessage({ file: 'contracts/token.ts', line: 0, column: 0, text: 'not found', code: 'options' })).toBe('contracts/token.ts: not found')
    expect(formatMessage({ file: '', line: 0, column: 0, text: 'no file', code: 'options' })).toBe('no file')
  })
})
