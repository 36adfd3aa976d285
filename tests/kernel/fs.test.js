// node:fs over the app bundle: this folder, as bin/rtjs packed it (its .js
// and .json files, drivers/ and isolates/ among them). Read-only: writes
// fail with EROFS.
import fs from 'node:fs';
import { readFile as readFileP, readdir as readdirP, stat as statP, open as openP } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { Buffer } from 'node:buffer';
import { Readable } from 'node:stream';
import { test, run, assert } from './harness.js';

const code = (fn) => { try { fn(); } catch (e) { return [e.code, e.syscall, e.path, e.message]; } return 'no error'; };

test('readFileSync: bytes, text, a URL or a relative path; ENOENT and EISDIR as Node says them', () => {
  const text = fs.readFileSync('/harness.js', 'utf8');
  assert.ok(text.startsWith('// A tiny test harness'), text.slice(0, 40));
  const bytes = fs.readFileSync('harness.js');
  assert.ok(Buffer.isBuffer(bytes));
  assert.equal(bytes.toString('utf8'), text);
  assert.equal(fs.readFileSync(new URL('file:///drivers/virtio-rng.js'), { encoding: 'latin1' }).length,
    fs.statSync('/drivers/virtio-rng.js').size);
  assert.equal(fs.readFileSync('./isolates/../harness.js', 'utf8'), text);
  assert.deepEqual(code(() => fs.readFileSync('/missing.js')),
    ['ENOENT', 'open', '/missing.js', "ENOENT: no such file or directory, open '/missing.js'"]);
  assert.equal(code(() => fs.readFileSync('/drivers'))[0], 'EISDIR');
  assert.equal(code(() => fs.readFileSync(42))[0], 'EBADF');
  assert.equal(code(() => fs.readFileSync({}))[0], 'ERR_INVALID_ARG_TYPE');
});

test('statSync, existsSync, accessSync, realpathSync', () => {
  const file = fs.statSync('/harness.js');
  assert.ok(file.isFile() && !file.isDirectory());
  assert.equal(file.size, fs.readFileSync('/harness.js').length);
  assert.equal(file.mode, 0o100444);
  assert.equal(file.mtime.getTime(), 0);
  const dir = fs.statSync('/drivers/');
  assert.ok(dir.isDirectory() && !dir.isFile());
  assert.ok(fs.statSync('/').isDirectory());
  assert.equal(fs.statSync('/nope', { throwIfNoEntry: false }), undefined);
  assert.equal(fs.existsSync('/isolates/exporter.js'), true);
  assert.equal(fs.existsSync('/isolates/nope.js'), false);
  assert.equal(fs.existsSync(null), false);
  fs.accessSync('/harness.js', fs.constants.R_OK);
  assert.equal(code(() => fs.accessSync('/harness.js', fs.constants.W_OK))[0], 'EROFS');
  assert.equal(fs.realpathSync('/drivers/../harness.js'), '/harness.js');
});

test('readdirSync: sorted names once each, file types, ENOTDIR', () => {
  const root = fs.readdirSync('/');
  assert.deepEqual(root, [...root].sort());
  for (const name of ['drivers', 'fs.test.js', 'harness.js', 'isolates']) assert.ok(root.includes(name), name);
  assert.equal(new Set(root).size, root.length);
  const types = Object.fromEntries(fs.readdirSync('/', { withFileTypes: true }).map((d) => [d.name, d.isDirectory()]));
  assert.equal(types.drivers, true);
  assert.equal(types['harness.js'], false);
  assert.deepEqual(fs.readdirSync('/isolates'), ['deep-native.js', 'exporter.js']);
  assert.equal(code(() => fs.readdirSync('/harness.js'))[0], 'ENOTDIR');
  assert.equal(code(() => fs.readdirSync('/none'))[0], 'ENOENT');
});

test('writing anything is EROFS', () => {
  for (const fn of [() => fs.writeFileSync('/x', 'y'), () => fs.mkdirSync('/d'), () => fs.unlinkSync('/harness.js'),
    () => fs.openSync('/harness.js', 'w'), () => fs.createWriteStream('/x'), () => fs.renameSync('/a', '/b')])
    assert.equal(code(fn)[0], 'EROFS');
});

test('file descriptors: open, read at positions, fstat, close', () => {
  const fd = fs.openSync('/harness.js');
  const buf = Buffer.alloc(5);
  assert.equal(fs.readSync(fd, buf, 0, 5, 0), 5);
  assert.equal(buf.toString(), '// A ');
  assert.equal(fs.readSync(fd, buf, 0, 5), 5);
  assert.equal(buf.toString(), '// A ');
  assert.equal(fs.readSync(fd, buf, 0, 5), 5);
  assert.equal(buf.toString(), 'tiny ');
  assert.equal(fs.fstatSync(fd).size, fs.statSync('/harness.js').size);
  fs.closeSync(fd);
  assert.equal(code(() => fs.closeSync(fd))[0], 'EBADF');
});

test('callbacks and promises', async () => {
  const viaCallback = await new Promise((resolve, reject) =>
    fs.readFile('/harness.js', 'utf8', (err, data) => (err ? reject(err) : resolve(data))));
  assert.equal(viaCallback, fs.readFileSync('/harness.js', 'utf8'));
  const err = await new Promise((resolve) => fs.stat('/nope', (e) => resolve(e)));
  assert.equal(err?.code, 'ENOENT');
  assert.equal(await readFileP('/harness.js', 'utf8'), viaCallback);
  assert.deepEqual(await readdirP('/isolates'), ['deep-native.js', 'exporter.js']);
  assert.ok((await statP('/drivers')).isDirectory());
  const fh = await openP('/harness.js');
  assert.equal((await fh.readFile('utf8')).length, viaCallback.length);
  await fh.close();
  let rejected = null;
  try { await fs.promises.writeFile('/x', 'y'); } catch (e) { rejected = e; }
  assert.equal(rejected?.code, 'EROFS');
  assert.equal(createRequire(import.meta.url)('fs').readFileSync, fs.readFileSync);
});

test('createReadStream: chunks, start and end, pipe, for await, ENOENT as an error event', async () => {
  const whole = fs.readFileSync('/harness.js');
  assert.ok(fs.createReadStream('/harness.js') instanceof Readable, 'a stream.Readable');
  const chunks = [];
  await new Promise((resolve, reject) => {
    fs.createReadStream('/harness.js', { highWaterMark: 100 }).on('data', (c) => chunks.push(c)).on('end', resolve)
      .on('error', reject);
  });
  assert.ok(chunks.length > 1 && chunks.every((c) => c.length <= 100));
  assert.ok(Buffer.concat(chunks).equals(whole));
  let part = '';
  for await (const c of fs.createReadStream('/harness.js', { start: 3, end: 7, encoding: 'utf8' })) part += c;
  assert.equal(part, whole.subarray(3, 8).toString());
  const sink = { got: [], write(c) { this.got.push(c); return true; }, end() { this.ended = true; }, once() {} };
  await new Promise((resolve) => fs.createReadStream('/harness.js').on('close', resolve).pipe(sink));
  assert.ok(sink.ended && Buffer.concat(sink.got).equals(whole));
  const failure = await new Promise((resolve) => fs.createReadStream('/nope').on('error', resolve));
  assert.equal(failure.code, 'ENOENT');
});

await run('fs');
