// Regenerates the vectors under test/vectors/zkp/ with snarkjs 0.7.6 (the devDependency),
// offline: `node test/vectors/zkp/generate-vectors.mjs`. FFLONK on bn128 (fflonk-bn128-*) and
// Groth16 on BLS12-381 (groth16-bls12381-*): the two snarkjs formats /work/shared/vectors lacks.
//
// Each circuit is written here as an R1CS file by hand (iden3 binary format), its witness as a
// .wtns file, and a powers-of-tau ceremony (2^POWER, one contribution) is run locally per curve;
// then snarkjs makes the key (Groth16: plus one phase-2 contribution) and the proof and checks
// them with its own verifier. Proofs are randomized, so a new run gives new, equally valid vectors.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { curves, fflonk, groth16, powersOfTau, zKey } from 'snarkjs'

/** The scalar field order r of each curve (the field the circuits are over). */
const ORDERS = {
  bn128: 21888242871839275222246405745257275088548364400416034343698204186575808495617n,
  bls12381: 0x73eda753299d7d483339d80809a1d80553bda402fffe5bfeffffffff00000001n,
}
/** 2^7 points: enough for FFLONK's 9·n + 18 with the minimum domain n = 8 (and for Groth16). */
const POWER = 7

/**
 * The circuits: wire 0 is the constant 1, then the public outputs, the public inputs, the private
 * inputs and the internal wires; each constraint is A·B = C with A, B, C as { wire: coefficient }.
 */
const CIRCUITS = [
  {
    // y = x³ + x + 5 (public y, private x)
    name: 'fflonk-bn128-1pub',
    curve: 'bn128',
    protocol: 'fflonk',
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
    curve: 'bn128',
    protocol: 'fflonk',
    nPubOut: 1,
    nPubIn: 2,
    nPrvIn: 1,
    constraints: [
      [{ 2: 1n }, { 3: 1n }, { 5: 1n }], // a·b = t
      [{ 5: 1n }, { 4: 1n }, { 1: 1n }], // t·c = out
    ],
    witness: [1n, 231n, 3n, 11n, 7n, 33n],
  },
  {
    // the same y = x³ + x + 5 over BLS12-381's scalar field
    name: 'groth16-bls12381-1pub',
    curve: 'bls12381',
    protocol: 'groth16',
    nPubOut: 1,
    nPubIn: 0,
    nPrvIn: 1,
    constraints: [
      [{ 2: 1n }, { 2: 1n }, { 3: 1n }],
      [{ 3: 1n }, { 2: 1n }, { 4: 1n }],
      [{ 4: 1n, 2: 1n, 0: 5n }, { 0: 1n }, { 1: 1n }],
    ],
    witness: [1n, 35n, 3n, 9n, 27n],
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
const fr = (x, r) => le32(((x % r) + r) % r)
const section = (type, body) => Buffer.concat([u32(type), u64(body.length), body])
const file = (magic, version, sections) => Buffer.concat([Buffer.from(magic), u32(version), u32(sections.length), ...sections])

function r1cs(c) {
  const R = ORDERS[c.curve]
  const nWires = c.witness.length
  const lc = (terms) => Buffer.concat([u32(Object.keys(terms).length), ...Object.entries(terms).map(([w, k]) => Buffer.concat([u32(Number(w)), fr(k, R)]))])
  const header = Buffer.concat([u32(32), le32(R), u32(nWires), u32(c.nPubOut), u32(c.nPubIn), u32(c.nPrvIn), u64(nWires), u32(c.constraints.length)])
  const constraints = Buffer.concat(c.constraints.map(([a, b, cc]) => Buffer.concat([lc(a), lc(b), lc(cc)])))
  const labels = Buffer.concat(c.witness.map((_, i) => u64(i)))
  return file('r1cs', 1, [section(1, header), section(2, constraints), section(3, labels)])
}

const wtns = (witness, R) => file('wtns', 2, [section(1, Buffer.concat([u32(32), le32(R), u32(witness.length)])), section(2, Buffer.concat(witness.map((x) => fr(x, R))))])

function satisfied(c) {
  const R = ORDERS[c.curve]
  const dot = (terms) => Object.entries(terms).reduce((s, [w, k]) => (s + k * c.witness[Number(w)]) % R, 0n)
  return c.constraints.every(([a, b, cc]) => (dot(a) * dot(b) - dot(cc)) % R === 0n)
}

/** A prepared powers-of-tau file for `curve`, made in `dir`. */
async function ceremony(curve, dir) {
  const [ptau0, ptau1, ptau] = ['0', '1', ''].map((k) => join(dir, `${curve.name}-pot${k}.ptau`))
  await powersOfTau.newAccumulator(curve, POWER, ptau0)
  await powersOfTau.contribute(ptau0, ptau1, 'inkstone vectors', 'inkstone vectors ' + Date.now())
  await powersOfTau.preparePhase2(ptau1, ptau)
  return ptau
}

const PROTOCOLS = {
  fflonk: { verifier: fflonk, setup: (r1csFile, ptau, zkey) => fflonk.setup(r1csFile, ptau, zkey) },
  groth16: {
    verifier: groth16,
    async setup(r1csFile, ptau, zkey) {
      await zKey.newZKey(r1csFile, ptau, zkey + '.0')
      await zKey.contribute(zkey + '.0', zkey, 'inkstone vectors', 'inkstone phase 2 ' + Date.now())
    },
  },
}

const dir = mkdtempSync(join(tmpdir(), 'zkp-vectors-'))
const built = {}
try {
  for (const c of CIRCUITS) {
    const curve = await curves.getCurveFromName(c.curve)
    built[c.curve] ??= { curve, ptau: await ceremony(curve, dir) }
    if (!satisfied(c)) throw new Error(`${c.name}: the witness does not satisfy the circuit`)
    writeFileSync(join(dir, `${c.name}.r1cs`), r1cs(c))
    writeFileSync(join(dir, `${c.name}.wtns`), wtns(c.witness, ORDERS[c.curve]))
    const zkey = join(dir, `${c.name}.zkey`)
    const { verifier, setup } = PROTOCOLS[c.protocol]
    await setup(join(dir, `${c.name}.r1cs`), built[c.curve].ptau, zkey)
    const vk = await zKey.exportVerificationKey(zkey)
    const { proof, publicSignals } = await verifier.prove(zkey, join(dir, `${c.name}.wtns`))
    if (!(await verifier.verify(vk, publicSignals, proof))) throw new Error(`${c.name}: snarkjs does not verify its own proof`)
    const tampered = [...publicSignals]
    tampered[0] = String(BigInt(tampered[0]) + 1n)
    if (await verifier.verify(vk, tampered, proof)) throw new Error(`${c.name}: snarkjs verifies a tampered signal`)
    const out = new URL(`./${c.name}/`, import.meta.url)
    mkdirSync(out, { recursive: true })
    const json = (value) => JSON.stringify(value, null, 1) + '\n'
    writeFileSync(new URL('verification_key.json', out), json(vk))
    writeFileSync(new URL('proof.json', out), json(proof))
    writeFileSync(new URL('public.json', out), json(publicSignals))
    console.log(`${c.name}: ${publicSignals.length} public signal(s), verified by snarkjs`)
  }
} finally {
  for (const { curve } of Object.values(built)) await curve.terminate()
  rmSync(dir, { recursive: true, force: true })
}
