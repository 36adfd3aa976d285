// microvm with ACPI (QEMU's default) names its virtio-mmio transports only
// in the DSDT: the kernel takes each from there with the GSI its _CRS says,
// and the device's interrupts work (virtio-net gets a DHCP lease). The app
// reads the DSDT itself and checks hw.virtio.mmioDevices() against it.
// args: --net --cmdline rtjs.verbose
// expect-exit: 0
// expect-output: (ACPI)
// expect-output: net: eth0 10.0.2.15/24 gw 10.0.2.2 (dhcp
// expect-output: mmio devices match the DSDT: 0x
import hw from 'rtjs:hw';

const u32 = (addr) => new DataView(hw.mmio(addr, 4)).getUint32(0, true);
const table = (addr) => new Uint8Array(hw.mmio(addr, u32(addr + 4)));
const sig = (t) => String.fromCharCode(...t.subarray(0, 4));

function findRsdp() {
  const low = new Uint8Array(hw.mmio(0xe0000, 0x20000));
  for (let off = 0; off < low.length; off += 16)
    if (String.fromCharCode(...low.subarray(off, off + 8)) === 'RSD PTR ') return 0xe0000 + off;
  throw new Error('no RSDP in the BIOS area');
}

// { address, irq } of every LNRO0005 Device: the first Memory32Fixed (0x86)
// and Extended Interrupt (0x89) descriptors after the _HID string.
function dsdtTransports() {
  const xsdt = table(Number(new DataView(hw.mmio(findRsdp(), 36)).getBigUint64(24, true)));
  let dsdt = null;
  for (let off = 36; off < xsdt.length; off += 8) {
    const t = table(Number(new DataView(xsdt.buffer, xsdt.byteOffset + off, 8).getBigUint64(0, true)));
    if (sig(t) === 'FACP') dsdt = table(new DataView(t.buffer, t.byteOffset).getUint32(40, true));
  }
  if (!dsdt || sig(dsdt) !== 'DSDT') throw new Error('no DSDT');
  const text = String.fromCharCode(...dsdt);
  const view = new DataView(dsdt.buffer, dsdt.byteOffset, dsdt.length);
  const found = [];
  for (let at = text.indexOf('LNRO0005'); at >= 0; at = text.indexOf('LNRO0005', at + 1)) {
    const mem = text.indexOf('\x86\x09\x00', at), irq = text.indexOf('\x89\x06\x00', at);
    found.push({ address: view.getUint32(mem + 4, true), irq: view.getUint32(irq + 5, true) });
  }
  return found;
}

const key = (d) => `0x${d.address.toString(16)} IRQ ${d.irq}`;
const described = dsdtTransports().map(key).sort();
const probed = hw.virtio.mmioDevices().map(key).sort();
if (described.length !== 1 || described.join() !== probed.join()) {
  console.log(`the DSDT says ${described.join(', ')}; the kernel probed ${probed.join(', ')}`);
  isolate.exit(1);
}
console.log(`mmio devices match the DSDT: ${probed.join(', ')}`);
// The lease (tens of ms) surely comes before power-off.
setTimeout(() => {}, 1000);
