/**
 * The compiler's only view of files: one virtual, absolute POSIX tree.
 *
 *   /<path>                          the project's files (root-relative paths of `files`)
 *   /node_modules/<package>/…        packages, read through `files` like any project file
 *   /node_modules/inkstone/…         the stdlib (`stdlib`), whatever the project holds there
 *   /node_modules/typescript/lib/…   TypeScript's lib.*.d.ts (`typescriptLib`)
 *
 * Nothing here touches a real file system, so the same code runs in Node (compiler/node.ts reads
 * the disk behind these functions) and in a browser (the playground passes maps). Because every
 * path is relative to the project root, artifacts never depend on where the project lives.
 */

/** Files by root-relative POSIX path (`src/token.ts`), as a map or a function returning undefined for a missing file. */
export type FileSource = Readonly<Record<string, string>> | ((path: string) => string | undefined)

export const STDLIB_DIR = '/node_modules/inkstone/'
export const TYPESCRIPT_LIB_DIR = '/node_modules/typescript/lib/'

/** Extensions tried, in order, for an import without one (and for `index` files of a directory). */
const EXTENSIONS = ['.ts', '.js', '.mjs', '.cjs', '.json']

export class VirtualFs {
  readonly #project: FileSource
  readonly #stdlib: FileSource
  readonly #typescriptLib: FileSource
  readonly #cache = new Map<string, string | undefined>()

  constructor(project: FileSource, stdlib: FileSource, typescriptLib: FileSource) {
    this.#project = project
    this.#stdlib = stdlib
    this.#typescriptLib = typescriptLib
  }

  /** The text of a virtual absolute path, or undefined. */
  read(path: string): string | undefined {
    if (this.#cache.has(path)) return this.#cache.get(path)
    let text: string | undefined
    if (path.startsWith(STDLIB_DIR)) text = readSource(this.#stdlib, path.slice(STDLIB_DIR.length))
    else if (path.startsWith(TYPESCRIPT_LIB_DIR)) text = readSource(this.#typescriptLib, path.slice(TYPESCRIPT_LIB_DIR.length))
    else text = readSource(this.#project, path.slice(1))
    this.#cache.set(path, text)
    return text
  }

  exists(path: string): boolean {
    return this.read(path) !== undefined
  }
}

function readSource(source: FileSource, path: string): string | undefined {
  if (typeof source === 'function') return source(path)
  return Object.hasOwn(source, path) ? source[path] : undefined
}

/** Normalizes a POSIX path (`.`, `..`, repeated `/`); returns undefined when `..` leaves the root. */
export function normalizePath(path: string): string | undefined {
  const out: string[] = []
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue
    if (part === '..') {
      if (out.length === 0) return undefined
      out.pop()
    } else out.push(part)
  }
  return '/' + out.join('/')
}

export function dirname(path: string): string {
  return path.slice(0, path.lastIndexOf('/')) || '/'
}

/** How a virtual path is shown in messages and source maps: relative to the project root. */
export function displayPath(path: string): string {
  return path.startsWith('/') ? path.slice(1) : path
}

export function isStdlib(path: string): boolean {
  return path.startsWith(STDLIB_DIR)
}

/** A file of the project itself: not the stdlib, a package or a TypeScript lib. */
export function isProjectFile(path: string): boolean {
  return !path.includes('/node_modules/')
}

/** Whether a specifier is a relative or absolute path rather than a package name. */
export function isPathSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier.startsWith('/') || specifier === '.' || specifier === '..'
}

/**
 * Resolves an import for bundling, as a bundler would: relative paths with extension and `index`
 * probing, `inkstone` to the stdlib, other bare names through `node_modules` directories from the
 * importer up, with package.json `exports` (conditions `import`, `module`, `default`), `module`,
 * `main`. Returns the virtual path or undefined.
 */
export function resolveImport(fs: VirtualFs, specifier: string, importer: string): string | undefined {
  if (specifier === 'inkstone') return STDLIB_DIR + 'index.ts'
  if (isPathSpecifier(specifier)) {
    const path = normalizePath(specifier.startsWith('/') ? specifier : dirname(importer) + '/' + specifier)
    return path === undefined ? undefined : probe(fs, path)
  }
  const parts = specifier.split('/')
  const nameLength = specifier.startsWith('@') ? 2 : 1
  const name = parts.slice(0, nameLength).join('/')
  const subpath = parts.slice(nameLength).join('/')
  for (let dir = dirname(importer); ; dir = dirname(dir)) {
    const packageDir = (dir === '/' ? '' : dir) + '/node_modules/' + name
    const manifest = fs.read(packageDir + '/package.json')
    if (manifest !== undefined) return resolvePackage(fs, packageDir, subpath, manifest)
    if (dir === '/') return undefined
  }
}

function resolvePackage(fs: VirtualFs, packageDir: string, subpath: string, manifest: string): string | undefined {
  let pkg: { exports?: unknown; module?: unknown; main?: unknown }
  try {
    pkg = JSON.parse(manifest) as typeof pkg
  } catch {
    return undefined
  }
  if (pkg.exports !== undefined && pkg.exports !== null) {
    const exports = pkg.exports as Record<string, unknown>
    const subpaths = typeof exports === 'object' && Object.keys(exports).some((key) => key.startsWith('.'))
    const target = subpaths ? exports[subpath === '' ? '.' : './' + subpath] : subpath === '' ? exports : undefined
    const file = pickCondition(target)
    return file === undefined ? undefined : probe(fs, normalizePath(packageDir + '/' + file) ?? '')
  }
  if (subpath !== '') return probe(fs, packageDir + '/' + subpath)
  for (const field of [pkg.module, pkg.main]) {
    if (typeof field === 'string') return probe(fs, normalizePath(packageDir + '/' + field) ?? '')
  }
  return probe(fs, packageDir + '/index')
}

/** The first matching condition of an `exports` target, in the object's own order (as Node does). */
function pickCondition(target: unknown): string | undefined {
  if (typeof target === 'string') return target
  if (Array.isArray(target)) return pickCondition(target[0])
  if (typeof target !== 'object' || target === null) return undefined
  for (const [condition, value] of Object.entries(target)) {
    if (condition === 'import' || condition === 'module' || condition === 'default') return pickCondition(value)
  }
  return undefined
}

function probe(fs: VirtualFs, path: string): string | undefined {
  if (fs.exists(path)) return path
  for (const extension of EXTENSIONS) if (fs.exists(path + extension)) return path + extension
  for (const extension of EXTENSIONS) if (fs.exists(path + '/index' + extension)) return path + '/index' + extension
  return undefined
}
