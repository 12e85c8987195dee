import { execFile } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { sm3 } from 'sm-crypto-v2'
import { afterAll, describe, expect, it } from 'vitest'
import { codeHashOf, serializeArtifact } from '../../compiler/artifact.ts'
import { compileFile } from '../../compiler/node.ts'

const REPO = path.resolve(import.meta.dirname, '../..')
const CLI = path.join(REPO, 'bin/inkstone.ts')
const TSX = path.join(REPO, 'node_modules/.bin/tsx')
const run = promisify(execFile)

/** A fresh project somewhere under the temp directory: a package.json (the root) and the name registry. */
function project(...subdirs: string[]): string {
  const root = path.join(mkdtempSync(path.join(tmpdir(), 'inkstone-artifact-')), ...subdirs)
  mkdirSync(path.join(root, 'contracts'), { recursive: true })
  writeFileSync(path.join(root, 'package.json'), '{ "private": true }\n')
  cpSync(path.join(REPO, 'examples/name-registry'), path.join(root, 'contracts'), { recursive: true })
  created.push(root)
  return root
}
const created: string[] = []
afterAll(() => created.forEach((dir) => rmSync(dir, { recursive: true, force: true })))

describe('artifacts', () => {
  it('are byte-identical across runs, directories and working directories', async () => {
    const [a, b] = [project(), project('somewhere', 'much', 'deeper')]
    // Two processes, different project paths, different working directories, relative and absolute arguments.
    await run(TSX, [CLI, 'build', 'contracts/name-registry.ts', '--out', 'a.json'], { cwd: a })
    await run(TSX, [CLI, 'build', path.join(b, 'contracts/name-registry.ts'), '--out', path.join(b, 'b.json')], { cwd: path.join(b, 'contracts') })
    const first = readFileSync(path.join(a, 'a.json'))
    expect(readFileSync(path.join(b, 'b.json')).equals(first)).toBe(true)
    // And in this process, warm caches or not.
    const again = await compileFile(path.join(b, 'contracts/name-registry.ts'))
    expect(Buffer.from(serializeArtifact(again.artifact!)).equals(first)).toBe(true)
    const text = first.toString()
    expect(text).not.toContain(a)
    expect(text).not.toContain(tmpdir())
    expect(JSON.parse(text).sourceMap.sources).toEqual(expect.arrayContaining(['contracts/name-registry.ts', 'contracts/names.ts']))
  })

  it('carry the SM3 hash of the bundle as codeHash', async () => {
    const { artifact } = await compileFile(path.join(REPO, 'examples/token/token.ts'))
    expect(artifact!.codeHash).toBe(sm3(artifact!.bundle))
    expect(codeHashOf('abc')).toBe('66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0')
  })

  it('are not written when the contract does not compile; errors print as file:line:col', async () => {
    const root = project()
    writeFileSync(path.join(root, 'contracts/broken.ts'), "import { call } from 'inkstone'\nexport class B {\n  @call go(): number { return Date.now() }\n}\n")
    const failure = await run(TSX, [CLI, 'build', 'contracts/broken.ts'], { cwd: root }).catch((error: { code: number; stderr: string }) => error)
    expect(failure).toMatchObject({ code: 1 })
    expect((failure as { stderr: string }).stderr.split('\n')).toContain('contracts/broken.ts:3:31 Date reads the wall clock, which differs between nodes: use context().blockTime')
    expect(existsSync(path.join(root, 'contracts/broken.artifact.json'))).toBe(false)
  })
})
