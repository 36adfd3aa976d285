// lwIP gets its address by DHCP from QEMU's user networking.
// args: --cmdline rtjs.verbose -- -netdev user,id=n0 -device virtio-net-device,netdev=n0
// expect-exit: 0
// expect-output: net: eth0 10.0.2.15/24 gw 10.0.2.2 (dhcp
// The app waits so that the lease (tens of ms) surely comes before power-off.
setTimeout(() => console.log('up'), 1000);
