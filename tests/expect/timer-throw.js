// A throw inside a timer callback is uncaught: exit 1 with the stack.
// expect-exit: 1
// expect-output: Uncaught RangeError: late failure
setTimeout(function late() { throw new RangeError('late failure'); }, 10);
