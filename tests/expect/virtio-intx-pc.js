// (pc: PIIX3 routes the pins.) Without MSI-X (vectors=0) virtio-pci devices interrupt through their
// INTx pins, on the ISA lines the firmware routed them to; two disks and a
// network card share the lines, and each device still hears its own
// completions: many reads in flight on both disks at once, and DHCP and a
// ping over the card.
// args: --machine pc --net --cmdline rtjs.verbose -- -global virtio-net-pci.vectors=0 -blockdev driver=null-co,node-name=n0,size=8388608,read-zeroes=on -device virtio-blk-pci,drive=n0,vectors=0 -blockdev driver=null-co,node-name=n1,size=8388608,read-zeroes=on -device virtio-blk-pci,drive=n1,vectors=0
// expect-exit: 0
// expect-output: virtio-blk@pci:0:3.0, INTx (IRQ
// expect-output: virtio-blk@pci:0:4.0, INTx (IRQ
// expect-output: virtio-net@pci:0:2.0, INTx (IRQ
// expect-output: both disks answered 64 reads
// expect-output: the gateway answered ping
// The app is virtio-intx-q35.js's.
import './virtio-intx-q35.js';
