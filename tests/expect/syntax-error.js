// A syntax error in the entry module: reported with its place, exit 1.
// expect-exit: 1
// expect-output: SyntaxError
// expect-output: syntax-error.js:5
let x = ;
