/**
 * The Inkstone compiler: TypeScript contracts to deterministic artifacts.
 *
 * Works in Node and in a browser: it takes files as data and the esbuild API as a parameter;
 * compiler/node.ts is the Node edge that reads them from disk. See docs/compiler.md.
 * @module
 */
export { COMPILER_VERSION, codeHashOf, serializeArtifact, type Artifact } from './artifact.ts'
export type { Esbuild, SourceMap } from './bundle.ts'
export {
  AbiError,
  contractClient,
  ContractCallError,
  type ContractClient,
  type ContractEvent,
  type Provider,
  type ProviderRequest,
  type ProviderResult,
  type Receipt,
} from './client.ts'
export { compile, type CompileResult } from './compile.ts'
export type { FileSource } from './files.ts'
export { formatMessage, type Message } from './messages.ts'
export type { CompileOptions } from './options.ts'
export type { Abi, AbiEvent, AbiField, AbiMethod, AbiType } from '../stdlib/abi.ts'
