// An uncaught throw prints the error with its JS stack and exits 1.
// expect-exit: 1
// expect-output: Uncaught Error: boom from inner
// expect-output: at inner
console.log('before');
function inner() { throw new Error('boom from inner'); }
inner();
