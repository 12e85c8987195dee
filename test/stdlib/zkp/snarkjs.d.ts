// The parts of snarkjs 0.7.6 (devDependency, no bundled types) the tests and the bench call.
declare module 'snarkjs' {
  type Json = Record<string, unknown>
  interface Verifier {
    verify(vk: unknown, publicSignals: unknown, proof: unknown, logger?: unknown): Promise<boolean>
  }
  export const groth16: Verifier
  export const plonk: Verifier
  export const fflonk: Verifier
  export const curves: { getCurveFromName(name: string): Promise<{ terminate(): Promise<void> } & Json> }
}
