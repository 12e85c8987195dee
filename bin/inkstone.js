#!/usr/bin/env node
// The `inkstone` bin (package.json "bin"): the CLI is TypeScript, so register tsx's loader first.
import { register } from 'tsx/esm/api'

register()
await import('./inkstone.ts')
