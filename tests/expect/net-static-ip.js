// lwIP comes up on virtio-net with a static address from the kernel
// command line; `ip=` is the kernel's, not the app's environment.
// args: --cmdline "ip=10.0.2.20/24,gw=10.0.2.2 rtjs.verbose" --env A=1 -- -netdev user,id=n0 -device virtio-net-device,netdev=n0
// expect-exit: 0
// expect-output: net: eth0 10.0.2.20/24 gw 10.0.2.2 (static
// expect-output: env {"A":"1"}
// expect-output: eth0 10.0.2.20 255.255.255.0 10.0.2.20/24 52:54:00:12:34:56 false
import { networkInterfaces } from 'node:os';
console.log(`env ${JSON.stringify(isolate.env)}`);
const [v4] = networkInterfaces().eth0;
console.log(`eth0 ${v4.address} ${v4.netmask} ${v4.cidr} ${v4.mac} ${v4.internal}`);
