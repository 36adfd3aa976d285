// An import that resolves to nothing names the module and the importer.
// expect-exit: 1
// expect-output: Cannot find module './nope.js'
import './nope.js';
