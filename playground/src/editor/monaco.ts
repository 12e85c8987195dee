/**
 * Monaco, set up once: the editor features, TypeScript's language service (completion, hover,
 * signatures, go to definition) over the stdlib's declarations, and its workers.
 *
 * Diagnostics do not come from monaco's TypeScript (another version, other options) but from the
 * compiler itself (markers.ts): the editor shows exactly what `inkstone build` reports, the
 * determinism lint included. Monaco's service still gets the compiler's options so that
 * completions agree with the checker.
 */
import * as monaco from 'monaco-editor/editor/editor.api.js'
import 'monaco-editor/features/register.all.js'
import 'monaco-editor/languages/definitions/typescript/register.js'
import { typescriptDefaults } from 'monaco-editor/languages/features/typescript/register.js'
import EditorWorker from 'monaco-editor/editor/editor.worker.js?worker'
import TypeScriptWorker from 'monaco-editor/language/typescript/ts.worker.js?worker'
import env from 'virtual:inkstone/editor-env'

/** Where the stdlib's declarations live for the language service: `inkstone` resolves there from any project file. */
const STDLIB_ROOT = 'file:///node_modules/inkstone/'

let openGate = () => {}
const gate = new Promise<void>((resolve) => (openGate = resolve))

/**
 * Lets monaco start its TypeScript worker. It is held back until the compiler's first check: at
 * load, both parsing the TypeScript library files would compete for the same cores.
 */
export function startLanguageService(): void {
  openGate()
}

self.MonacoEnvironment = {
  getWorker: (_id, label) => (label === 'typescript' || label === 'javascript' ? gate.then(() => new TypeScriptWorker()) : new EditorWorker()),
}

typescriptDefaults.setCompilerOptions(env.compilerOptions as Parameters<typeof typescriptDefaults.setCompilerOptions>[0])
typescriptDefaults.setDiagnosticsOptions({ noSemanticValidation: true, noSyntaxValidation: true, noSuggestionDiagnostics: true })
typescriptDefaults.setEagerModelSync(true)
for (const [path, text] of Object.entries(env.declarations)) typescriptDefaults.addExtraLib(text, STDLIB_ROOT + path)

export { monaco }

/** The model URI of a project file (`contracts/token.ts` → `file:///contracts/token.ts`). */
export function fileUri(path: string): monaco.Uri {
  return monaco.Uri.parse('file:///' + path)
}
