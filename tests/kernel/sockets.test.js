// dgram, net and dns inside one guest, over lwIP's loopback (127.0.0.1):
// no network device needed. The host-to-guest cases are in tests/sockets.sh.
import dgram from 'node:dgram';
import net from 'net';
import dns from 'dns';
import { Buffer } from 'buffer';
import { ping } from 'rtjs:net';
import { test, run, assert, sleep } from './harness.js';

const once = (emitter, event) => new Promise((resolve, reject) => {
  emitter.once(event, (...args) => resolve(args));
  if (event !== 'error' && event !== 'drain') emitter.once('error', reject);
});

function listen(server, port = 0) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server.address().port));
  });
}

test('udp: a datagram there and back, with its sender', async () => {
  const a = dgram.createSocket('udp4');
  const b = dgram.createSocket('udp4');
  a.bind(0, '127.0.0.1');
  await once(a, 'listening');
  const { port, address, family } = a.address();
  assert.ok(port > 0, `bound port ${port}`);
  assert.equal(address, '127.0.0.1');
  assert.equal(family, 'IPv4');
  b.bind(0);
  await once(b, 'listening');
  b.send('hello', port, '127.0.0.1');
  const [msg, rinfo] = await once(a, 'message');
  assert.ok(Buffer.isBuffer(msg), 'message is a Buffer');
  assert.equal(msg.toString(), 'hello');
  assert.equal(rinfo.port, b.address().port);
  assert.equal(rinfo.size, 5);
  a.send([Buffer.from('ab'), 'cd'], rinfo.port, rinfo.address);
  const [back] = await once(b, 'message');
  assert.equal(back.toString(), 'abcd');
  a.close();
  b.close();
});

test('udp: 1000 datagrams of 1400 bytes, in order', async () => {
  const a = dgram.createSocket('udp4');
  const b = dgram.createSocket('udp4');
  a.bind(0, '127.0.0.1');
  await once(a, 'listening');
  const seen = [];
  const done = new Promise((resolve) => a.on('message', (m) => {
    seen.push(m.readUInt32BE(0));
    if (m.length !== 1400) seen.push(-1);
    if (seen.length === 200) resolve();
  }));
  const buf = Buffer.alloc(1400, 7);
  for (let i = 0; i < 200; i++) {
    buf.writeUInt32BE(i, 0);
    b.send(Buffer.from(buf), a.address().port, '127.0.0.1');
    if (i % 20 === 19) await sleep(1);
  }
  await Promise.race([done, sleep(5000)]);
  assert.equal(seen.length, 200, 'all arrived');
  assert.ok(seen.every((v, i) => v === i), 'in order, whole');
  a.close();
  b.close();
});

test('udp: bad port, bad type, send after close', async () => {
  const s = dgram.createSocket('udp4');
  assert.throws(() => s.send('x', 70000, '127.0.0.1'), (e) => e.code === 'ERR_SOCKET_BAD_PORT' && e instanceof RangeError);
  assert.throws(() => dgram.createSocket('udp5'), (e) => e.code === 'ERR_SOCKET_BAD_TYPE');
  s.close();
  assert.throws(() => s.send('x', 9, '127.0.0.1'), (e) => e.code === 'ERR_SOCKET_DGRAM_NOT_RUNNING');
});

test('udp6: a datagram over ::1, and an IPv4 one to the same dual-stack socket', async () => {
  const a = dgram.createSocket('udp6');
  a.bind(0);
  await once(a, 'listening');
  assert.equal(a.address().address, '::');
  const port = a.address().port;
  const b = dgram.createSocket('udp6');
  b.send('six', port, '::1');
  const [m6, r6] = await once(a, 'message');
  assert.equal(m6.toString(), 'six');
  assert.equal(r6.family, 'IPv6');
  assert.equal(r6.address, '::1');
  const c = dgram.createSocket('udp4');
  c.send('four', port, '127.0.0.1');
  const [m4, r4] = await once(a, 'message');
  assert.equal(m4.toString(), 'four');
  assert.equal(r4.family, 'IPv4');
  const d = dgram.createSocket('udp4');
  d.bind(0, '::1');
  const [err] = await once(d, 'error');
  assert.equal(err.code, 'EAFNOSUPPORT');
  for (const s of [a, b, c, d]) s.close();
});

test('udp and tcp: a listener that throws, taken by uncaughtException, does not stop later events', async () => {
  const errors = [];
  const onError = (err) => errors.push(err.message);
  process.on('uncaughtException', onError);
  try {
    const a = dgram.createSocket('udp4');
    const b = dgram.createSocket('udp4');
    a.bind(0, '127.0.0.1');
    await once(a, 'listening');
    const got = [];
    a.on('message', (msg) => {
      got.push(msg.toString());
      if (got.length === 1) throw new Error('first datagram');
    });
    for (const text of ['one', 'two', 'three']) b.send(text, a.address().port, '127.0.0.1');
    for (let i = 0; i < 50 && got.length < 3; i++) await sleep(20);
    assert.deepEqual(got, ['one', 'two', 'three']);
    a.close();
    b.close();

    const server = net.createServer((c) => {
      let n = 0;
      c.on('data', (d) => {
        if (n++ === 0) throw new Error('first chunk');
        if (d.toString().includes('end')) c.end('bye');
      });
    });
    const port = await listen(server);
    const c = net.connect(port, '127.0.0.1');
    await once(c, 'connect');
    c.write('first');
    await sleep(50);
    c.write('then end');
    let reply = '';
    c.on('data', (d) => { reply += d; });
    await once(c, 'end');
    assert.equal(reply, 'bye');
    server.close();
    assert.deepEqual(errors, ['first datagram', 'first chunk']);
  } finally {
    process.off('uncaughtException', onError);
  }
});

test('udp: binding a port in use is EADDRINUSE', async () => {
  const a = dgram.createSocket('udp4');
  a.bind(0, '127.0.0.1');
  await once(a, 'listening');
  const b = dgram.createSocket('udp4');
  b.bind(a.address().port, '127.0.0.1');
  const [err] = await once(b, 'error');
  assert.equal(err.code, 'EADDRINUSE');
  a.close();
  b.close();
});

test('tcp: echo server, client end, both close', async () => {
  const events = [];
  const server = net.createServer((c) => {
    events.push('connection');
    c.on('data', (d) => c.write(d));
    c.on('end', () => events.push('server saw end'));
    c.on('close', () => events.push('server socket closed'));
  });
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  await once(c, 'connect');
  assert.equal(c.remotePort, port);
  assert.equal(c.remoteAddress, '127.0.0.1');
  c.setEncoding('utf8');
  let got = '';
  c.on('data', (d) => { got += d; });
  c.end('ping');
  await once(c, 'close');
  assert.equal(got, 'ping');
  await sleep(50);
  assert.deepEqual(events, ['connection', 'server saw end', 'server socket closed']);
  server.close();
  await once(server, 'close');
});

test('tcp: 1 MiB each way through back-pressure, byte for byte', async () => {
  const server = net.createServer((c) => c.pipe(c));
  const port = await listen(server);
  const c = net.connect({ port, host: '127.0.0.1' });
  await once(c, 'connect');
  const size = 1 << 20;
  const data = Buffer.alloc(size);
  for (let i = 0; i < size; i++) data[i] = (i * 7 + (i >> 10)) & 0xff;
  const chunks = [];
  c.on('data', (d) => chunks.push(d));
  let refused = 0;
  for (let at = 0; at < size; at += 65536) {
    if (!c.write(data.subarray(at, at + 65536))) {
      refused++;
      await once(c, 'drain');
    }
  }
  c.end();
  await once(c, 'close');
  const back = Buffer.concat(chunks);
  assert.equal(back.length, size, 'length');
  assert.ok(back.equals(data), 'same bytes');
  assert.ok(refused > 0, 'write() returned false at least once');
  assert.equal(c.bytesWritten, size);
  assert.equal(c.bytesRead, size);
  server.close();
});

test('tcp: a port in use is EADDRINUSE; a closed one ECONNREFUSED', async () => {
  const a = net.createServer();
  const port = await listen(a);
  const b = net.createServer();
  b.listen(port, '127.0.0.1');
  const [err] = await once(b, 'error');
  assert.equal(err.code, 'EADDRINUSE');
  a.close();
  await once(a, 'close');
  const c = net.connect(port, '127.0.0.1');
  const closed = new Promise((resolve) => c.once('close', (...a) => resolve(a)));   // right after 'error', as in Node
  const [e2] = await once(c, 'error');
  assert.equal(e2.code, 'ECONNREFUSED');
  assert.deepEqual(await closed, [true]);
});

test('tcp: destroy() on one side is ECONNRESET or end on the other', async () => {
  let serverSide;
  const server = net.createServer((s) => { serverSide = s; });
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  await once(c, 'connect');
  await sleep(20);
  const closed = new Promise((resolve) => serverSide.once('close', (...a) => resolve(a)));
  serverSide.on('error', () => {});
  c.resetAndDestroy();
  const [hadError] = await closed;
  assert.equal(typeof hadError, 'boolean');
  assert.ok(serverSide.destroyed, 'server side destroyed');
  server.close();
});

test('tcp: 50 clients at once', async () => {
  let open = 0;
  const server = net.createServer((s) => {
    open++;
    s.on('data', (d) => s.end(`${d}!`));
  });
  const port = await listen(server);
  const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => new Promise((resolve, reject) => {
    const c = net.connect(port, '127.0.0.1', () => c.write(String(i)));
    let got = '';
    c.setEncoding('utf8');
    c.on('data', (d) => { got += d; });
    c.on('error', reject);
    c.on('close', () => resolve(got));
  })));
  assert.equal(open, 50);
  assert.ok(replies.every((r, i) => r === `${i}!`), JSON.stringify(replies.slice(0, 5)));
  server.close();
});

test('tcp: pause() holds data back; resume() delivers it', async () => {
  const server = net.createServer((s) => s.end(Buffer.alloc(100000, 1)));
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  c.pause();
  let got = 0;
  c.on('data', (d) => { got += d.length; });
  await sleep(300);
  assert.equal(got, 0, 'nothing while paused');
  c.resume();
  await once(c, 'end');
  assert.equal(got, 100000);
  server.close();
});

test('tcp: setTimeout emits timeout on an idle socket', async () => {
  const server = net.createServer(() => {});
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  await once(c, 'connect');
  const t0 = performance.now();
  c.setTimeout(100);
  await once(c, 'timeout');
  const ms = performance.now() - t0;
  assert.ok(ms >= 95 && ms < 1000, `after ${ms} ms`);
  c.destroy();
  server.close();
});

test('tcp: bad port and write after end', async () => {
  assert.throws(() => net.connect(-1, '127.0.0.1'), (e) => e.code === 'ERR_SOCKET_BAD_PORT');
  assert.throws(() => net.createServer().listen(65536), (e) => e.code === 'ERR_SOCKET_BAD_PORT');
  const server = net.createServer((s) => s.resume());
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  await once(c, 'connect');
  c.end();
  const errored = once(c, 'error');
  c.write('late');
  const [err] = await errored;
  assert.equal(err.code, 'ERR_STREAM_WRITE_AFTER_END');
  server.close();
});

test('tcp: a server without a host takes IPv6 and IPv4 clients', async () => {
  const server = net.createServer((s) => s.end(`${s.remoteFamily} ${s.remoteAddress}`));
  server.listen(0);
  await once(server, 'listening');
  assert.equal(server.address().address, '::');
  const ask = (host) => new Promise((resolve, reject) => {
    let got = '';
    const c = net.connect(server.address().port, host);
    c.setEncoding('utf8');
    c.on('data', (d) => { got += d; });
    c.on('error', reject);
    c.on('close', () => resolve(got));
  });
  assert.equal(await ask('::1'), 'IPv6 ::1');
  assert.equal(await ask('127.0.0.1'), 'IPv4 127.0.0.1');
  server.close();
});

test('dns: addresses and localhost resolve without a query', async () => {
  assert.deepEqual(await dns.promises.lookup('10.1.2.3'), { address: '10.1.2.3', family: 4 });
  assert.deepEqual(await dns.promises.lookup('localhost'), { address: '127.0.0.1', family: 4 });
  assert.deepEqual(await dns.promises.lookup('fe80::1'), { address: 'fe80::1', family: 6 });
  const viaCallback = await new Promise((resolve) => dns.lookup('127.0.0.1', (err, a, f) => resolve([err, a, f])));
  assert.deepEqual(viaCallback, [null, '127.0.0.1', 4]);
  assert.equal(net.isIP('1.2.3.4'), 4);
  assert.equal(net.isIP('1.2.3'), 0);
});

test('ping: 127.0.0.1 answers; too large is EMSGSIZE; not IPv4 is EINVAL', async () => {
  const r = await ping('127.0.0.1', { size: 1000 });
  assert.equal(r.address, '127.0.0.1');
  assert.ok(r.time >= 0 && r.time < 1000, `time ${r.time}`);
  assert.equal(r.ttl, 255);
  let err = null;
  try { await ping('127.0.0.1', { size: 70000 }); } catch (e) { err = e; }
  assert.equal(err?.code, 'EMSGSIZE');
  err = null;
  try { await ping('::1'); } catch (e) { err = e; }
  assert.equal(err?.code, 'EINVAL');
});

// A DNS server in JavaScript on 127.0.0.1:53: example.test has an A
// (192.0.2.7) and an AAAA record (2001:db8::7), v6only.test only an AAAA;
// other names are NXDOMAIN.
function dnsServer() {
  const s = dgram.createSocket('udp4');
  s.on('message', (q, rinfo) => {
    let at = 12;
    const labels = [];
    while (q[at]) { labels.push(q.subarray(at + 1, at + 1 + q[at]).toString()); at += q[at] + 1; }
    const name = labels.join('.');
    const type = q.readUInt16BE(at + 1);
    const question = q.subarray(12, at + 5);
    const known = name === 'example.test' || name === 'v6only.test';
    let rdata = null;
    if (type === 1 && name === 'example.test') rdata = Buffer.from([192, 0, 2, 7]);
    if (type === 28 && known) rdata = Buffer.from('20010db8000000000000000000000007', 'hex');
    const head = Buffer.from([q[0], q[1], 0x81, known ? 0x80 : 0x83, 0, 1, 0, rdata ? 1 : 0, 0, 0, 0, 0]);
    const answer = rdata ? Buffer.concat([Buffer.from([0xc0, 12, 0, type, 0, 1, 0, 0, 0, 60, 0, rdata.length]), rdata]) : Buffer.alloc(0);
    s.send(Buffer.concat([head, question, answer]), rinfo.port, rinfo.address);
  });
  s.bind(53, '127.0.0.1');
  return s;
}

test('dns: a name through a DNS server (setServers, getServers), and one that does not exist', async () => {
  const server = dnsServer();
  await once(server, 'listening');
  const before = dns.getServers();
  dns.setServers(['127.0.0.1']);
  assert.deepEqual(dns.getServers(), ['127.0.0.1']);
  assert.deepEqual(await dns.promises.lookup('example.test'), { address: '192.0.2.7', family: 4 });
  assert.deepEqual(await dns.promises.lookup('example.test', { family: 6 }), { address: '2001:db8::7', family: 6 });
  assert.deepEqual(await dns.promises.lookup('v6only.test'), { address: '2001:db8::7', family: 6 });
  assert.deepEqual(await dns.promises.lookup('localhost', 6), { address: '::1', family: 6 });
  let err = null;
  try { await dns.promises.lookup('missing.test'); } catch (e) { err = e; }
  assert.equal(err?.code, 'ENOTFOUND');
  assert.equal(err?.hostname, 'missing.test');
  assert.throws(() => dns.setServers(['not an address']), (e) => e.code === 'EINVAL');
  dns.setServers(before);
  server.close();
});

test('unref: an unref\'d server, client or UDP socket does not keep its isolate running; ref does', async () => {
  // Each child opens sockets, unrefs them, and has nothing else to do: it
  // must end by itself. With ref() again it must not (terminated after 300 ms).
  const body = (again) => `
    import net from 'net'; import dgram from 'dgram';
    const server = net.createServer((c) => c.unref()).listen(0, '127.0.0.1', () => {
      const client = net.connect(server.address().port, '127.0.0.1', () => {
        client.unref();
        ${again ? 'client.ref();' : ''}
      });
    });
    server.unref();
    dgram.createSocket('udp4').bind(0).unref();`;
  const gone = await isolate.spawn({ source: body(false) });
  const code = await Promise.race([gone.exited, sleep(3000).then(() => 'still running')]);
  if (code === 'still running') gone.terminate();
  assert.equal(code, 0, 'the child with only unref\'d sockets ended');
  const kept = await isolate.spawn({ source: body(true) });
  const r = await Promise.race([kept.exited, sleep(1500).then(() => 'still running')]);
  assert.equal(r, 'still running', 'a ref\'d client keeps its isolate');
  assert.equal(await kept.terminate(), 143);
});

run('sockets');
