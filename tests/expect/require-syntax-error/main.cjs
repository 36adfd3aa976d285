// A syntax error in a required file names the file and the line.
// expect-exit: 1
// expect-output: SyntaxError
// expect-output: /node_modules/broken/index.js:3
require('broken');
