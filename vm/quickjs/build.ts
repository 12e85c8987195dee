// `npm run build:engine`: builds the QuickJS engine the VM runs (vm/engine.ts) and writes
// ./_quickjs-wasm-binary.ts, the WebAssembly as base64 plus its SHA-256 (Node and browsers load
// the same bytes; no file or fetch at run time).
//
// Sources: the bellard QuickJS 2025-04-26 release, taken from Debian's archive (the upstream
// tarball, pinned by SHA-256 below; Debian's trixie ships it as quickjs 2025.04.26-1) with
// ./quickjs.patch applied (each change says why), and ./inkstone-quickjs.c, the interface
// engine.ts calls. Toolchain: Debian's emscripten 3.1.6.
// Reproducible: fixed flags, no names or debug info, so the same sources and toolchain give the
// same bytes (test/vm/quickjs/build.test.ts rebuilds and compares when emcc is installed).
//
//   npm run build:engine                       fetch the sources, build, write the module
//   npm run build:engine -- --profile out.wasm a build that keeps function names, for profiles
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256Hex } from '../../stdlib/crypto/wasm/build.ts'

const HERE = fileURLToPath(new URL('.', import.meta.url))
export const EMCC = 'emcc'

export const QUICKJS_VERSION = '2025-04-26'
/** The release as Debian numbers it: its tarball's name and the folder it unpacks to. */
const DEBIAN_VERSION = QUICKJS_VERSION.replaceAll('-', '.')
const TARBALL = `quickjs_${DEBIAN_VERSION}.orig.tar.xz`
const TARBALL_URL = `http://deb.debian.org/debian/pool/main/q/quickjs/${TARBALL}`
const TARBALL_SHA256 = 'ec81da5b3249ed648dbc7df4a1654988910e66a118d9b71cb63534216efcfbbe'
const SOURCES = ['quickjs.c', 'libregexp.c', 'libunicode.c', 'cutils.c', 'dtoa.c']

const FLAGS = [
  '-O3',
  `-DCONFIG_VERSION="${QUICKJS_VERSION}"`,
  // QuickJS leaves its stack check out under emscripten; the VM's stack limit needs it.
  '-DCONFIG_STACK_CHECK',
  '-D_GNU_SOURCE',
  '-w', // QuickJS's own sources warn a lot under clang; inkstone-quickjs.c is kept warning-free by hand
  // A plain wasm module with a handful of WASI imports (engine.ts answers them), no JS glue.
  '-sSTANDALONE_WASM',
  '--no-entry',
  '-sERROR_ON_UNDEFINED_SYMBOLS=0', // host_call and should_interrupt: imports engine.ts provides
  '-sALLOW_MEMORY_GROWTH',
  '-sINITIAL_MEMORY=16777216',
  // The C stack. QuickJS stops a script at the VM's LIMITS.stackSize (96 KiB); the rest is room
  // for the host function's frames and the engine's own recursion in C.
  '-sTOTAL_STACK=1048576',
]

/** Whether emcc is installed (the rebuild test is skipped without it). */
export function toolchainAvailable(): boolean {
  try {
    execFileSync(EMCC, ['--version'], { stdio: 'ignore' })
    return true
  } catch {
    return false
  }
}

/** The QuickJS sources could not be fetched (no network): nothing to build from, nothing wrong with the build. */
export class SourcesUnavailable extends Error {
  override name = 'SourcesUnavailable'
}

/** The pinned QuickJS tarball, fetched from Debian's archive once and checked against its hash. */
function quickjsTarball(cacheDir = join(tmpdir(), 'inkstone-quickjs')): string {
  const tarball = join(cacheDir, TARBALL)
  if (!existsSync(tarball)) {
    mkdirSync(cacheDir, { recursive: true })
    try {
      execFileSync('curl', ['-fsSL', '-o', tarball, TARBALL_URL], { stdio: 'inherit' })
    } catch (error) {
      rmSync(tarball, { force: true })
      throw new SourcesUnavailable(`could not fetch ${TARBALL_URL}: ${(error as Error).message}`)
    }
  }
  const actual = sha256Hex(readFileSync(tarball))
  if (actual !== TARBALL_SHA256) throw new Error(`${TARBALL}: SHA-256 ${actual}, expected ${TARBALL_SHA256}`)
  return tarball
}

/** Builds the engine; `profile` keeps function names. Returns the .wasm bytes. */
export function build(profile = false): Uint8Array {
  const dir = mkdtempSync(join(tmpdir(), 'inkstone-engine-'))
  try {
    execFileSync('tar', ['-xJf', quickjsTarball(), '-C', dir], { stdio: 'inherit' })
    const sources = join(dir, `quickjs-${DEBIAN_VERSION}`)
    execFileSync('patch', ['-p1', '--quiet', '-d', sources, '-i', join(HERE, 'quickjs.patch')], { stdio: 'inherit' })
    const output = join(dir, 'engine.wasm')
    const inputs = [...SOURCES.map((file) => join(sources, file)), join(HERE, 'inkstone-quickjs.c')]
    // The file prefix map keeps the temporary folder's name out of assertion messages.
    execFileSync(EMCC, [...FLAGS, ...(profile ? ['--profiling-funcs'] : []), `-ffile-prefix-map=${dir}=.`, `-I${sources}`, ...inputs, '-o', output], { stdio: 'inherit' })
    return new Uint8Array(readFileSync(output))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The generated TypeScript module for `bytes`. */
export function moduleSource(bytes: Uint8Array): string {
  const version = execFileSync(EMCC, ['--version'], { encoding: 'utf8' }).split('\n')[0]
  // Lines in an array: a chain of ~10,000 '+' would overflow parsers' stacks.
  const lines = Buffer.from(bytes).toString('base64').match(/.{1,100}/g)!.map((line) => `  '${line}',`)
  return `/**
 * Generated by \`npm run build:engine\` (vm/quickjs/build.ts) from QuickJS ${QUICKJS_VERSION} and
 * vm/quickjs/inkstone-quickjs.c with ${version}. Do not edit.
 * @module
 */

/** SHA-256 of {@link QUICKJS_WASM_BASE64}'s bytes, checked against a fresh build in the tests. */
export const QUICKJS_WASM_SHA256 = '${sha256Hex(bytes)}'

/** The QuickJS engine, ${bytes.length} bytes of WebAssembly, base64. */
export const QUICKJS_WASM_BASE64 = [
${lines.join('\n')}
].join('')
`
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const profileAt = process.argv.indexOf('--profile')
  if (profileAt >= 0) {
    const output = process.argv[profileAt + 1]
    if (!output) throw new Error('--profile needs an output file')
    writeFileSync(output, build(true))
    console.log(`${output}: a build with function names`)
  } else {
    const bytes = build()
    const output = join(HERE, '_quickjs-wasm-binary.ts')
    writeFileSync(output, moduleSource(bytes))
    console.log(`${output}: ${bytes.length} bytes, sha256 ${sha256Hex(bytes)}`)
  }
}
