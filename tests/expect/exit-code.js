// isolate.exit(n) ends the app at once with exit code n.
// expect-exit: 42
// expect-output: before exit
console.log('before exit');
setTimeout(() => console.log('never printed'), 10);
try { isolate.exit(42); } finally { console.log('finally must not run'); }
