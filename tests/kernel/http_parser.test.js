// rtjs:internal/http_parser: llhttp under the HTTPParser class that
// node:http uses. Exact events for requests and responses, every split of
// the bytes across execute() calls, keep-alive, upgrades, and the errors a
// server turns into 400 and 431.
// microvm-args: --cmdline rtjs.expose-internals
// q35-args: --cmdline rtjs.expose-internals
import { HTTPParser, maxHeaderSizeDefault } from 'rtjs:internal/http_parser';
import { test, run, assert } from './harness.js';

// Bytes of a string whose characters are all below 256 (Latin-1).
function bytes(s) {
  const b = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) b[i] = s.charCodeAt(i);
  return b;
}
const text = (u8) => (typeof u8 === 'string' ? u8 : String.fromCharCode(...u8));

// Events with body and head bytes as strings, for deepEqual.
function plain(events) {
  return events.map((ev) => {
    if (ev.type === 'body') return { type: 'body', data: text(ev.data) };
    if (ev.type === 'upgrade') return { type: 'upgrade', head: text(ev.head) };
    return ev;
  });
}

// Consecutive body events joined: splits change how a body is cut, not what it is.
function joined(events) {
  const out = [];
  for (const ev of plain(events)) {
    const last = out[out.length - 1];
    if (ev.type === 'body' && last && last.type === 'body') last.data += ev.data;
    else out.push({ ...ev });
  }
  return out;
}

function parse(kind, ...chunks) {
  const p = new HTTPParser(kind);
  return plain(chunks.flatMap((c) => p.execute(bytes(c))));
}

function parseError(kind, input, options) {
  const p = new HTTPParser(kind, options);
  const e = assert.throws(() => p.execute(bytes(input)));
  return { name: e.name, message: e.message, code: e.code, reason: e.reason, bytesParsed: e.bytesParsed,
    events: plain(e.events).map((ev) => ev.type) };
}

const headers = (over) => ({
  type: 'headers', method: 'GET', url: '/', versionMajor: 1, versionMinor: 1, headers: [],
  keepAlive: true, upgrade: false, contentLength: null, chunked: false, ...over,
});
const response = (over) => ({
  type: 'headers', statusCode: 200, statusMessage: 'OK', versionMajor: 1, versionMinor: 1, headers: [],
  keepAlive: true, upgrade: false, contentLength: null, chunked: false, ...over,
});
const BEGIN = { type: 'begin' };
const COMPLETE = { type: 'complete', trailers: [] };

const GET = 'GET /index.html?q=1 HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\nX-Empty:\r\n' +
  'X-Spaces:   a  b   \r\n\r\n';
const GET_EVENTS = [BEGIN, headers({
  url: '/index.html?q=1',
  headers: ['Host', 'example.com', 'Accept', '*/*', 'X-Empty', '', 'X-Spaces', 'a  b'],
}), COMPLETE];

test('a GET request', () => {
  assert.deepEqual(parse('request', GET), GET_EVENTS);
});

test('kind, the constants and the default header limit', () => {
  assert.equal(new HTTPParser(HTTPParser.REQUEST).kind, 'request');
  assert.equal(new HTTPParser(HTTPParser.RESPONSE).kind, 'response');
  assert.equal(maxHeaderSizeDefault, 16384);
});

test('the same events for every split of a request in two', () => {
  for (let i = 0; i <= GET.length; i++) {
    assert.deepEqual(parse('request', GET.slice(0, i), GET.slice(i)), GET_EVENTS, `split at ${i}`);
  }
});

test('the same events fed byte by byte', () => {
  assert.deepEqual(parse('request', ...GET), GET_EVENTS);
});

const POST = 'POST /submit HTTP/1.1\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nhello world';

test('a POST with a Content-Length body, in pieces as they arrive', () => {
  assert.deepEqual(parse('request', POST.slice(0, -5), POST.slice(-5)), [BEGIN, headers({
    method: 'POST', url: '/submit', headers: ['Content-Type', 'text/plain', 'Content-Length', '11'], contentLength: 11,
  }), { type: 'body', data: 'hello ' }, { type: 'body', data: 'world' }, COMPLETE]);
});

test('a body is a view of the bytes executed, not a copy', () => {
  const input = bytes(POST);
  const [, , body] = new HTTPParser('request').execute(input);
  assert.equal(body.data.buffer, input.buffer);
  assert.equal(body.data.byteOffset, POST.length - 11);
  assert.equal(body.data.length, 11);
});

test('ArrayBuffers, subarrays and DataViews are parsed from their own bytes', () => {
  const whole = bytes(`xx${GET}yy`);
  assert.deepEqual(plain(new HTTPParser('request').execute(whole.subarray(2, 2 + GET.length))), GET_EVENTS);
  assert.deepEqual(plain(new HTTPParser('request').execute(new DataView(whole.buffer, 2, GET.length))), GET_EVENTS);
  assert.deepEqual(plain(new HTTPParser('request').execute(bytes(GET).buffer)), GET_EVENTS);
  assert.deepEqual(new HTTPParser('request').execute(new Uint8Array(0)), []);
});

const CHUNKED = 'POST /upload HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTrailer: Expires\r\n\r\n' +
  '5\r\nhello\r\n6;name=value\r\n world\r\n0\r\nExpires: never\r\nX-Sum:  abc \r\n\r\n';
const CHUNKED_EVENTS = [BEGIN, headers({
  method: 'POST', url: '/upload', headers: ['Transfer-Encoding', 'chunked', 'Trailer', 'Expires'], chunked: true,
}), { type: 'body', data: 'hello' }, { type: 'body', data: ' world' },
{ type: 'complete', trailers: ['Expires', 'never', 'X-Sum', 'abc'] }];

test('a chunked body with a chunk extension and trailers', () => {
  assert.deepEqual(parse('request', CHUNKED), CHUNKED_EVENTS);
});

test('a chunked body fed byte by byte, and split in two everywhere', () => {
  const p = new HTTPParser('request');
  const events = [...CHUNKED].flatMap((c) => p.execute(bytes(c)));
  assert.equal(events.filter((e) => e.type === 'body').length, 11);
  const whole = joined(CHUNKED_EVENTS);
  assert.deepEqual(joined(events), whole);
  for (let i = 0; i <= CHUNKED.length; i++)
    assert.deepEqual(joined(parse('request', CHUNKED.slice(0, i), CHUNKED.slice(i))), whole, `split at ${i}`);
});

test('two pipelined requests in one buffer', () => {
  assert.deepEqual(parse('request', `${POST}GET /next HTTP/1.1\r\nHost: h\r\n\r\n`), [
    BEGIN, headers({ method: 'POST', url: '/submit', headers: ['Content-Type', 'text/plain', 'Content-Length', '11'], contentLength: 11 }),
    { type: 'body', data: 'hello world' }, COMPLETE,
    BEGIN, headers({ url: '/next', headers: ['Host', 'h'] }), COMPLETE,
  ]);
});

test('keep-alive from the version and the Connection header', () => {
  const keepAlive = (head) => new HTTPParser('request').execute(bytes(`${head}\r\n\r\n`))[1].keepAlive;
  assert.deepEqual([
    keepAlive('GET / HTTP/1.1'),
    keepAlive('GET / HTTP/1.1\r\nConnection: close'),
    keepAlive('GET / HTTP/1.1\r\nConnection: Keep-Alive'),
    keepAlive('GET / HTTP/1.0'),
    keepAlive('GET / HTTP/1.0\r\nConnection: keep-alive'),
    keepAlive('GET / HTTP/1.0\r\nConnection: close'),
  ], [true, false, true, false, true, false]);
});

test('header bytes are Latin-1, as Node reads them', () => {
  const [, h] = new HTTPParser('request').execute(bytes('GET /caf%C3%A9 HTTP/1.1\r\nX-Name: Andr\xe9 \xff\r\n\r\n'));
  assert.deepEqual([h.url, h.headers[1]], ['/caf%C3%A9', 'Andr\xe9 \xff']);
  assert.equal(parseError('request', 'GET /caf\xe9 HTTP/1.1\r\n\r\n').code, 'HPE_INVALID_URL');
});

test('a response with a Content-Length body', () => {
  assert.deepEqual(parse('response', 'HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\nok'), [
    BEGIN, response({ statusCode: 201, statusMessage: 'Created', headers: ['Content-Length', '2'], contentLength: 2 }),
    { type: 'body', data: 'ok' }, COMPLETE,
  ]);
});

test('a response whose body runs to the end of the connection: finish()', () => {
  const p = new HTTPParser('response');
  const events = [...p.execute(bytes('HTTP/1.0 200 OK\r\nServer: x\r\n\r\nhello')), ...p.execute(bytes(' world'))];
  assert.deepEqual(plain(events), [
    BEGIN, response({ versionMinor: 0, headers: ['Server', 'x'], keepAlive: false }),
    { type: 'body', data: 'hello' }, { type: 'body', data: ' world' },
  ]);
  assert.deepEqual(p.finish(), [COMPLETE]);
  assert.deepEqual(p.finish(), [], 'finish() again');
});

test('a status line without a reason, and 204 without a body', () => {
  assert.deepEqual(parse('response', 'HTTP/1.1 204\r\nDate: today\r\n\r\n'), [
    BEGIN, response({ statusCode: 204, statusMessage: '', headers: ['Date', 'today'] }), COMPLETE,
  ]);
});

test('finish() in the middle of a message throws HPE_INVALID_EOF_STATE', () => {
  const p = new HTTPParser('request');
  p.execute(bytes('POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc'));
  const e = assert.throws(() => p.finish());
  assert.deepEqual([e.code, e.reason, e.message], ['HPE_INVALID_EOF_STATE', 'Invalid EOF state', 'Parse Error: Invalid EOF state']);
  assert.deepEqual(new HTTPParser('request').finish(), []);
});

test('a malformed request line: HPE_INVALID_METHOD, the events before it kept', () => {
  assert.deepEqual(parseError('request', 'GET / HTTP/1.1\r\n\r\nG@T / HTTP/1.1\r\n\r\n'), {
    name: 'Error', message: 'Parse Error: Invalid method encountered', code: 'HPE_INVALID_METHOD',
    reason: 'Invalid method encountered', bytesParsed: 19, events: ['begin', 'headers', 'complete', 'begin'],
  });
});

test('more malformed heads: bare LF, version, header tokens, Content-Length (no smuggling)', () => {
  const errors = [
    'GET / HTTP/1.1\nHost: x\n\n',
    'GET / HTTP/7.1\r\n\r\n',
    'GET / HTTP/1.1\r\nBad Header: x\r\n\r\n',
    'GET / HTTP/1.1\r\nNo-Colon\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
    'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
  ].map((s) => { const e = parseError('request', s); return `${e.code}: ${e.reason}`; });
  assert.deepEqual(errors, [
    'HPE_INVALID_VERSION: Expected CRLF after version',
    'HPE_INVALID_VERSION: Invalid HTTP version',
    'HPE_INVALID_HEADER_TOKEN: Invalid header token',
    'HPE_INVALID_HEADER_TOKEN: Invalid header token',
    'HPE_INVALID_CONTENT_LENGTH: Invalid character in Content-Length',
    'HPE_UNEXPECTED_CONTENT_LENGTH: Duplicate Content-Length',
    "HPE_INVALID_TRANSFER_ENCODING: Transfer-Encoding can't be present with Content-Length",
  ]);
});

test('an invalid chunk size: HPE_INVALID_CHUNK_SIZE', () => {
  const input = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n';
  const e = parseError('request', input);
  assert.deepEqual([e.code, e.reason, e.bytesParsed, e.events], ['HPE_INVALID_CHUNK_SIZE',
    'Invalid character in chunk size', input.indexOf('zz'), ['begin', 'headers']]);
});

test('after an error the parser stays broken', () => {
  const p = new HTTPParser('request');
  assert.throws(() => p.execute(bytes('BAD\x01')));
  const e = assert.throws(() => p.execute(bytes(GET)));
  assert.deepEqual([e.code, e.bytesParsed, e.events], ['HPE_INVALID_METHOD', 0, []]);
  assert.equal(assert.throws(() => p.finish()).code, 'HPE_INVALID_METHOD');
});

// URL, names and values count (as in Node); here 1 + 4 + 1 + 5 + n bytes.
const sized = (n) => `GET / HTTP/1.1\r\nHost: h\r\nX-Pad: ${'a'.repeat(n)}\r\n\r\n`;

test('headers up to maxHeaderSize pass, one byte more is HPE_HEADER_OVERFLOW', () => {
  assert.equal(parse('request', sized(0))[1].headers[3], '');
  const ok = new HTTPParser('request', { maxHeaderSize: 64 }).execute(bytes(sized(53)));
  assert.equal(ok[1].headers[3].length, 53);
  assert.deepEqual(parseError('request', sized(54), { maxHeaderSize: 64 }), {
    name: 'Error', message: 'Parse Error: Header overflow', code: 'HPE_HEADER_OVERFLOW', reason: 'Header overflow',
    bytesParsed: 87, events: ['begin'],
  });
});

test('the default limit is 16 KiB, whatever the split', () => {
  assert.equal(parse('request', sized(16384 - 11))[2].type, 'complete');
  assert.equal(parseError('request', sized(16384 - 10)).code, 'HPE_HEADER_OVERFLOW');
  const p = new HTTPParser('request');
  const input = bytes(`GET /${'u'.repeat(20000)} HTTP/1.1\r\n\r\n`);
  let e;
  for (let i = 0; i < input.length && !e; i += 1000) {
    try { p.execute(input.subarray(i, i + 1000)); } catch (err) { e = err; }
  }
  // found at the end of the chunk (llhttp hands a span over when it ends or the chunk does)
  assert.deepEqual([e && e.code, e && e.bytesParsed], ['HPE_HEADER_OVERFLOW', 1000]);
});

test('the limit counts each message, and trailers on their own', () => {
  const p = new HTTPParser('request', { maxHeaderSize: 40 });
  const req = `GET / HTTP/1.1\r\nX-A: ${'a'.repeat(30)}\r\n\r\n`;   // 1 + 3 + 30 = 34 bytes
  assert.equal(p.execute(bytes(req + req + req)).length, 9);
  const trailers = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nT: ' + 'v'.repeat(40) + '\r\n\r\n';
  assert.equal(parseError('request', trailers, { maxHeaderSize: 40 }).code, 'HPE_HEADER_OVERFLOW');
  assert.equal(new HTTPParser('request', { maxHeaderSize: 41 }).execute(bytes(trailers))[2].trailers[1].length, 40);
});

test('an upgrade request: the upgrade event carries the bytes after it', () => {
  const p = new HTTPParser('request');
  const events = p.execute(bytes('GET /chat HTTP/1.1\r\nConnection: Upgrade\r\nUpgrade: websocket\r\n\r\n\x81\x05hello'));
  assert.deepEqual(plain(events), [BEGIN, headers({ url: '/chat', headers: ['Connection', 'Upgrade', 'Upgrade', 'websocket'], upgrade: true }),
    COMPLETE, { type: 'upgrade', head: '\x81\x05hello' }]);
  assert.deepEqual(plain(p.execute(bytes('more'))), [{ type: 'upgrade', head: 'more' }]);
  assert.deepEqual(p.finish(), []);
});

test('CONNECT is an upgrade; resumeAfterUpgrade() reads on as HTTP', () => {
  const p = new HTTPParser('request');
  const events = plain(p.execute(bytes('CONNECT example.com:443 HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n')));
  assert.deepEqual(events.map((e) => e.type), ['begin', 'headers', 'complete', 'upgrade']);
  assert.deepEqual([events[1].method, events[1].url, events[1].upgrade], ['CONNECT', 'example.com:443', true]);
  p.resumeAfterUpgrade();
  assert.deepEqual(plain(p.execute(bytes(events[3].head))), [BEGIN, headers(), COMPLETE]);
});

test('bad arguments throw with Node codes', () => {
  assert.equal(assert.throws(() => new HTTPParser('both')).code, 'ERR_INVALID_ARG_TYPE');
  assert.equal(assert.throws(() => new HTTPParser('request', { maxHeaderSize: 0 })).code, 'ERR_OUT_OF_RANGE');
  assert.equal(assert.throws(() => new HTTPParser('request').execute('GET / HTTP/1.1\r\n\r\n')).code, 'ERR_INVALID_ARG_TYPE');
});

test('many messages, many parsers: memory stays bounded', () => {
  const before = isolate.memoryUsage().heapUsed;
  for (let i = 0; i < 200; i++) {
    const p = new HTTPParser('request');
    for (let j = 0; j < 10; j++) p.execute(bytes(CHUNKED));
  }
  isolate.gc();
  const grown = isolate.memoryUsage().heapUsed - before;
  assert.ok(grown < 256 * 1024, `heap grew by ${grown} bytes`);
});

await run('http_parser');
