// Regenerates the FFLONK vectors under test/vectors/zkp/fflonk-bn128-*/ with snarkjs 0.7.6 (the
// devDependency), offline: `node test/vectors/zkp/generate-fflonk.mjs`.
//
// Each circuit is written here as an R1CS file by hand (iden3 binary format), its witness as a
// .wtns file, and a powers-of-tau ceremony (2^POWER, one contribution) is run locally; then
// snarkjs makes the FFLONK key and proof and checks them with its own verifier. The proofs are
// randomized (blinding), so a new run gives new, equally valid vectors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { curves, fflonk, powersOfTau, zKey } from 'snarkjs'

const R = 21888242871839275222246405745257275088548364400416034343698204186575808495617n
/** 2^7 points: enough for FFLONK's 9·n + 18 with the minimum domain n = 8. */
const POWER = 7

/**
 * The circuits: wire 0 is the constant 1, then the public outputs, the public inputs, the private
 * inputs and the internal wires; each constraint is A·B = C with A, B, C as { wire: coefficient }.
 */
const CIRCUITS = [
  {
    // y = x³ + x + 5 (public y, private x)
    name: 'fflonk-bn128-1pub',
    nPubOut: 1,
    nPubIn: 0,
    nPrvIn: 1,
    constraints: [
      [{ 2: 1n }, { 2: 1n }, { 3: 1n }], // x·x = t1
      [{ 3: 1n }, { 2: 1n }, { 4: 1n }], // t1·x = t2
      [{ 4: 1n, 2: 1n, 0: 5n }, { 0: 1n }, { 1: 1n }], // (t2 + x + 5)·1 = y
    ],
    witness: [1n, 35n, 3n, 9n, 27n],
  },
  {
    // out = a·b·c (public out, public a and b, private c)
    name: 'fflonk-bn128-3pub',
    nPubOut: 1,
    nPubIn: 2,
    nPrvIn: 1,
    constraints: [
      [{ 2: 1n }, { 3: 1n }, { 5: 1n }], // a·b = t
      [{ 5: 1n }, { 4: 1n }, { 1: 1n }], // t·c = out
    ],
    witness: [1n, 231n, 3n, 11n, 7n, 33n],
  },
]

const u32 = (n) => {
  const b = Buffer.alloc(4)
  b.writeUInt32LE(n)
  return b
}
const u64 = (n) => {
  const b = Buffer.alloc(8)
  b.writeBigUInt64LE(BigInt(n))
  return b
}
/** 32 bytes little-endian (a field element, or the prime itself). */
const le32 = (x) => {
  const b = Buffer.alloc(32)
  for (let i = 0; i < 32; i++, x >>= 8n) b[i] = Number(x & 0xffn)
  return b
}
const fr = (x) => le32(((x % R) + R) % R)
const section = (type, body) => Buffer.concat([u32(type), u64(body.length), body])
const file = (magic, version, sections) => Buffer.concat([Buffer.from(magic), u32(version), u32(sections.length), ...sections])

function r1cs(c) {
  const nWires = c.witness.length
  const lc = (terms) => Buffer.concat([u32(Object.keys(terms).length), ...Object.entries(terms).map(([w, k]) => Buffer.concat([u32(Number(w)), fr(k)]))])
  const header = Buffer.concat([u32(32), le32(R), u32(nWires), u32(c.nPubOut), u32(c.nPubIn), u32(c.nPrvIn), u64(nWires), u32(c.constraints.length)])
  const constraints = Buffer.concat(c.constraints.map(([a, b, cc]) => Buffer.concat([lc(a), lc(b), lc(cc)])))
  const labels = Buffer.concat(c.witness.map((_, i) => u64(i)))
  return file('r1cs', 1, [section(1, header), section(2, constraints), section(3, labels)])
}

const wtns = (witness) => file('wtns', 2, [section(1, Buffer.concat([u32(32), le32(R), u32(witness.length)])), section(2, Buffer.concat(witness.map(fr)))])

function satisfied(c) {
  const dot = (terms) => Object.entries(terms).reduce((s, [w, k]) => (s + k * c.witness[Number(w)]) % R, 0n)
  return c.constraints.every(([a, b, cc]) => (dot(a) * dot(b) - dot(cc)) % R === 0n)
}

const dir = mkdtempSync(join(tmpdir(), 'fflonk-vectors-'))
const curve = await curves.getCurveFromName('bn128')
try {
  const ptau0 = join(dir, 'pot0.ptau')
  const ptau1 = join(dir, 'pot1.ptau')
  const ptau = join(dir, 'pot.ptau')
  await powersOfTau.newAccumulator(curve, POWER, ptau0)
  await powersOfTau.contribute(ptau0, ptau1, 'inkstone vectors', 'inkstone fflonk vectors ' + Date.now())
  await powersOfTau.preparePhase2(ptau1, ptau)
  for (const c of CIRCUITS) {
    if (!satisfied(c)) throw new Error(`${c.name}: the witness does not satisfy the circuit`)
    writeFileSync(join(dir, `${c.name}.r1cs`), r1cs(c))
    writeFileSync(join(dir, `${c.name}.wtns`), wtns(c.witness))
    const zkey = join(dir, `${c.name}.zkey`)
    await fflonk.setup(join(dir, `${c.name}.r1cs`), ptau, zkey)
    const vk = await zKey.exportVerificationKey(zkey)
    const { proof, publicSignals } = await fflonk.prove(zkey, join(dir, `${c.name}.wtns`))
    if (!(await fflonk.verify(vk, publicSignals, proof))) throw new Error(`${c.name}: snarkjs does not verify its own proof`)
    const tampered = [...publicSignals]
    tampered[0] = String(BigInt(tampered[0]) + 1n)
    if (await fflonk.verify(vk, tampered, proof)) throw new Error(`${c.name}: snarkjs verifies a tampered signal`)
    const out = new URL(`./${c.name}/`, import.meta.url)
    mkdirSync(out, { recursive: true })
    const json = (value) => JSON.stringify(value, null, 1) + '\n'
    writeFileSync(new URL('verification_key.json', out), json(vk))
    writeFileSync(new URL('proof.json', out), json(proof))
    writeFileSync(new URL('public.json', out), json(publicSignals))
    console.log(`${c.name}: ${publicSignals.length} public signal(s), verified by snarkjs`)
  }
} finally {
  await curve.terminate()
  rmSync(dir, { recursive: true, force: true })
}
