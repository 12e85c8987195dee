/// <reference types="vite/client" />

declare module 'virtual:inkstone/compiler-env' {
  const env: { stdlib: Record<string, string>; typescriptLib: Record<string, string> }
  export default env
}

declare module 'virtual:inkstone/editor-env' {
  const env: {
    /** The stdlib's declarations by source path (`storage-map.ts`). */
    declarations: Record<string, string>
    /** The compiler's TypeScript options (compiler/program.ts), as plain data. */
    compilerOptions: Record<string, unknown>
  }
  export default env
}
