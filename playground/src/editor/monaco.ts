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
// The editor features used: monaco's register.all has ~60, and the fewer the page evaluates, the
// sooner the editor is ready.
import 'monaco-editor/features/codicon/register.js'
import 'monaco-editor/features/bracketMatching/register.js'
import 'monaco-editor/features/clipboard/register.js'
import 'monaco-editor/features/comment/register.js'
import 'monaco-editor/features/contextmenu/register.js'
import 'monaco-editor/features/cursorUndo/register.js'
import 'monaco-editor/features/find/register.js'
import 'monaco-editor/features/folding/register.js'
import 'monaco-editor/features/gotoError/register.js'
import 'monaco-editor/features/gotoLine/register.js'
import 'monaco-editor/features/gotoSymbol/register.js'
import 'monaco-editor/features/hover/register.js'
import 'monaco-editor/features/indentation/register.js'
import 'monaco-editor/features/linesOperations/register.js'
import 'monaco-editor/features/multicursor/register.js'
import 'monaco-editor/features/parameterHints/register.js'
import 'monaco-editor/features/quickCommand/register.js'
import 'monaco-editor/features/referenceSearch/register.js'
import 'monaco-editor/features/rename/register.js'
import 'monaco-editor/features/suggest/register.js'
import 'monaco-editor/features/wordHighlighter/register.js'
import 'monaco-editor/features/wordOperations/register.js'
import 'monaco-editor/editor/contrib/suggest/browser/suggestController.js'
import 'monaco-editor/editor/contrib/gotoSymbol/browser/goToCommands.js'
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
