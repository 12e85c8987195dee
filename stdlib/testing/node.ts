/**
 * The file-system edge of the harness: contracts named by path are compiled (`.ts`) or read
 * (`.artifact.json`), once per path and test file. Paths are relative to the working directory
 * (vitest's root: the project).
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Artifact } from '../../compiler/artifact.ts'
import { formatMessage } from '../../compiler/messages.ts'
import { compileFile } from '../../compiler/node.ts'
import type { LoadedArtifact } from './test-chain.ts'

const loaded = new Map<string, Promise<LoadedArtifact>>()

/** Throws with the compiler's messages (`file:line:col message`) when the contract does not compile. */
export function loadArtifact(file: string): Promise<LoadedArtifact> {
  const absolute = path.resolve(file)
  let artifact = loaded.get(absolute)
  if (!artifact) loaded.set(absolute, (artifact = load(file, absolute)))
  return artifact
}

async function load(file: string, absolute: string): Promise<LoadedArtifact> {
  // An artifact names its sources relative to its project's root; the working directory is taken to be it.
  if (absolute.endsWith('.json')) return { artifact: JSON.parse(readFileSync(absolute, 'utf8')) as Artifact, root: process.cwd() }
  const result = await compileFile(absolute)
  if (!result.artifact) {
    const messages = result.errors.map((message) => formatMessage(message.file ? { ...message, file: path.relative(process.cwd(), path.join(result.root, message.file)) } : message))
    throw new Error(`${file} does not compile:\n${messages.join('\n')}`)
  }
  return { artifact: result.artifact, root: result.root }
}
