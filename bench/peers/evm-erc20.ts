// Peer benchmark: an OpenZeppelin ERC-20 `transfer` on @ethereumjs/evm with in-memory state
// (SimpleStateManager), i.e. what a user would run instead of Inkstone's VM.
//
// The contract (bench/peers/BenchToken.sol, stock OZ ERC20 minting its supply to the deployer) is
// precompiled by bench/peers/build-erc20.ts into erc20.json, so no compiler is needed here.
// Each timed iteration is one top-level message call `transfer(to, 1)` from the deployer, rotating
// among a few recipients that already hold tokens: two balance SLOAD/SSTOREs and a Transfer log per
// call. After each call the EVM journal is cleaned as @ethereumjs/vm's runTx does between
// transactions, so every call starts with cold storage (EIP-2929) like a real transaction.
//
// What moves the figure (measured on the 2-core project machine, Node 20.20, evm 10.1.3):
// - warm-up: V8 needs ~2 s to reach steady state; with 0.5 s the result is ~15% low;
// - compile: the IR pipeline (used here) is ~10% faster than solc's legacy pipeline;
// - entry point: `evm.runCode` on the runtime code (no nonce bump, no state checkpoint/commit, no
//   account loads) is ~20% faster than `runCall` (used here), and dropping only the nonce bump and
//   the per-transaction journal cleanup is ~5% faster. `runCall` is what a transfer really costs.
//
// Self-check: `npx tsx bench/peers/evm-erc20.ts [ms]` prints the figure.
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { Common, Hardfork, Mainnet } from '@ethereumjs/common'
import { createEVM, type EVM } from '@ethereumjs/evm'
import { SimpleStateManager } from '@ethereumjs/statemanager'
import { Account, type Address, bytesToBigInt, concatBytes, createAddressFromString, hexToBytes, setLengthLeft } from '@ethereumjs/util'

interface Artifact {
  solc: string
  openzeppelinContracts: string
  settings: { evmVersion: string }
  abi: { type: string; name?: string }[]
  bytecode: string
}

const artifact = JSON.parse(readFileSync(new URL('./erc20.json', import.meta.url), 'utf8')) as Artifact

// 4-byte selectors (keccak256 of the signatures); checked against the ABI below.
const TRANSFER = hexToBytes('0xa9059cbb') // transfer(address,uint256)
const BALANCE_OF = hexToBytes('0x70a08231') // balanceOf(address)
for (const fn of ['transfer', 'balanceOf']) {
  if (!artifact.abi.some((e) => e.type === 'function' && e.name === fn)) throw new Error(`erc20.json has no ${fn}()`)
}

const SENDER = createAddressFromString('0x1000000000000000000000000000000000000001')
const RECIPIENTS = [2, 3, 4, 5].map((i) => createAddressFromString(`0x20000000000000000000000000000000000000${i.toString(16).padStart(2, '0')}`))
const GAS_LIMIT = 1_000_000n
// V8 needs ~2 s of this workload to reach steady state (measured: ~1.3k/s in the first second,
// ~2.1k/s in the second, flat from the third on), so a shorter warm-up under-reports.
const WARMUP_MS = 2_000
const DEFAULT_MS = 2_000

const word = (v: Uint8Array | bigint): Uint8Array =>
  typeof v === 'bigint' ? setLengthLeft(hexToBytes(`0x${v.toString(16).padStart(2, '0')}`), 32) : setLengthLeft(v, 32)

interface Token {
  evm: EVM
  token: Address
  calldata: Uint8Array[]
}

async function deploy(): Promise<Token> {
  const common = new Common({ chain: Mainnet, hardfork: Hardfork.Prague })
  if (artifact.settings.evmVersion !== common.hardfork()) {
    throw new Error(`erc20.json was compiled for ${artifact.settings.evmVersion}, the EVM runs ${common.hardfork()}`)
  }
  const evm = await createEVM({ common, stateManager: new SimpleStateManager() })
  // A funded externally-owned sender (ETH for realism; the calls carry no value and gas price 0).
  await evm.stateManager.putAccount(SENDER, new Account(0n, 10n ** 21n))

  const created = await evm.runCall({ caller: SENDER, data: hexToBytes(artifact.bytecode as `0x${string}`), gasLimit: 10_000_000n })
  await evm.journal.cleanup()
  if (created.execResult.exceptionError !== undefined || created.createdAddress === undefined) {
    throw new Error(`ERC-20 deployment failed: ${created.execResult.exceptionError?.error ?? 'no address'}`)
  }
  const token = created.createdAddress
  const calldata = RECIPIENTS.map((to) => concatBytes(TRANSFER, word(to.bytes), word(1n)))
  return { evm, token, calldata }
}

/** One transfer; throws unless it succeeded. `checkReturn` also requires the ABI-encoded `true`. */
async function transfer({ evm, token }: Token, data: Uint8Array, checkReturn: boolean): Promise<void> {
  const res = await evm.runCall({ caller: SENDER, to: token, data, gasLimit: GAS_LIMIT })
  await evm.journal.cleanup()
  const err = res.execResult.exceptionError
  if (err !== undefined) throw new Error(`transfer failed: ${err.error}`)
  if (checkReturn) {
    const ret = res.execResult.returnValue
    if (ret.length !== 32 || bytesToBigInt(ret) !== 1n) throw new Error('transfer did not return true')
    if (res.execResult.logs?.length !== 1) throw new Error('transfer did not emit exactly one Transfer event')
  }
}

async function balanceOf({ evm, token }: Token, who: Address): Promise<bigint> {
  const res = await evm.runCall({ caller: SENDER, to: token, data: concatBytes(BALANCE_OF, word(who.bytes)), gasLimit: GAS_LIMIT, isStatic: true })
  await evm.journal.cleanup()
  if (res.execResult.exceptionError !== undefined) throw new Error(`balanceOf failed: ${res.execResult.exceptionError.error}`)
  return bytesToBigInt(res.execResult.returnValue)
}

/** Runs transfers until `ms` have passed; returns how many ran and how long they took. */
async function runFor(t: Token, ms: number, first: boolean): Promise<{ n: number; elapsed: number }> {
  const { calldata } = t
  const k = calldata.length
  let n = 0
  const start = performance.now()
  let now = start
  const end = start + ms
  await transfer(t, calldata[n++ % k]!, first)
  while (now < end) {
    // Check the clock every 64 calls so timing overhead stays negligible.
    for (let i = 0; i < 64; i++) await transfer(t, calldata[n++ % k]!, false)
    now = performance.now()
  }
  await transfer(t, calldata[n++ % k]!, true) // last call: full success check
  return { n, elapsed: performance.now() - start }
}

/**
 * A deployed ERC-20 on @ethereumjs/evm: `rate(ms)` runs transfers for about `ms` milliseconds and
 * returns transfers per second; `check()` verifies every call so far moved exactly one token unit.
 */
export async function evmErc20Runner(): Promise<{ rate: (ms: number) => Promise<number>; check: () => Promise<void> }> {
  const t = await deploy()
  const before = await balanceOf(t, SENDER)
  let calls = 0
  return {
    async rate(ms) {
      const { n, elapsed } = await runFor(t, ms, calls === 0)
      calls += n
      return (n * 1000) / elapsed
    },
    async check() {
      const after = await balanceOf(t, SENDER)
      if (before - after !== BigInt(calls)) throw new Error(`sender balance moved by ${before - after}, expected ${calls}`)
    },
  }
}

/** Runs ERC-20 transfers on @ethereumjs/evm for about `ms` milliseconds after warm-up; returns transfers per second. */
export async function evmErc20TransfersPerSecond(ms: number = DEFAULT_MS): Promise<number> {
  const runner = await evmErc20Runner()
  await runner.rate(WARMUP_MS)
  const rate = await runner.rate(ms)
  await runner.check()
  return rate
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const ms = process.argv[2] !== undefined ? Number(process.argv[2]) : DEFAULT_MS
  const tps = await evmErc20TransfersPerSecond(ms)
  console.log(`@ethereumjs/evm OpenZeppelin ERC-20 transfer (in-memory state; solc ${artifact.solc.split('+')[0]}, ` +
    `OZ ${artifact.openzeppelinContracts}): ${Math.round(tps).toLocaleString('en-US')} transfers/s`)
}
