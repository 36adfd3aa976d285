// CommonJS packages and files imported from an ES module, and require
// inside them: resolution, the module cache, cycles, exports conditions.
// expect-exit: 0
// expect-output: greet: Hello, World! version 1.2.3 sameEmitter true this true main false
// expect-output: where: /node_modules/greeter/lib/greeter.js in /node_modules/greeter/lib
// expect-output: event: Hello, events!
// expect-output: named: true Hello, tools!
// expect-output: dual: dual as ESM esm / cjs feature
// expect-output: cycle: true false done
// expect-output: missing: MODULE_NOT_FOUND: Cannot find module './does-not-exist'
// expect-output: esm: ERR_REQUIRE_ESM 42
// expect-output: notExported: ERR_PACKAGE_PATH_NOT_EXPORTED
// expect-output: cache: true /node_modules/greeter/lib/helper.js node:util
// expect-output: typed: true 1
// expect-output: createRequire: true object
// expect-output: COMMONJS-OK
import greet, { Greeter, version, sameEmitter, thisIsExports, where, isMain } from 'greeter';
import dual, { flavour } from 'dual';
import tools from './tools.cjs';
import { greeting } from './tools.cjs';
import answer from 'esm-detected';
import typed, { typed as isTyped } from 'typed';
import { createRequire } from 'node:module';

console.log('greet:', greet('World'), 'version', version, 'sameEmitter', sameEmitter, 'this', thisIsExports, 'main', isMain);
console.log('where:', where);
const g = new Greeter('events');
g.on('greet', (text) => console.log('event:', text));
g.greet();
console.log('named:', greeting === tools.greeting, greeting);
console.log('dual:', dual, flavour, '/', tools.dual, tools.feature);
console.log('cycle:', tools.cycle);
console.log('missing:', tools.missing);
console.log('esm:', tools.esm, answer);
console.log('notExported:', tools.notExported);
console.log('cache:', tools.cached, tools.resolved, tools.builtinResolved);
console.log('typed:', isTyped, typed['not-an-identifier']);
const require = createRequire(import.meta.url);
console.log('createRequire:', require('greeter') === greet, typeof require('util').inherits === 'function' ? 'object' : 'no');
console.log('COMMONJS-OK');
