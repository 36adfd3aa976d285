// virtio_mmio.device= words that name nothing, name RAM or are malformed
// are reported and skipped; the system runs on, with the transport ACPI
// names still found (a command line entry does not turn ACPI off).
// args: --cmdline "virtio_mmio.device=4K@0xd0000000:5 virtio_mmio.device=4K@0x200000:6 virtio_mmio.device=512@0xfeb00e00" -- -device virtio-rng-device
// expect-exit: 0
// expect-output: virtio: nothing answers at mmio 0xd0000000 (command line): read 0, not the virtio magic; ignored
// expect-output: virtio: mmio 0x200000 (command line) lies in RAM; ignored
// expect-output: rtjs: ignoring virtio_mmio.device=512@0xfeb00e00 on the kernel command line: expected ':' and the IRQ after the base address
// expect-output: runs on with entropy from virtio-rng
import hw from 'rtjs:hw';

const env = JSON.stringify(isolate.env);
if (env.includes('virtio_mmio') || hw.virtio.mmioDevices().length !== 1) isolate.exit(1);
if (!isolate.system.entropySource.startsWith('virtio-rng')) isolate.exit(2);
console.log(`runs on with entropy from ${isolate.system.entropySource}`);
