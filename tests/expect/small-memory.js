// The hello app runs in a 16 MiB guest.
// args: --mem 16
// expect-exit: 0
// expect-output: hello in 16 MiB
console.log(`hello in 16 MiB (${Math.round(isolate.system.memoryBytes / 1048576)} MiB free for the heap)`);
