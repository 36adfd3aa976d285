// A long timer chain is also stopped by --timeout (the loop, not JS, waits).
// args: --timeout 1
// expect-exit: 124
// expect-output: timeout of 1 s
setInterval(() => {}, 100);
