// Defaults of the dev node, shared by `inkstone node`, `npm start` and the commands that reach a node.
export const DEFAULT_DATA_DIR = '.inkstone/chain'
export const DEFAULT_CHAIN_ID = 'inkstone-dev'
export const DEFAULT_PORT = 8545
