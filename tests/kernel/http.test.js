// http and fetch inside one guest, over 127.0.0.1 (tests/http.sh drives a
// server from the host with curl).
import http from 'node:http';
import net from 'node:net';
import { Buffer } from 'node:buffer';
import { once } from 'node:events';
import { test, run, assert, sleep } from './harness.js';

function listen(server) {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server.address().port));
  });
}

function request(options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(options, async (res) => {
      let text = '';
      for await (const chunk of res) text += chunk;
      resolve({ status: res.statusCode, message: res.statusMessage, headers: res.headers, text });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('a request body in, headers and a status out', async () => {
  const server = http.createServer(async (req, res) => {
    let body = '';
    req.setEncoding('utf8');
    for await (const chunk of req) body += chunk;
    res.writeHead(201, { 'X-Echo': req.headers['x-in'], 'Content-Type': 'text/plain' });
    res.end(`${req.method} ${req.url} ${body}`);
  });
  const port = await listen(server);
  const r = await request({ port, host: '127.0.0.1', method: 'POST', path: '/p?q=1', headers: { 'X-In': 'abc' } }, 'payload');
  assert.equal(r.status, 201);
  assert.equal(r.message, 'Created');
  assert.equal(r.headers['x-echo'], 'abc');
  assert.equal(r.headers['transfer-encoding'], 'chunked', 'writeHead sends the head: no length known (as Node)');
  assert.equal(r.text, 'POST /p?q=1 payload');
  server.close();
});

test('chunked response, 404, HEAD without a body', async () => {
  const server = http.createServer((req, res) => {
    if (req.url === '/missing') {
      res.statusCode = 404;
      res.end('nope');
      return;
    }
    res.setHeader('Content-Type', 'text/plain');
    res.write('a');
    res.write('b');
    res.end('c');
  });
  const port = await listen(server);
  const r = await request(`http://127.0.0.1:${port}/`);
  assert.equal(r.headers['transfer-encoding'], 'chunked');
  assert.equal(r.text, 'abc');
  const missing = await request(`http://127.0.0.1:${port}/missing`);
  assert.equal(missing.status, 404);
  assert.equal(missing.text, 'nope');
  const head = await request({ port, host: '127.0.0.1', method: 'HEAD' });
  assert.equal(head.status, 200);
  assert.equal(head.text, '');
  server.close();
});

test('setHeader after the head is sent throws ERR_HTTP_HEADERS_SENT', async () => {
  let err = null;
  const server = http.createServer((req, res) => {
    res.write('x');
    try { res.setHeader('X-Late', '1'); } catch (e) { err = e; }
    res.end();
  });
  const port = await listen(server);
  await request(`http://127.0.0.1:${port}/`);
  assert.equal(err?.code, 'ERR_HTTP_HEADERS_SENT');
  assert.throws(() => new http.ServerResponse({ method: 'GET' }).setHeader('bad header', 'x'),
    (e) => e.code === 'ERR_INVALID_HTTP_TOKEN');
  server.close();
});

test('header names and values are checked every time, valid ones repeated; a Latin-1 head and a UTF-8 body go out as such', async () => {
  const res = () => new http.ServerResponse({ method: 'GET' });
  for (let i = 0; i < 300; i++) res().setHeader(`X-Name-${i}`, `value ${i}`);   // more than the checked cache holds
  for (let i = 0; i < 3; i++) {
    assert.throws(() => res().setHeader('X-Ok', 'bad\nvalue'), (e) => e.code === 'ERR_INVALID_CHAR');
    assert.throws(() => res().setHeader('X-Ok', ['fine', 'bad\x7f']), (e) => e.code === 'ERR_INVALID_CHAR');
    assert.throws(() => res().setHeader('bad name', 'fine'), (e) => e.code === 'ERR_INVALID_HTTP_TOKEN');
    res().setHeader('X-Ok', 'fine');
  }
  const server = http.createServer((req, res) => {
    if (req.url === '/latin1') res.setHeader('X-Name', 'Caf\u00e9');
    res.end('h\u00e9llo \u2603');
  });
  const port = await listen(server);
  for (const path of ['/ascii', '/latin1']) {
    const c = net.connect(port, '127.0.0.1');
    const chunks = [];
    c.on('data', (d) => chunks.push(d));
    c.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    await once(c, 'end');
    const bytes = Buffer.concat(chunks);
    const body = bytes.subarray(bytes.indexOf('\r\n\r\n') + 4);
    assert.deepEqual([...body], [...Buffer.from('h\u00e9llo \u2603')], `${path} body`);
    if (path === '/latin1') assert.ok(bytes.includes(Buffer.from('X-Name: Caf\xe9\r\n', 'latin1')), 'the header in Latin-1');
    assert.ok(bytes.includes(Buffer.from(`Content-Length: ${Buffer.byteLength('h\u00e9llo \u2603')}\r\n`)), `${path} length`);
  }
  server.close();
});

test('keep-alive: two requests on one connection; close() ends the idle one at once', async () => {
  const server = http.createServer((req, res) => res.end(req.url));
  const port = await listen(server);
  const c = net.connect(port, '127.0.0.1');
  let got = '';
  c.setEncoding('utf8');
  c.on('data', (d) => { got += d; });
  c.write('GET /one HTTP/1.1\r\nHost: x\r\n\r\n');
  await sleep(200);
  c.write('GET /two HTTP/1.1\r\nHost: x\r\n\r\n');
  await sleep(200);
  assert.equal(got.match(/HTTP\/1.1 200 OK/g)?.length, 2, got);
  assert.ok(got.includes('keep-alive') && got.endsWith('/two'), got);
  const t0 = performance.now();
  const closed = new Promise((resolve) => server.close(resolve));
  await new Promise((resolve) => c.once('close', resolve));
  await closed;
  const ms = performance.now() - t0;
  assert.ok(ms < 1000, `closed after ${ms} ms (keepAliveTimeout is 5000)`);
});

test('http.get to a closed port is ECONNREFUSED; fetch rejects with its cause', async () => {
  const server = http.createServer();
  const port = await listen(server);
  server.close();
  await sleep(50);
  const err = await new Promise((resolve) => http.get(`http://127.0.0.1:${port}/`).on('error', resolve));
  assert.equal(err.code, 'ECONNREFUSED');
  let ferr = null;
  try { await fetch(`http://127.0.0.1:${port}/`); } catch (e) { ferr = e; }
  assert.ok(ferr instanceof TypeError, String(ferr));
  assert.equal(ferr.cause?.code, 'ECONNREFUSED');
  let perr = null;
  try { await fetch('https://example.com/'); } catch (e) { perr = e; }
  assert.ok(perr instanceof TypeError && /http:/.test(perr.message), String(perr));
});

test('fetch: status, headers, json, a POST body', async () => {
  const server = http.createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    res.setHeader('Content-Type', 'application/json');
    res.end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] ?? null }));
  });
  const port = await listen(server);
  const r = await fetch(`http://127.0.0.1:${port}/x`, { method: 'POST', body: 'hi', headers: { 'Content-Type': 'text/plain' } });
  assert.equal(r.status, 200);
  assert.ok(r.ok);
  assert.equal(r.headers.get('content-type'), 'application/json');
  assert.deepEqual(await r.json(), { method: 'POST', body: 'hi', type: 'text/plain' });
  let used = null;
  try { await r.text(); } catch (e) { used = e; }
  assert.ok(used instanceof TypeError, 'a body reads once');
  server.close();
});

function exchange(options, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(options, async (res) => {
      let text = '';
      for await (const chunk of res) text += chunk;
      resolve({ text, reused: req.reusedSocket, status: res.statusCode });
    });
    req.on('error', reject);
    req.end(body);
  });
}

test('client keep-alive: the global agent reuses a connection; agent: false and Connection: close do not', async () => {
  const peers = new Set();
  const server = http.createServer((req, res) => {
    peers.add(req.socket.remotePort);
    if (req.url === '/close') res.setHeader('Connection', 'close');
    res.end(`${req.method} ${req.url}`);
  });
  const port = await listen(server);
  const at = { host: '127.0.0.1', port };
  const a = await exchange({ ...at, path: '/a' });
  const b = await exchange({ ...at, path: '/b', method: 'POST' }, 'body');
  const c = await fetch(`http://127.0.0.1:${port}/c`).then((r) => r.text());
  assert.deepEqual([a.text, b.text, c], ['GET /a', 'POST /b', 'GET /c']);
  assert.equal(a.reused, false);
  assert.equal(b.reused, true, 'the second request went over the first connection');
  assert.equal(peers.size, 1, `one connection for three requests: ports ${[...peers]}`);
  assert.equal(http.globalAgent.freeSockets[`127.0.0.1:${port}:`]?.length, 1, 'one idle socket waits in the pool');

  const d = await exchange({ ...at, path: '/d', agent: false });
  assert.equal(d.reused, false);
  assert.equal(peers.size, 2, 'agent: false opens a connection of its own');
  await exchange({ ...at, path: '/close' });
  await sleep(50);
  assert.equal(http.globalAgent.freeSockets[`127.0.0.1:${port}:`], undefined, 'a Connection: close response frees nothing');
  const e = await exchange({ ...at, path: '/e' });
  assert.equal(e.reused, false);
  server.close();
});

test('client keep-alive: a pooled connection the server closed is not used; an idle pool does not keep the isolate running', async () => {
  const server = http.createServer((req, res) => res.end('ok'));
  server.keepAliveTimeout = 100;
  const port = await listen(server);
  await exchange({ host: '127.0.0.1', port, path: '/' });
  await sleep(400);                    // the server closed the idle connection
  const again = await exchange({ host: '127.0.0.1', port, path: '/' });
  assert.equal(again.text, 'ok');
  assert.equal(again.reused, false, 'a new connection, not the closed one');
  // The child's pooled connection stays open (this server keeps it), yet
  // the child, with nothing else to do, ends.
  server.keepAliveTimeout = 10000;
  const child = await isolate.spawn({ source: `
    import http from 'http';
    http.get({ host: '127.0.0.1', port: isolate.data.port }, (res) => {
      res.resume();
      res.on('end', () => isolate.log('pooled:', Object.keys(http.globalAgent.freeSockets).length));
    });` }, { data: { port } });
  const code = await Promise.race([child.exited, sleep(3000).then(() => 'still running')]);
  if (code === 'still running') child.terminate();
  assert.equal(code, 0, 'the child ended with a free socket in its pool');
  server.close();
});

test('STATUS_CODES and METHODS', async () => {
  assert.equal(http.STATUS_CODES[431], 'Request Header Fields Too Large');
  assert.ok(http.METHODS.includes('PATCH'));
});

run('http');
