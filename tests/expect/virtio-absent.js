// No virtio devices at all: the kernel runs on CPU entropy alone.
// args: --machine q35
// expect-exit: 0
// expect-output: entropy without virtio
if (isolate.system.entropySource.includes('virtio')) isolate.exit(1);
console.log(`entropy without virtio: ${isolate.system.entropySource}`);
