// `inkstone keys new|list|export|import`: named SM2 keys in the encrypted keystore.
import { newPrivateKey } from '../../node/crypto.ts'
import { Keystore, readPassphrase } from './keystore.ts'
import { table, UsageError, type Output } from './output.ts'

export async function keysCommand(positionals: string[], flags: { keystore?: string; 'passphrase-file'?: string }, out: Output): Promise<void> {
  const [action, name, hex] = positionals
  const keystore = Keystore.open(flags.keystore)
  const passphraseFile = flags['passphrase-file']
  switch (action) {
    case 'new':
    case 'import': {
      if (!name) throw new UsageError(`usage: inkstone keys ${action} <name>${action === 'import' ? ' <private key hex>' : ''}`)
      if (action === 'import' && !hex) throw new UsageError('usage: inkstone keys import <name> <private key hex>')
      const privateKey = action === 'new' ? newPrivateKey() : hex!.replace(/^0x/, '')
      const passphrase = await readPassphrase({ file: passphraseFile, prompt: `Passphrase for "${name}": `, confirm: true })
      const stored = keystore.add(name, privateKey, passphrase)
      out.result({ name, address: stored.address, publicKey: stored.publicKey, keystore: keystore.path }, table([
        ['name', name],
        ['address', stored.address],
        ['public key', stored.publicKey],
        ['keystore', keystore.path],
      ]))
      return
    }
    case 'list': {
      const keys = keystore.list()
      out.result(
        keys.map(([key, stored]) => ({ name: key, address: stored.address, publicKey: stored.publicKey, created: stored.created })),
        () => (keys.length ? table(keys.map(([key, stored]) => [key, stored.address])) : `no keys in ${keystore.path} (create one: inkstone keys new <name>)`),
      )
      return
    }
    case 'export': {
      if (!name) throw new UsageError('usage: inkstone keys export <name>')
      const passphrase = await readPassphrase({ file: passphraseFile, prompt: `Passphrase for "${name}": ` })
      const privateKey = keystore.unlock(name, passphrase)
      out.progress('warning: this is the unencrypted private key; anyone holding it controls the account')
      out.result({ name, address: keystore.get(name).address, privateKey }, privateKey)
      return
    }
    default:
      throw new UsageError('usage: inkstone keys new|list|export|import …')
  }
}
