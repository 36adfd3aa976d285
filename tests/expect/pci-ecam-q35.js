// q35 has an MCFG table: PCI configuration space is reached by ECAM, and
// rtjs.verbose says so.
// args: --machine q35 --cmdline rtjs.verbose
// expect-exit: 0
// expect-output: pci: configuration by ECAM at 0xb0000000 buses 0-255
// expect-output: host bridge extended: true
import hw from 'rtjs:hw';
const [bridge] = hw.pci.devices();
console.log(`host bridge extended: ${bridge.extended}`);
