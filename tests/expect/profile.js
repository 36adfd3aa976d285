// rtjs.profile samples where the CPU is and, when the machine stops, names
// the functions that took the most samples: a JS loop is QuickJS's
// interpreter.
// args: --cmdline rtjs.profile
// expect-exit: 0
// expect-output: profile: sampling 1000 times a second
// expect-output: the functions that took the most:
// expect-output: JS_CallInternal
let x = 0;
const t0 = performance.now();
while (performance.now() - t0 < 500) x += Math.sqrt(x + 1);
console.log(`spun ${x > 0}`);
