/**
 * Bundling: esbuild over the virtual tree, to one CommonJS script the VM loads (docs/vm.md).
 *
 * Every path is resolved and loaded by the plugin below, in its own namespace, so esbuild never
 * reads the disk (no stray tsconfig.json or package.json can change the output) and the same code
 * runs with esbuild-wasm in a browser. TypeScript files (the project's and the stdlib's, whose base
 * contracts carry entry points too) are handed over with their decorators blanked out (same
 * length, so positions and the source map stay exact): they are markers the compiler has already
 * read, and lowering them would add run-time helpers.
 */
import type * as esbuild from 'esbuild'
import ts from 'typescript'
import { displayPath, isStdlib, resolveImport, type VirtualFs } from './files.ts'
import type { Message } from './messages.ts'
import { ENTRY_PATH } from './entry.ts'

/** The subset of the esbuild API the compiler uses (`esbuild` in Node, `esbuild-wasm` in a browser). */
export type Esbuild = Pick<typeof esbuild, 'build' | 'version'>

export interface SourceMap {
  version: 3
  sources: string[]
  sourcesContent: string[]
  mappings: string
  names: string[]
}

const NAMESPACE = 'inkstone'
const LOADERS: Readonly<Record<string, esbuild.Loader>> = { ts: 'ts', js: 'js', mjs: 'js', cjs: 'js', json: 'json' }

export async function bundle(
  api: Esbuild,
  fs: VirtualFs,
  entry: string,
  projectFiles: ReadonlyMap<string, ts.SourceFile>,
  /** Every file of the type-checked program (project, stdlib, libraries), by path. */
  programFiles: ReadonlyMap<string, ts.SourceFile>,
): Promise<{ code: string; sourceMap: SourceMap; packages: { path: string; text: string }[]; warnings: Message[] } | { errors: Message[] }> {
  const plugin: esbuild.Plugin = {
    name: 'inkstone-virtual-fs',
    setup(build) {
      build.onResolve({ filter: /.*/ }, ({ path, importer }) => {
        // The bridge has no side effects on import: the stdlib modules a contract does not use vanish.
        if (path === 'inkstone:host') return { path, external: true, sideEffects: false }
        if (path === ENTRY_PATH) return { path, namespace: NAMESPACE }
        const resolved = resolveImport(fs, path, importer || ENTRY_PATH)
        if (resolved === undefined) return { errors: [{ text: `cannot resolve "${path}"${importer ? ` from ${displayPath(importer)}` : ''}` }] }
        return { path: resolved, namespace: NAMESPACE }
      })
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, ({ path }) => {
        const loader = LOADERS[path.slice(path.lastIndexOf('.') + 1)]
        if (loader === undefined) return { errors: [{ text: `${displayPath(path)}: only TypeScript, JavaScript and JSON files can be bundled` }] }
        const checked = programFiles.get(path)
        const contents = path === ENTRY_PATH ? entry : checked && (projectFiles.has(path) || isStdlib(path)) ? withoutDecorators(checked) : fs.read(path)
        return { contents, loader }
      })
    },
  }
  const result = await api.build({
    entryPoints: [ENTRY_PATH],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'neutral',
    target: 'es2022',
    charset: 'utf8',
    legalComments: 'none',
    sourcemap: 'external',
    sourcesContent: true,
    outfile: '/contract.js',
    external: ['inkstone:host'],
    logLevel: 'silent',
    // The generated entry assigns `exports.<method>` on purpose (see entry.ts).
    logOverride: { 'commonjs-variable-in-esm': 'silent' },
    tsconfigRaw: { compilerOptions: { useDefineForClassFields: true, verbatimModuleSyntax: false } },
    plugins: [plugin],
  }).catch((error: esbuild.BuildFailure) => error)
  if (result.errors.length > 0) return { errors: result.errors.map(messageFromEsbuild) }
  const files = (result as esbuild.BuildResult<{ write: false }>).outputFiles
  const code = files.find((file) => file.path.endsWith('.js'))!.text
  const map = JSON.parse(files.find((file) => file.path.endsWith('.map'))!.text) as SourceMap
  // esbuild names sources `<namespace>:<path>`; keep them relative to the project root, and show
  // the project's files as written (decorators included: positions are the same).
  const paths = map.sources.map((source) => source.slice(NAMESPACE.length + 1))
  const sourcesContent = paths.map((path, i) => projectFiles.get(path)?.text ?? map.sourcesContent[i]!)
  // What came from packages (not the project, not the stdlib): the lint reads it by its syntax.
  const packages = paths.flatMap((path, i) => (path.includes('/node_modules/') && !isStdlib(path) ? [{ path, text: sourcesContent[i]! }] : []))
  const sourceMap: SourceMap = { version: 3, sources: paths.map(displayPath), sourcesContent, mappings: map.mappings, names: map.names }
  return { code, sourceMap, packages, warnings: result.warnings.map(messageFromEsbuild) }
}

/** The file's text with every decorator replaced by spaces (the lint has rejected all but the entry-point markers). */
function withoutDecorators(file: ts.SourceFile): string {
  const ranges: [number, number][] = []
  const visit = (node: ts.Node): void => {
    if (ts.isDecorator(node)) ranges.push([node.getStart(file), node.end])
    else ts.forEachChild(node, visit)
  }
  visit(file)
  if (ranges.length === 0) return file.text
  let text = ''
  let at = 0
  for (const [start, end] of ranges) {
    text += file.text.slice(at, start) + file.text.slice(start, end).replace(/[^\n]/g, ' ')
    at = end
  }
  return text + file.text.slice(at)
}

function messageFromEsbuild(message: esbuild.Message): Message {
  const location = message.location
  if (!location) return { file: '', line: 0, column: 0, text: message.text, code: 'bundle' }
  const file = location.namespace === NAMESPACE || location.file.startsWith(NAMESPACE + ':') ? location.file.replace(NAMESPACE + ':', '') : location.file
  return { file: displayPath(file), line: location.line, column: location.column + 1, text: message.text, code: 'bundle' }
}

