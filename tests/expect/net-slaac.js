// IPv6: a link-local address, then one by SLAAC from the router
// advertisement of QEMU's user network (prefix fec0::/64).
// args: --cmdline rtjs.verbose -- -netdev user,id=n0 -device virtio-net-device,netdev=n0
// expect-exit: 0
// expect-output: net: eth0 ipv6 fec0::5054:ff:fe12:3456 (slaac
// Duplicate address detection takes about a second per address; the app
// waits long enough for both.
setTimeout(() => console.log('up'), 6000);
