// An unhandled rejection prints the reason and exits 1, after the
// synchronous code and the already-due jobs ran.
// expect-exit: 1
// expect-output: Uncaught (in promise)
// expect-output: TypeError: rejected on purpose
// expect-output: still ran
Promise.reject(new TypeError('rejected on purpose'));
console.log('still ran');
