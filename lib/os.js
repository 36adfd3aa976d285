// node:os: the machine as Node's os module describes it, for code (and
// npm packages) that asks: the CPU and its speed, memory, uptime, the
// network interfaces with the addresses the TCP/IP stack holds now.
// There are no users, load averages or process priorities under an
// isolate: userInfo() is a fixed 'root', loadavg() is zeros, and
// getPriority/setPriority say so.
import native from 'rtjs:native';

const { system } = native;

export const EOL = '\n';
export const devNull = '/dev/null';

export const constants = Object.freeze({
  // Linux's numbers, which code written for Node compares against.
  signals: Object.freeze({
    SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGILL: 4, SIGTRAP: 5, SIGABRT: 6, SIGBUS: 7, SIGFPE: 8, SIGKILL: 9,
    SIGUSR1: 10, SIGSEGV: 11, SIGUSR2: 12, SIGPIPE: 13, SIGALRM: 14, SIGTERM: 15, SIGCHLD: 17, SIGCONT: 18,
    SIGSTOP: 19, SIGTSTP: 20, SIGTTIN: 21, SIGTTOU: 22, SIGURG: 23, SIGXCPU: 24, SIGXFSZ: 25, SIGVTALRM: 26,
    SIGPROF: 27, SIGWINCH: 28, SIGIO: 29, SIGPWR: 30, SIGSYS: 31,
  }),
  errno: Object.freeze({
    EPERM: 1, ENOENT: 2, EIO: 5, EBADF: 9, EAGAIN: 11, ENOMEM: 12, EACCES: 13, EBUSY: 16, EEXIST: 17,
    ENODEV: 19, ENOTDIR: 20, EISDIR: 21, EINVAL: 22, ENOSPC: 28, EROFS: 30, EPIPE: 32, ERANGE: 34,
    ENOSYS: 38, EMSGSIZE: 90, EAFNOSUPPORT: 97, EADDRINUSE: 98, EADDRNOTAVAIL: 99, ENETDOWN: 100,
    ENETUNREACH: 101, ECONNABORTED: 103, ECONNRESET: 104, ENOBUFS: 105, EISCONN: 106, ENOTCONN: 107,
    ETIMEDOUT: 110, ECONNREFUSED: 111, EHOSTUNREACH: 113, EALREADY: 114, EINPROGRESS: 115,
  }),
  priority: Object.freeze({
    PRIORITY_LOW: 19, PRIORITY_BELOW_NORMAL: 10, PRIORITY_NORMAL: 0,
    PRIORITY_ABOVE_NORMAL: -7, PRIORITY_HIGH: -14, PRIORITY_HIGHEST: -20,
  }),
});

export const arch = () => 'x64';
export const machine = () => 'x86_64';
export const platform = () => 'rtjs';
export const type = () => 'rtjs';
export const release = () => system.version;
export const version = () => `rtjs ${system.version} (${system.machine})`;
export const endianness = () => 'LE';
export const hostname = () => 'rtjs';
export const homedir = () => '/';
export const tmpdir = () => '/tmp';
export const uptime = () => Math.floor(native.now() / 1000);
export const loadavg = () => [0, 0, 0];
export const totalmem = () => system.memoryBytes;
export const freemem = () => native.memoryUsage().kernelFree;
export const availableParallelism = () => system.cpus;

// Times are not kept per CPU: they read as zero.
export function cpus() {
  return Array.from({ length: system.cpus }, () => ({
    model: system.cpuModel,
    speed: system.cpuMHz,
    times: { user: 0, nice: 0, sys: 0, idle: 0, irq: 0 },
  }));
}

export function userInfo() {
  return { uid: 0, gid: 0, username: 'root', homedir: '/', shell: null };
}

function unsupported(name) {
  const err = new Error(`os.${name}() is not supported: an isolate has no process priority`);
  err.code = 'ERR_UNSUPPORTED';
  throw err;
}
export const getPriority = () => 0;
export const setPriority = () => unsupported('setPriority');

function netmask(family, prefix) {
  if (family === 4) {
    const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
    return [24, 16, 8, 0].map((s) => (bits >>> s) & 0xff).join('.');
  }
  const groups = [];
  for (let i = 0; i < 8; i++) {
    const n = Math.max(0, Math.min(16, prefix - 16 * i));
    groups.push(((0xffff << (16 - n)) & 0xffff).toString(16));
  }
  // Node prints the mask compressed, as 'ffff:ffff:ffff:ffff::'
  return groups.join(':').replace(/(^|:)0(:0)+(:|$)/, '::');
}

// { lo: [...], eth0: [...] }: the addresses each interface has now (an
// interface without one is left out, as in Node).
export function networkInterfaces() {
  const out = {};
  const nifs = native.netInterfaces().sort((a, b) => b.internal - a.internal);   // lo first, as Linux
  for (const nif of nifs) {
    const mac = nif.internal ? '00:00:00:00:00:00' : nif.mac;
    const list = nif.addresses.map(({ address, family, prefix }) => {
      const entry = {
        address,
        netmask: netmask(family, prefix),
        family: family === 4 ? 'IPv4' : 'IPv6',
        mac,
        internal: nif.internal,
        cidr: `${address}/${prefix}`,
      };
      if (family === 6) entry.scopeid = address.startsWith('fe80:') ? 1 : 0;
      return entry;
    });
    if (list.length) out[nif.name] = list;
  }
  return out;
}

export default {
  EOL, devNull, constants, arch, machine, platform, type, release, version, endianness, hostname, homedir,
  tmpdir, uptime, loadavg, totalmem, freemem, availableParallelism, cpus, userInfo, getPriority, setPriority,
  networkInterfaces,
};
