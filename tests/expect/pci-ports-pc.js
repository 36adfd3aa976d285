// pc has no MCFG: PCI configuration space is reached by the ports, and
// rtjs:hw refuses offsets from 0x100 (extended configuration space).
// args: --machine pc --cmdline rtjs.verbose
// expect-exit: 0
// expect-output: pci: configuration by ports (no MCFG)
// expect-output: RangeError: PCI configuration access at 0x100 (4 bytes) of 0:0.0: extended configuration space needs ECAM
import hw from 'rtjs:hw';
const [bridge] = hw.pci.devices();
if (bridge.extended !== false) isolate.exit(2);
try {
  hw.pci.read32(bridge, 0x100);
  isolate.exit(1);
} catch (e) {
  console.log(`${e.name}: ${e.message}`);
}
