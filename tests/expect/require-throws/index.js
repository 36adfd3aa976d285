// A CommonJS package that throws while it loads: the error reaches the
// importer, with the package's file in its stack.
// expect-exit: 1
// expect-output: Error: bad package
// expect-output: /node_modules/bad/index.js:2
import bad from 'bad';
console.log('not reached', bad);
