// microvm without ACPI names its virtio-mmio transports on the command line
// (QEMU appends " virtio_mmio.device=512@0xfeb00e00:12"): the kernel takes
// them from there, the device's interrupts work (virtio-net gets a DHCP
// lease), and the word is the kernel's, not the app's environment.
// args: --net --cmdline rtjs.verbose -- -machine microvm,acpi=off
// expect-exit: 0
// expect-output: virtio: mmio 0xfeb00e00 IRQ 12 (command line)
// expect-output: net: eth0 10.0.2.15/24 gw 10.0.2.2 (dhcp
// expect-output: env without virtio_mmio.device, transport 0xfeb00e00 IRQ 12
import hw from 'rtjs:hw';

const env = JSON.stringify(isolate.env);
const list = hw.virtio.mmioDevices();
if (env.includes('virtio_mmio') || list.length !== 1 || list[0].address !== 0xfeb00e00 || list[0].irq !== 12) {
  console.log(`env ${env}, transports ${JSON.stringify(list)}`);
  isolate.exit(1);
}
console.log(`env without virtio_mmio.device, transport 0x${list[0].address.toString(16)} IRQ ${list[0].irq}`);
setTimeout(() => {}, 1000);
