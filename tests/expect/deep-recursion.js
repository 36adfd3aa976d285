// Unbounded recursion is a catchable error inside JS (QuickJS names it
// InternalError, as Firefox does), never a kernel fault.
// expect-exit: 0
// expect-output: InternalError: stack overflow, a RangeError: true
function f(n) { return f(n + 1) + 1; }
try { f(0); } catch (e) { console.log(`${e.name}: ${e.message}, a RangeError: ${e instanceof RangeError}`); }
