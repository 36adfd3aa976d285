// A legacy-only virtio device (no virtio 1.x interface) is named and left
// alone; the system runs on without it.
// args: --machine q35 -- -device virtio-rng-pci,disable-modern=on,disable-legacy=off
// expect-exit: 0
// expect-output: has no modern interface; ignored
// expect-output: runs on without it
if (isolate.system.entropySource.includes('virtio')) isolate.exit(1);
console.log(`runs on without it: entropy ${isolate.system.entropySource}`);
