// A .cjs entry runs as CommonJS; a require that resolves to nothing fails
// as in Node, naming the module and the requiring file.
// expect-exit: 1
// expect-output: entry is main: true
// expect-output: Cannot find module 'left-pad'
// expect-output: - /main.cjs
console.log('entry is main:', require.main === module);
require('left-pad');
console.log('not reached');
