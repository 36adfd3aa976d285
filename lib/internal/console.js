// The console: Node's Console methods over the kernel console. log/info/
// debug write to stdout, warn/error/trace to stderr; both are the serial
// console on this machine.
import native from 'rtjs:native';

// node:util is loaded on the first call that formats: it is about 175 KiB
// of an isolate's heap (bench/isolates), and many isolates never log.
// Loading it can fail where the stack is nearly used up; a call there
// still prints, with plain String() formatting.
let util = null;
export function lazyUtil() {
  if (!util) util = native.importSync('node:util');
  return util;
}

function formatWithOptions(options, ...args) {
  try {
    return lazyUtil().formatWithOptions(options, ...args);
  } catch {
    return args.map((a) => { try { return String(a); } catch { return '[object]'; } }).join(' ');
  }
}

function inspect(value, options) {
  try {
    return lazyUtil().inspect(value, options);
  } catch {
    return String(value);
  }
}

let indent = '';
const counts = new Map();
const timers = new Map();

function write(fd, args) {
  let s = formatWithOptions({}, ...args);
  if (indent) s = indent + s.split('\n').join('\n' + indent);
  native.write(fd, s + '\n');
}

export const console = {
  log(...args) { write(1, args); },
  info(...args) { write(1, args); },
  debug(...args) { write(1, args); },
  warn(...args) { write(2, args); },
  error(...args) { write(2, args); },
  dir(obj, options) { write(1, [inspect(obj, { customInspect: false, ...options })]); },
  trace(...args) {
    const err = new Error(formatWithOptions({}, ...args));
    err.name = 'Trace';
    write(2, [err.stack ? `Trace: ${err.message}\n${err.stack.replace(/^.*\n/, '')}` : `Trace: ${err.message}`]);
  },
  assert(value, ...args) {
    if (!value) {
      args[0] = `Assertion failed${args.length === 0 ? '' : `: ${args[0]}`}`;
      write(2, args);
    }
  },
  count(label = 'default') {
    label = `${label}`;
    const n = (counts.get(label) || 0) + 1;
    counts.set(label, n);
    write(1, [`${label}: ${n}`]);
  },
  countReset(label = 'default') { counts.delete(`${label}`); },
  time(label = 'default') { timers.set(`${label}`, native.now()); },
  timeLog(label = 'default', ...data) { logTime(`${label}`, data, false); },
  timeEnd(label = 'default') { logTime(`${label}`, [], true); },
  group(...label) {
    if (label.length) write(1, label);
    indent += '  ';
  },
  groupEnd() { indent = indent.slice(0, -2); },
  table(data) { write(1, [data]); },
};
console.groupCollapsed = console.group;

function logTime(label, data, end) {
  const start = timers.get(label);
  if (start === undefined) {
    write(2, [`Warning: No such label '${label}' for console.time${end ? 'End' : 'Log'}()`]);
    return;
  }
  const ms = native.now() - start;
  if (end) timers.delete(label);
  const shown = ms >= 1000 ? `${(ms / 1000).toFixed(3)}s` : `${ms.toFixed(3)}ms`;
  write(1, [`${label}: ${shown}`, ...data]);
}
