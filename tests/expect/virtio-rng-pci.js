// virtio-rng over PCI (q35) seeds the kernel's entropy.
// args: --machine q35 --cmdline rtjs.verbose -- -device virtio-rng-pci
// expect-exit: 0
// expect-output: virtio-rng@pci:
// expect-output: entropy from virtio-rng
if (!isolate.system.entropySource.startsWith('virtio-rng')) isolate.exit(1);
console.log(`entropy from ${isolate.system.entropySource}: ${Math.random() < 1}`);
