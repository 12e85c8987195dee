// The rule for names, kept apart from the contract to show a contract importing its own files.
import { require } from 'inkstone'

export const MIN_LENGTH = 3
export const MAX_LENGTH = 32

/** Reverts unless `name` is 3–32 characters of a–z, 0–9 and inner hyphens. */
export function checkName(name: string): void {
  require(name.length >= MIN_LENGTH && name.length <= MAX_LENGTH, `a name is ${MIN_LENGTH} to ${MAX_LENGTH} characters`)
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    const letterOrDigit = (c >= 97 && c <= 122) || (c >= 48 && c <= 57)
    const innerHyphen = c === 45 && i > 0 && i < name.length - 1
    require(letterOrDigit || innerHyphen, `a name has only a-z, 0-9 and inner hyphens: ${JSON.stringify(name)}`)
  }
}
