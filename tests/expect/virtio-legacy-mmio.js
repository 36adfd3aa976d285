// A legacy (version 1) virtio-mmio transport is named and left alone; the
// system runs on without it.
// args: --machine microvm -- -global virtio-mmio.force-legacy=true -device virtio-rng-device
// expect-exit: 0
// expect-output: is a legacy (version 1) transport; ignored
// expect-output: runs on without it
if (isolate.system.entropySource.includes('virtio')) isolate.exit(1);
console.log(`runs on without it: entropy ${isolate.system.entropySource}`);
