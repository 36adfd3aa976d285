// The guest side of tests/sockets.sh: a UDP echo on 9000, a TCP echo on
// 7000, and a control port (UDP 9001) on which the host asks the guest to
// act as a client: "connect HOST PORT TEXT" (TCP to a host server, reply
// "connected GOT"), "lookup NAME" (reply "lookup ADDRESS" or "lookup
// error CODE"), "ping HOST" (reply "ping ADDRESS ttl=N" or "ping error
// CODE"), "memory" (the kernel heap in use after a GC), "sinkinfo" (what the
// TCP 7001 reader got and what the kernel holds for it), "stop" (exit 0).
// Each command is logged on the console with the card's counters.
import dgram from 'node:dgram';
import net from 'node:net';
import dns from 'node:dns';
import { ping } from 'rtjs:net';
import hw from 'rtjs:hw';

const echo = dgram.createSocket('udp4');
echo.on('message', (msg, rinfo) => echo.send(msg, rinfo.port, rinfo.address));
echo.bind(9000);

const tcp = net.createServer((c) => {
  c.on('error', (err) => console.log(`tcp echo: ${err.code}`));
  c.pipe(c);
});
tcp.listen(7000);

// TCP 7001: a reader that does not read until told ("resume"), then
// counts what came and replies "sink BYTES" at the end.
let sink = null, sinkReply = null, sinkBytes = 0;
net.createServer((c) => {
  sink = c;
  let n = 0;
  if (!sinkReply) c.pause();          // "resume" may come first, after a flood delayed this connection
  c.on('data', (d) => { n += d.length; sinkBytes = n; });
  c.on('end', () => { if (sinkReply) sinkReply(`sink ${n}`); c.end(); });
}).listen(7001);

// What the card has done, for the console: a stalled test's failure shows
// the end of it (did the command arrive; do frames still go out?).
function card() {
  const [dev] = hw.net.devices();
  if (!dev) return 'no card';
  const { rxPackets, rxDropped, txPackets, txQueued } = dev.stats;
  return `${dev.name} rx=${rxPackets} rxDropped=${rxDropped} tx=${txPackets} txQueued=${txQueued}`;
}
let watching = null;

const control = dgram.createSocket('udp4');
control.on('message', async (msg, rinfo) => {
  const [cmd, ...args] = msg.toString().split(' ');
  if (cmd !== 'stats') console.log(`control: ${cmd} from ${rinfo.port}; ${card()}`);
  const reply = (text) => control.send(text, rinfo.port, rinfo.address);
  if (cmd === 'connect') {
    const [host, port, text] = args;
    const c = net.connect(Number(port), host, () => c.end(text));
    let got = '';
    c.setEncoding('utf8');
    c.on('data', (d) => { got += d; });
    c.on('error', (err) => reply(`connected error ${err.code}`));
    c.on('close', (hadError) => { if (!hadError) reply(`connected ${got}`); });
  } else if (cmd === 'lookup') {
    dns.lookup(args[0], (err, address) => reply(err ? `lookup error ${err.code}` : `lookup ${address}`));
  } else if (cmd === 'ping') {
    ping(args[0], { timeout: 2000 }).then((r) => reply(`ping ${r.address} ttl=${r.ttl}`), (err) => reply(`ping error ${err.code}`));
  } else if (cmd === 'resume') {
    sinkReply = (text) => {
      clearInterval(watching);
      reply(text);
    };
    if (sink) sink.resume();
    // Until the sink ends: its bytes and the card's counters, every 2 s.
    watching ??= setInterval(() => console.log(`sink: ${sinkBytes} bytes, paused ${sink?.isPaused()}; ${card()}`), 2000);
  } else if (cmd === 'memory') {
    isolate.gc();
    reply(`memory ${isolate.memoryUsage().kernelUsed}`);
  } else if (cmd === 'stats') {
    reply(`stats ${JSON.stringify(echo.stats())}`);
  } else if (cmd === 'sinkinfo') {
    reply(`sinkinfo bytes=${sinkBytes} paused=${sink?.isPaused()} ${JSON.stringify(sink?.stats() ?? null)}; ${card()}`);
  } else if (cmd === 'stop') {
    console.log('SOCKETS done');
    isolate.exit(0);
  }
});
control.bind(9001, () => console.log('SOCKETS ready'));
