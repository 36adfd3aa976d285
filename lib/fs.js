// node:fs over the app bundle: the app's own files (the tar archive it was
// packed into, or the built-in default app), read-only. Reading, stat,
// readdir, access, realpath, file descriptors for reading and read streams
// work as in Node, synchronously, with callbacks and as promises; anything
// that would write fails with EROFS. Paths are absolute from the bundle's
// root; a relative path is taken from '/' (process.cwd()). Every file is
// mode 0o444, every folder 0o555, and all times are the Unix epoch (the
// archive's, as bin/rtjs packs it).
import native from 'rtjs:native';
import { Buffer } from 'node:buffer';
import { normalize, resolve as resolvePath } from 'node:path';
import { Readable } from 'node:stream';

export const constants = Object.freeze({
  F_OK: 0, R_OK: 4, W_OK: 2, X_OK: 1,
  O_RDONLY: 0, O_WRONLY: 1, O_RDWR: 2, O_CREAT: 64, O_EXCL: 128, O_TRUNC: 512, O_APPEND: 1024,
  S_IFMT: 0o170000, S_IFREG: 0o100000, S_IFDIR: 0o040000,
  COPYFILE_EXCL: 1,
});
export const { F_OK, R_OK, W_OK, X_OK } = constants;

const ERRNO = { ENOENT: -2, EBADF: -9, EACCES: -13, EISDIR: -21, ENOTDIR: -20, EINVAL: -22, EROFS: -30 };
const MESSAGES = {
  ENOENT: 'no such file or directory', EBADF: 'bad file descriptor', EACCES: 'permission denied',
  EISDIR: 'illegal operation on a directory', ENOTDIR: 'not a directory', EINVAL: 'invalid argument',
  EROFS: 'read-only file system',
};

function fsError(code, syscall, path) {
  const err = new Error(`${code}: ${MESSAGES[code]}, ${syscall}${path === undefined ? '' : ` '${path}'`}`);
  err.errno = ERRNO[code];
  err.code = code;
  err.syscall = syscall;
  if (path !== undefined) err.path = path;
  return err;
}

function argError(name, value) {
  const err = new TypeError(`The "${name}" argument must be of type string or an instance of Buffer or URL. Received ${value === null ? 'null' : typeof value}`);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

// A string path from a string, a Buffer or a file: URL, made absolute.
function toPath(path, name = 'path') {
  if (typeof path === 'string') {
    // as given
  } else if (path instanceof Uint8Array) {
    path = Buffer.from(path.buffer, path.byteOffset, path.byteLength).toString('utf8');
  } else if (path !== null && typeof path === 'object' && typeof path.href === 'string' && path.protocol === 'file:') {
    path = decodeURIComponent(path.pathname);
  } else {
    throw argError(name, path);
  }
  if (path.includes('\0')) {
    const err = new TypeError(`The argument '${name}' must be a string, Uint8Array, or URL without null bytes. Received ${JSON.stringify(path)}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  return path.startsWith('/') ? normalize(path) : resolvePath('/', path);
}

const encodingOf = (options) => (typeof options === 'string' ? options : options?.encoding ?? null);
const trimmed = (path) => (path.length > 1 && path.endsWith('/') ? path.slice(0, -1) : path);

// ---- Stats and Dirent

export class Stats {
  constructor(directory, size) {
    this.dev = 1;
    this.ino = 0;
    this.mode = directory ? 0o040555 : 0o100444;
    this.nlink = 1;
    this.uid = 0;
    this.gid = 0;
    this.rdev = 0;
    this.size = directory ? 0 : size;
    this.blksize = 4096;
    this.blocks = Math.ceil(this.size / 512);
    this.atimeMs = this.mtimeMs = this.ctimeMs = this.birthtimeMs = 0;
    this.atime = new Date(0);
    this.mtime = new Date(0);
    this.ctime = new Date(0);
    this.birthtime = new Date(0);
  }
  isFile() { return (this.mode & 0o170000) === 0o100000; }
  isDirectory() { return (this.mode & 0o170000) === 0o040000; }
  isSymbolicLink() { return false; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

export class Dirent {
  constructor(name, directory, parentPath) {
    this.name = name;
    this.parentPath = parentPath;
    this.path = parentPath;
    this._directory = directory;
  }
  isFile() { return !this._directory; }
  isDirectory() { return this._directory; }
  isSymbolicLink() { return false; }
  isFIFO() { return false; }
  isSocket() { return false; }
  isBlockDevice() { return false; }
  isCharacterDevice() { return false; }
}

// ---- synchronous

function statOf(path, syscall) {
  const s = native.fsStat(path);
  if (!s) throw fsError('ENOENT', syscall, path);
  return s;
}

export function statSync(path, options) {
  const p = toPath(path);
  const s = native.fsStat(p);
  if (!s) {
    if (options?.throwIfNoEntry === false) return undefined;
    throw fsError('ENOENT', 'stat', p);
  }
  return new Stats(s.directory, s.size);
}
export const lstatSync = statSync;

export function existsSync(path) {
  try {
    return native.fsStat(toPath(path)) !== undefined;
  } catch {
    return false;
  }
}

export function accessSync(path, mode = F_OK) {
  const p = toPath(path);
  const s = statOf(p, 'access');
  if (mode & W_OK) throw fsError('EROFS', 'access', p);
  if ((mode & X_OK) && !s.directory) throw fsError('EACCES', 'access', p);
}

export function readFileSync(path, options) {
  const encoding = encodingOf(options);
  let bytes;
  if (typeof path === 'number') {
    bytes = readAllFd(path);
  } else {
    const p = toPath(path);
    const s = statOf(p, 'open');
    if (s.directory) throw fsError('EISDIR', 'read', undefined);
    bytes = Buffer.from(native.fsRead(p));
  }
  return encoding ? bytes.toString(encoding) : bytes;
}

export function readdirSync(path, options) {
  const p = toPath(path);
  const s = statOf(p, 'scandir');
  if (!s.directory) throw fsError('ENOTDIR', 'scandir', p);
  const [names, dirs] = native.fsList(p);
  const seen = new Map();
  for (let i = 0; i < names.length; i++) seen.set(names[i], (seen.get(names[i]) ?? false) || dirs[i]);
  const sorted = [...seen.keys()].sort();
  if (options?.withFileTypes) return sorted.map((n) => new Dirent(n, seen.get(n), trimmed(p)));
  const encoding = encodingOf(options);
  return encoding === 'buffer' ? sorted.map((n) => Buffer.from(n)) : sorted;
}

export function realpathSync(path) {
  const p = toPath(path);
  statOf(p, 'lstat');
  return trimmed(p);
}
realpathSync.native = realpathSync;

// ---- file descriptors (reading only)

const fds = new Map();               // fd -> { path, bytes, position }
let nextFd = 3;

function openFlags(flags) {
  if (flags === undefined || flags === 'r' || flags === 'rs' || flags === 'sr' || flags === constants.O_RDONLY) return;
  return 'EROFS';
}

export function openSync(path, flags, mode) {
  const p = toPath(path);
  if (openFlags(flags)) throw fsError('EROFS', 'open', p);
  const s = statOf(p, 'open');
  const entry = { path: p, bytes: s.directory ? null : Buffer.from(native.fsRead(p)), directory: s.directory, position: 0 };
  const fd = nextFd++;
  fds.set(fd, entry);
  return fd;
}

function fdEntry(fd, syscall) {
  const entry = fds.get(fd);
  if (!entry) throw fsError('EBADF', syscall);
  return entry;
}

function readAllFd(fd) {
  const entry = fdEntry(fd, 'read');
  if (entry.directory) throw fsError('EISDIR', 'read');
  const rest = entry.bytes.subarray(entry.position);
  entry.position = entry.bytes.length;
  return Buffer.from(rest);
}

export function readSync(fd, buffer, offsetOrOptions, length, position) {
  const entry = fdEntry(fd, 'read');
  if (entry.directory) throw fsError('EISDIR', 'read');
  let offset = offsetOrOptions;
  if (offsetOrOptions !== null && typeof offsetOrOptions === 'object') ({ offset = 0, length, position } = offsetOrOptions);
  offset ??= 0;
  length ??= buffer.byteLength - offset;
  const from = typeof position === 'number' && position >= 0 ? position : entry.position;
  const n = Math.max(0, Math.min(length, entry.bytes.length - from));
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength).set(entry.bytes.subarray(from, from + n), offset);
  if (!(typeof position === 'number' && position >= 0)) entry.position += n;
  return n;
}

export function fstatSync(fd) {
  const entry = fdEntry(fd, 'fstat');
  return new Stats(entry.directory, entry.bytes?.length ?? 0);
}

export function closeSync(fd) {
  if (!fds.delete(fd)) throw fsError('EBADF', 'close');
}

// ---- writing: a read-only file system

function readOnly(syscall) {
  return function (path) {
    throw fsError('EROFS', syscall, typeof path === 'number' ? undefined : safePath(path));
  };
}
function safePath(path) {
  try { return toPath(path); } catch { return String(path); }
}

export const writeFileSync = readOnly('open');
export const appendFileSync = readOnly('open');
export const mkdirSync = readOnly('mkdir');
export const mkdtempSync = readOnly('mkdtemp');
export const rmSync = readOnly('rm');
export const rmdirSync = readOnly('rmdir');
export const unlinkSync = readOnly('unlink');
export const renameSync = readOnly('rename');
export const copyFileSync = readOnly('copyfile');
export const cpSync = readOnly('cp');
export const symlinkSync = readOnly('symlink');
export const linkSync = readOnly('link');
export const chmodSync = readOnly('chmod');
export const chownSync = readOnly('chown');
export const utimesSync = readOnly('utime');
export const truncateSync = readOnly('open');
export const writeSync = readOnly('write');

// ---- callbacks: the synchronous work, the callback on a later turn

function callbackOf(args) {
  const cb = args[args.length - 1];
  if (typeof cb !== 'function') {
    const err = new TypeError('The "cb" argument must be of type function');
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  return cb;
}

function later(fn) {
  return function (...args) {
    const cb = callbackOf(args);
    const rest = args.slice(0, -1);
    let result, error = null;
    try {
      result = fn(...rest);
    } catch (err) {
      error = err;
    }
    setImmediate(() => (error ? cb(error) : cb(null, result)));
  };
}

export const stat = later(statSync);
export const lstat = later(lstatSync);
export const readFile = later(readFileSync);
export const readdir = later(readdirSync);
export const realpath = later(realpathSync);
realpath.native = realpath;
export const open = later(openSync);
export const fstat = later(fstatSync);
export const close = later(closeSync);
export function access(path, mode, cb) {
  if (typeof mode === 'function') [cb, mode] = [mode, F_OK];
  return later(accessSync)(path, mode, cb);
}
export function exists(path, cb) {
  const found = existsSync(path);
  setImmediate(() => cb(found));
}
export function read(fd, buffer, offset, length, position, cb) {
  if (typeof offset === 'function') [cb, offset] = [offset, undefined];
  let n, error = null;
  try {
    n = readSync(fd, buffer, offset, length, position);
  } catch (err) {
    error = err;
  }
  setImmediate(() => (error ? cb(error) : cb(null, n, buffer)));
}

function readOnlyCallback(syscall) {
  const fail = readOnly(syscall);
  return function (...args) {
    const cb = callbackOf(args);
    let error;
    try { fail(args[0]); } catch (err) { error = err; }
    setImmediate(() => cb(error));
  };
}
export const writeFile = readOnlyCallback('open');
export const appendFile = readOnlyCallback('open');
export const mkdir = readOnlyCallback('mkdir');
export const mkdtemp = readOnlyCallback('mkdtemp');
export const rm = readOnlyCallback('rm');
export const rmdir = readOnlyCallback('rmdir');
export const unlink = readOnlyCallback('unlink');
export const rename = readOnlyCallback('rename');
export const copyFile = readOnlyCallback('copyfile');
export const cp = readOnlyCallback('cp');
export const symlink = readOnlyCallback('symlink');
export const chmod = readOnlyCallback('chmod');
export const truncate = readOnlyCallback('open');

export function watch() {
  const err = new Error('fs.watch is not supported: the app bundle does not change');
  err.code = 'ERR_FEATURE_UNAVAILABLE_ON_PLATFORM';
  throw err;
}
export const watchFile = watch;

// ---- streams

// A Readable (node:stream) over a bundle file: opened at once (an error,
// ENOENT say, comes as an 'error' event even before reading), read in
// highWaterMark chunks (64 KiB) from start to end (inclusive).
export class ReadStream extends Readable {
  #bytes = null;
  #position;
  #end;

  constructor(path, options = {}) {
    if (typeof options === 'string') options = { encoding: options };
    super({ highWaterMark: options.highWaterMark ?? 64 * 1024, encoding: options.encoding });
    this.path = safePath(path);
    this.bytesRead = 0;
    this.pending = true;
    this.#position = options.start ?? 0;
    this.#end = options.end ?? Infinity;
    queueMicrotask(() => this.#open());
  }

  #open() {
    if (this.#bytes || this.destroyed) return !!this.#bytes;
    try {
      const p = toPath(this.path);
      if (statOf(p, 'open').directory) throw fsError('EISDIR', 'read');
      this.#bytes = Buffer.from(native.fsRead(p));
    } catch (err) {
      this.destroy(err);
      return false;
    }
    this.pending = false;
    this.emit('open', 3);
    this.emit('ready');
    return true;
  }

  _read(size) {
    if (!this.#open()) return;
    const last = Math.min(this.#end + 1, this.#bytes.length);
    if (this.#position >= last) {
      this.push(null);
      return;
    }
    const chunk = Buffer.from(this.#bytes.subarray(this.#position, Math.min(last, this.#position + size)));
    this.#position += chunk.length;
    this.bytesRead += chunk.length;
    this.push(chunk);
  }

  close(cb) {
    if (cb) this.once('close', cb);
    return this.destroy();
  }
}

export function createReadStream(path, options) {
  return new ReadStream(path, options);
}

export function createWriteStream(path) {
  throw fsError('EROFS', 'open', safePath(path));
}

// ---- promises

class FileHandle {
  constructor(fd) { this.fd = fd; }
  async readFile(options) { return readFileSync(this.fd, options); }
  async read(buffer, offset, length, position) {
    buffer ??= Buffer.alloc(16384);
    return { bytesRead: readSync(this.fd, buffer, offset, length, position), buffer };
  }
  async stat() { return fstatSync(this.fd); }
  async close() { closeSync(this.fd); }
  async write() { throw fsError('EROFS', 'write'); }
  async writeFile() { throw fsError('EROFS', 'write'); }
}

const asPromise = (fn) => async (...args) => fn(...args);
const rejectReadOnly = (syscall) => async (path) => readOnly(syscall)(path);

export const promises = {
  constants,
  stat: asPromise(statSync),
  lstat: asPromise(lstatSync),
  readFile: asPromise(readFileSync),
  readdir: asPromise(readdirSync),
  realpath: asPromise(realpathSync),
  access: asPromise(accessSync),
  open: async (path, flags, mode) => new FileHandle(openSync(path, flags, mode)),
  writeFile: rejectReadOnly('open'),
  appendFile: rejectReadOnly('open'),
  mkdir: rejectReadOnly('mkdir'),
  mkdtemp: rejectReadOnly('mkdtemp'),
  rm: rejectReadOnly('rm'),
  rmdir: rejectReadOnly('rmdir'),
  unlink: rejectReadOnly('unlink'),
  rename: rejectReadOnly('rename'),
  copyFile: rejectReadOnly('copyfile'),
  cp: rejectReadOnly('cp'),
  symlink: rejectReadOnly('symlink'),
  chmod: rejectReadOnly('chmod'),
  truncate: rejectReadOnly('open'),
};

export default {
  constants, F_OK, R_OK, W_OK, X_OK, Stats, Dirent, statSync, lstatSync, existsSync, accessSync, readFileSync,
  readdirSync, realpathSync, openSync, readSync, fstatSync, closeSync, writeFileSync, appendFileSync, mkdirSync,
  mkdtempSync, rmSync, rmdirSync, unlinkSync, renameSync, copyFileSync, cpSync, symlinkSync, linkSync, chmodSync,
  chownSync, utimesSync, truncateSync, writeSync, stat, lstat, readFile, readdir, realpath, open, fstat, close,
  access, exists, read, writeFile, appendFile, mkdir, mkdtemp, rm, rmdir, unlink, rename, copyFile, cp, symlink,
  chmod, truncate, watch, watchFile, ReadStream, createReadStream, createWriteStream, promises,
};
