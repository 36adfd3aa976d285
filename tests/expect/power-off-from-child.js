// hw.power.off(code) from a privileged child stops the whole machine with
// that code, while the first isolate still has a timer pending.
// args: --timeout 20
// expect-exit: 42
// expect-output: child: powering off
await isolate.spawn({
  source: `import('rtjs:hw').then(async (hw) => { console.log('child: powering off'); await hw.default.power.off(42); })`,
}, { privileged: true });
setTimeout(() => console.log('parent: still running'), 10000);
