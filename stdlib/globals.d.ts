/**
 * Globals a contract may use beyond the ECMAScript library. The compiler type-checks contracts
 * against `lib.es2023` and this file only, so a host API (timers, `fetch`, `process`) is a type
 * error there. `console.log` is the VM's debug channel: captured per call, not consensus data.
 * Declared the way lib.dom and @types/node declare `console`, so the declarations merge when this
 * file is type-checked together with them (as the repository's own tsconfig does).
 */
interface Console {
  log(...data: unknown[]): void
}
declare var console: Console
