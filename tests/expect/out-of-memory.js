// Unbounded allocation: a catchable out-of-memory error in JS, never a
// kernel crash; uncaught, it exits 1 with the message.
// args: --mem 64
// expect-exit: 1
// expect-output: caught: InternalError: out of memory
// expect-output: Uncaught InternalError: out of memory
const keep = [];
try {
  for (;;) keep.push(new Array(100000).fill(1.5));
} catch (e) {
  keep.length = 0;
  console.log(`caught: ${e.name}: ${e.message}`);
}
const again = [];
for (;;) again.push('x'.repeat(1 << 20) + again.length);
