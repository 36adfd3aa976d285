// The guest side of tests/badpackets.sh: a UDP echo on 7 (lwIP itself
// answers ARP and ping); "stop" on the echo port exits.
import dgram from 'node:dgram';

const echo = dgram.createSocket('udp4');
echo.on('message', (msg, rinfo) => {
  if (msg.toString() === 'stop') {
    console.log('BADPACKETS done');
    isolate.exit(0);
  }
  echo.send(msg, rinfo.port, rinfo.address);
});
echo.bind(7, () => console.log('BADPACKETS ready'));
