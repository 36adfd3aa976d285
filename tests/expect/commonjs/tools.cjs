// A .cjs file of the app itself, imported by index.js.
const greet = require('greeter');
const dual = require('dual');
const feature = require('dual/feature');
const cycle = require('cycle');

let missing;
try {
  require('./does-not-exist');
} catch (err) {
  missing = `${err.code}: ${err.message.split('\n')[0]}`;
}
let esm;
try {
  require('esm-detected');
} catch (err) {
  esm = err.code;
}
let notExported;
try {
  require('dual/wrong.js');
} catch (err) {
  notExported = err.code;
}

module.exports = {
  greeting: greet('tools'),
  dual: dual.flavour,
  feature,
  cycle: `${cycle.done} ${cycle.bSawADone} ${cycle.bSawKeys}`,
  missing,
  esm,
  notExported,
  cached: require.cache[require.resolve('greeter')].exports === greet,
  resolved: require.resolve('./node_modules/greeter/lib/helper'),
  builtinResolved: require.resolve('node:util'),
};
