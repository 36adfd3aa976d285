// virtio-rng over virtio-mmio (microvm) seeds the kernel's entropy.
// args: --machine microvm --cmdline rtjs.verbose -- -device virtio-rng-device
// expect-exit: 0
// expect-output: virtio-rng@mmio:
// expect-output: entropy from virtio-rng
if (!isolate.system.entropySource.startsWith('virtio-rng')) isolate.exit(1);
console.log(`entropy from ${isolate.system.entropySource}: ${Math.random() < 1}`);
