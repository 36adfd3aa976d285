// node:process, and the global `process`: the parts of Node's process
// object that make sense for an isolate, so that code written for Node
// (and npm packages reading process.env) runs. There is no operating-system
// process under it: `pid` is the isolate's id, `cwd()` is the app's root,
// and there are no signals. Of process events only 'uncaughtException' and
// 'unhandledRejection' are emitted.
import EventEmitter from 'node:events';
import native from 'rtjs:native';

const started = native.now();

function write(fd) {
  return {
    write(chunk, encoding, callback) {
      if (typeof encoding === 'function') callback = encoding;
      native.write(fd, typeof chunk === 'string' ? chunk : new TextDecoder().decode(chunk));
      if (typeof callback === 'function') queueMicrotask(callback);
      return true;
    },
    isTTY: false,
    fd,
  };
}

function hrtime(previous) {
  const ns = BigInt(Math.round(native.now() * 1e6));
  let s = Number(ns / 1000000000n), n = Number(ns % 1000000000n);
  if (previous) {
    if (!Array.isArray(previous) || previous.length !== 2) throw new TypeError('The "time" argument must be an array of two numbers');
    s -= previous[0];
    n -= previous[1];
    if (n < 0) {
      s -= 1;
      n += 1e9;
    }
  }
  return [s, n];
}
hrtime.bigint = () => BigInt(Math.round(native.now() * 1e6));

class Process extends EventEmitter {}
const process = new Process();

Object.assign(process, {
  title: 'rtjs',
  // A copy the app may change, as Node's: isolate.env stays as it was given.
  env: { ...native.env },
  // As Node's: the runtime, then the entry module (the app's, or a
  // spawned isolate's; '[source]' for one made from source text).
  argv: ['/rtjs', native.entry ? `/${native.entry}` : '[source]'],
  execArgv: [],
  execPath: '/rtjs',
  exitCode: undefined,
  pid: native.isolateId,
  ppid: 0,
  platform: 'rtjs',
  arch: 'x64',
  version: `v${native.system.version}`,
  versions: Object.freeze({ rtjs: native.system.version }),
  release: Object.freeze({ name: 'rtjs' }),
  stdout: write(1),
  stderr: write(2),
  cwd: () => '/',
  chdir() {
    const err = new Error('process.chdir() is not supported: an isolate has no working directory');
    err.code = 'ERR_UNSUPPORTED';
    throw err;
  },
  uptime: () => (native.now() - started) / 1000,
  hrtime,
  nextTick(callback, ...args) {
    if (typeof callback !== 'function') throw new TypeError('The "callback" argument must be of type function');
    queueMicrotask(() => callback(...args));
  },
  exit(code) {
    native.exit(code ?? process.exitCode ?? 0);
  },
  memoryUsage() {
    const m = native.memoryUsage();
    return { rss: m.heapUsed, heapTotal: m.heapLimit, heapUsed: m.heapUsed, external: 0, arrayBuffers: 0 };
  },
  emitWarning(warning) {
    native.write(2, `(rtjs) ${warning instanceof Error ? `${warning.name}: ${warning.message}` : `Warning: ${warning}`}\n`);
  },
});
process.memoryUsage.rss = () => native.memoryUsage().heapUsed;

// An error nothing caught, or a rejection nothing handled, goes to the
// listeners of 'uncaughtException' / 'unhandledRejection' when there are
// any (the isolate then runs on, as in Node); else it ends the isolate.
native.setErrorHook((kind, value, promise) => {
  if (process.listenerCount(kind) === 0) return false;
  if (kind === 'uncaughtException') process.emit(kind, value, 'uncaughtException');
  else process.emit(kind, value, promise);
  return true;
});

export default process;
export const { env, argv, platform, arch, version, versions, pid, stdout, stderr, cwd, uptime, nextTick, exit, memoryUsage, emitWarning } = process;
export { hrtime };
