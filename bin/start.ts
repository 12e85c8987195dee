// `npm start`: the dev node with the playground. Until the node lands, say what exists.
console.log('Inkstone: the VM is in vm/; the dev node and playground are not built yet.')
console.log('Run `npm test` for the test suite and `npm run bench` for benchmarks.')
