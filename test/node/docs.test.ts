// The documentation covers every RPC method and every CLI command.
import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { METHODS } from '../../node/rpc/methods.ts'

const read = (file: string) => readFileSync(new URL(`../../docs/${file}`, import.meta.url), 'utf8')

describe('docs', () => {
  it.each(Object.keys(METHODS))('docs/rpc.md documents %s', (method) => {
    expect(read('rpc.md')).toContain(`### ${method}\n`)
  })

  it.each(['init', 'build', 'node', 'verify', 'keys new', 'keys list', 'keys export', 'deploy', 'call', 'view', 'tx', 'receipt', 'block', 'nonce'])('docs/cli.md documents `%s`', (command) => {
    expect(read('cli.md')).toContain(`| \`${command}`)
  })
})
