// Outputs of the bn254 wasm engine on fixed inputs, as one string: the browser page and Node
// compute it and test/stdlib/zkp/browser.test.ts requires them to be equal (consensus needs
// bit-identical results on every platform).
import { bn254Mul } from '../../../../stdlib/zkp/eip196.ts'
import { bn254Pairing } from '../../../../stdlib/zkp/eip197.ts'
import { BN254 } from '../../../../stdlib/zkp/pairing.ts'
import { finalExponentiation, g1Msm, g2Lines, gtToBigints, millerLoop } from '../../../../stdlib/zkp/_bn254-wasm.ts'

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')

export function engineFingerprint(): string {
  const P = BN254.G1.BASE.multiply(0x1234567890abcdefn).toAffine()
  const { x, y } = BN254.G2.BASE.multiply(0xfedcba9876543210n).toAffine()
  const Q = [[x.c0, x.c1], [y.c0, y.c1]] as const
  const be = (n: bigint) => n.toString(16).padStart(64, '0')
  const mulInput = Uint8Array.from((be(P.x) + be(P.y) + be(BN254.Fr.ORDER - 12345n)).match(/../g)!, (b) => parseInt(b, 16))
  const pairInput = Uint8Array.from((be(P.x) + be(P.y) + be(x.c1) + be(x.c0) + be(y.c1) + be(y.c0)).match(/../g)!, (b) => parseInt(b, 16))
  const miller = millerLoop([[P.x, P.y, g2Lines(...Q)]])
  return [
    hex(bn254Mul(mulInput)),
    hex(bn254Pairing(pairInput)),
    g1Msm([[P.x, P.y], [1n, 2n]], [BN254.Fr.ORDER - 7n, 99n])!.join(','),
    gtToBigints(miller).join(','),
    gtToBigints(finalExponentiation(miller)).join(','),
  ].join(';')
}
