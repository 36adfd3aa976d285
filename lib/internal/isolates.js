// The isolate API of the Runtime.JS design: spawn children, export
// functions under system-wide names, import them from any isolate. Every
// cross-isolate call returns a promise (kernel/js/iic.c carries it).
import native from 'rtjs:native';

const exitWaiters = new Map();     // child id -> resolve(exit code)
const importWaiters = new Map();   // name -> [{ resolve, timer }]

function isThenable(v) {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof v.then === 'function';
}

// The kernel calls this for every message that needs JavaScript.
function dispatch(type, a, b, c) {
  switch (type) {
    case 'call': {       // a: the function, b: its arguments, c: done(ok, value)
      let result;
      try {
        result = a(...b);
      } catch (e) {
        c(false, e);
        return;
      }
      if (isThenable(result)) result.then((v) => c(true, v), (e) => c(false, e));
      else c(true, result);
      return;
    }
    case 'exit': {       // a: child id, b: exit code
      const resolve = exitWaiters.get(a);
      if (resolve) {
        exitWaiters.delete(a);
        resolve(b);
      }
      return;
    }
    case 'export': {     // a: a name someone here waits for
      const waiters = importWaiters.get(a);
      if (!waiters) return;
      importWaiters.delete(a);
      const proxy = native.importNow(a);
      for (const w of waiters) {
        if (proxy === undefined) {
          retry(a, w);       // its owner already left: keep waiting, timeout and all
          continue;
        }
        if (w.timer) clearTimeout(w.timer);
        w.resolve(proxy);
      }
      return;
    }
  }
}

native.setMessageHandler(dispatch);

function retry(name, w) {
  native.waitExport(name);
  const list = importWaiters.get(name) || [];
  list.push(w);
  importWaiters.set(name, list);
}

function invalidArg(message) {
  const err = new TypeError(message);
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

export function spawn(specifier, options = {}) {
  try {
    if (typeof specifier !== 'string' && (specifier === null || typeof specifier !== 'object' || typeof specifier.source !== 'string'))
      throw invalidArg('isolate.spawn: the specifier must be a module path or { source: string }');
    if (options === null || typeof options !== 'object') throw invalidArg('isolate.spawn: options must be an object');
    const { data, env, name, memoryLimit, privileged } = options;
    const id = native.spawn(specifier, data, env, name === undefined ? undefined : `${name}`, memoryLimit, !!privileged);
    try {
      const exited = new Promise((resolve) => exitWaiters.set(id, resolve));
      const handle = Object.freeze({
        id,
        name: name === undefined ? '' : `${name}`,
        exited,
        terminate() {
          native.terminate(id);
          return exited;
        },
      });
      return Promise.resolve(handle);
    } catch (e) {
      // No handle (the stack or the heap ran out): a child nobody can
      // reach or wait for must not run on.
      exitWaiters.delete(id);
      native.terminate(id);
      throw e;
    }
  } catch (e) {
    return Promise.reject(e);
  }
}

export function exportValue(name, value) {
  if (typeof name !== 'string') throw invalidArg('isolate.export: the name must be a string');
  native.export(name, value);
}

export function importValue(name, options = {}) {
  if (typeof name !== 'string') return Promise.reject(invalidArg('isolate.import: the name must be a string'));
  const proxy = native.importNow(name);
  if (proxy !== undefined) return Promise.resolve(proxy);
  const { timeout } = options;
  return new Promise((resolve, reject) => {
    const w = { resolve, timer: null };
    if (timeout !== undefined) {
      w.timer = setTimeout(() => {
        const list = importWaiters.get(name) || [];
        const i = list.indexOf(w);
        if (i >= 0) list.splice(i, 1);
        if (list.length === 0) importWaiters.delete(name);
        native.cancelWait(name);
        const err = new Error(`isolate.import('${name}'): nothing exported that name within ${timeout} ms`);
        err.name = 'TimeoutError';
        err.code = 'ETIMEDOUT';
        reject(err);
      }, timeout);
    }
    retry(name, w);
  });
}
