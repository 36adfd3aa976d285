// for(;;); cannot hold the machine: --timeout stops it with exit 124.
// args: --timeout 2
// expect-exit: 124
// expect-output: timeout of 2 s
console.log('spinning');
for (;;);
