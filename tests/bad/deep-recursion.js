// Unbounded recursion is a RangeError inside JS, never a kernel fault.
// expect-exit: 0
// expect-output: RangeError: Maximum call stack size exceeded
function f(n) { return f(n + 1) + 1; }
try { f(0); } catch (e) { console.log(`${e.name}: ${e.message}`); }
