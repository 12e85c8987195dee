/**
 * The artifact: the one file a build produces, and what a deploy and a client need.
 *
 * It is deterministic: built from root-relative paths only, no timestamps, keys in a fixed order,
 * so the same sources give the same bytes on any machine and in any directory.
 */
import ts from 'typescript'
import type { Abi } from '../stdlib/abi.ts'
import { bytesToHex } from '../stdlib/crypto/hex.ts'
import { sm3 } from '../stdlib/crypto/sm3.ts'
import type { SourceMap } from './bundle.ts'

export const COMPILER_VERSION = '0.1.0'

export interface Artifact {
  /** The contract class name. */
  name: string
  /** The versions that made it: the bundle depends on all three. */
  compiler: { version: string; typescript: string; esbuild: string }
  /** SM3 of the UTF-8 bundle, lowercase hex: how the node identifies the code. */
  codeHash: string
  abi: Abi
  /** The CommonJS script the VM loads. */
  bundle: string
  /** Source map v3 of the bundle; `sources` are relative to the project root. */
  sourceMap: SourceMap
}

export function codeHashOf(bundle: string): string {
  return bytesToHex(sm3(new TextEncoder().encode(bundle)))
}

export function makeArtifact(name: string, abi: Abi, bundle: string, sourceMap: SourceMap, esbuildVersion: string): Artifact {
  return {
    name,
    compiler: { version: COMPILER_VERSION, typescript: ts.version, esbuild: esbuildVersion },
    codeHash: codeHashOf(bundle),
    abi,
    bundle,
    sourceMap,
  }
}

/** The artifact file's text: JSON with two-space indentation and a final newline. */
export function serializeArtifact(artifact: Artifact): string {
  return JSON.stringify(artifact, null, 2) + '\n'
}
