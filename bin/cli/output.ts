// How the CLI talks: human text by default, one JSON document with --json, progress on stderr.
import { toJson } from '../../node/rpc/json-value.ts'

/** A failure to report without a stack: the message says what went wrong and what to do. */
export class CliError extends Error {
  override name = 'CliError'
  readonly exitCode: number
  constructor(message: string, exitCode = 1) {
    super(message)
    this.exitCode = exitCode
  }
}

/** Wrong usage: exit code 2 and the command's usage line. */
export class UsageError extends CliError {
  constructor(message: string) {
    super(message, 2)
  }
}

export class Output {
  readonly json: boolean
  constructor(json: boolean) {
    this.json = json
  }

  /** Prints a result: `data` as JSON with --json, else the human text. */
  result(data: unknown, human: string | (() => string)): void {
    if (this.json) console.log(JSON.stringify(toJson(data), null, 2))
    else console.log(typeof human === 'function' ? human() : human)
  }

  /** A progress line for people (stderr, so scripts reading stdout never see it). */
  progress(message: string): void {
    if (!this.json) process.stderr.write(`${message}\n`)
  }
}

/** Formats a value for people: bigints with `n`, bytes as 0x-hex, JSON layout otherwise. */
export function show(value: unknown): string {
  return JSON.stringify(toJson(value), null, 2).replace(/\{\s*"\$bigint": "(-?\d+)"\s*\}/g, '$1n').replace(/\{\s*"\$bytes": "([0-9a-f]*)"\s*\}/g, '0x$1')
}

/** Aligned `key: value` lines. */
export function table(rows: [string, unknown][]): string {
  const width = Math.max(...rows.map(([key]) => key.length))
  return rows.map(([key, value]) => `${key.padEnd(width)}  ${typeof value === 'string' ? value : show(value)}`).join('\n')
}
