// CommonJS, as Node's lib/internal/modules/cjs/loader.js has it, over the
// app bundle: require and its resolution, module.exports, the module cache.
// kernel/js/modules.c decides which files are CommonJS (native.moduleFormat)
// and calls importEntries() when an ES module imports one; this module is
// loaded on that first use only.
import native from 'rtjs:native';

const cache = Object.create(null);          // require.cache: resolved path -> Module
const builtins = new Map();                 // 'node:events' -> what require returns
const importEntriesOf = new Map();          // path -> [[name, value], ...] for importers
let mainModule;

function dirname(path) {
  const i = path.lastIndexOf('/');
  return i <= 0 ? '/' : path.slice(0, i);
}

// DIR joined with REL, "." and ".." resolved: always absolute.
function join(dir, rel) {
  const out = [];
  for (const seg of `${rel.startsWith('/') ? '' : dir}/${rel}`.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return `/${out.join('/')}`;
}

function stripBOM(text) {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function readPackage(dir) {
  const path = `${dir === '/' ? '' : dir}/package.json`;
  const text = native.readFile(path);
  if (text === undefined) return undefined;
  try {
    return JSON.parse(stripBOM(text));
  } catch (err) {
    err.message = `Error parsing ${path}: ${err.message}`;
    err.code = 'ERR_INVALID_PACKAGE_CONFIG';
    err.path = path;
    throw err;
  }
}

function notFound(request, parent) {
  const stack = [];
  for (let m = parent; m; m = m.parent) stack.push(m.filename);
  const err = new Error(`Cannot find module '${request}'${stack.length ? `\nRequire stack:\n- ${stack.join('\n- ')}` : ''}`);
  err.code = 'MODULE_NOT_FOUND';
  err.requireStack = stack;
  return err;
}

const isFile = (path) => native.isFile(path);

// Node's LOAD_AS_FILE: X, X.js, X.json.
function tryFile(path) {
  for (const ext of ['', '.js', '.json'])
    if (isFile(path + ext)) return path + ext;
  return undefined;
}

// Node's LOAD_INDEX.
function tryIndex(dir) {
  for (const name of ['index.js', 'index.json'])
    if (isFile(join(dir, name))) return join(dir, name);
  return undefined;
}

// Node's LOAD_AS_DIRECTORY: package.json "main", else index.
function tryDirectory(dir) {
  const pkg = readPackage(dir);
  if (pkg && typeof pkg.main === 'string' && pkg.main) {
    const main = join(dir, pkg.main);
    const found = tryFile(main) || tryIndex(main);
    if (found) return found;
  }
  return tryIndex(dir);
}

// package.json "exports" target for require: strings, arrays (the first
// that resolves), and conditions where "require", "node" and "default"
// match in the object's order. Patterns with "*" are not supported.
function exportsTarget(target) {
  if (typeof target === 'string') return target;
  if (Array.isArray(target)) {
    for (const t of target) {
      const found = exportsTarget(t);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (target && typeof target === 'object') {
    for (const key of Object.keys(target))
      if (key === 'require' || key === 'node' || key === 'default') {
        const found = exportsTarget(target[key]);
        if (found !== undefined) return found;
      }
  }
  return undefined;
}

function resolveExports(dir, exports, subpath, request, parent) {
  const isSubpathMap = exports && typeof exports === 'object' && !Array.isArray(exports) &&
    Object.keys(exports).some((k) => k.startsWith('.'));
  let target;
  if (isSubpathMap) target = Object.hasOwn(exports, subpath) ? exportsTarget(exports[subpath]) : undefined;
  else if (subpath === '.') target = exportsTarget(exports);
  if (typeof target !== 'string' || !target.startsWith('./')) {
    const err = new Error(subpath === '.'
      ? `No "exports" main defined in ${dir}/package.json`
      : `Package subpath '${subpath}' is not defined by "exports" in ${dir}/package.json`);
    err.code = 'ERR_PACKAGE_PATH_NOT_EXPORTED';
    throw err;
  }
  const path = join(dir, target);
  if (!isFile(path)) throw notFound(request, parent);
  return path;
}

// A bare specifier: "pkg", "pkg/sub", "@scope/pkg/sub" in node_modules
// folders from the requirer's up to the root.
function resolvePackage(request, parent) {
  const parts = request.split('/');
  const nameLength = request.startsWith('@') ? 2 : 1;
  const name = parts.slice(0, nameLength).join('/');
  const rest = parts.slice(nameLength).join('/');
  for (const base of nodeModulePaths(parent ? parent.path : '/')) {
    const dir = `${base}/${name}`;
    const pkg = isFile(`${dir}/package.json`) ? readPackage(dir) : undefined;
    if (pkg && pkg.exports !== undefined && pkg.exports !== null)
      return resolveExports(dir, pkg.exports, rest ? `./${rest}` : '.', request, parent);
    const path = rest ? `${dir}/${rest}` : dir;
    const found = tryFile(path) || tryDirectory(path);
    if (found) return found;
  }
  return undefined;
}

function nodeModulePaths(from) {
  const paths = [];
  for (let dir = from; ; dir = dirname(dir)) {
    if (!dir.endsWith('/node_modules')) paths.push(`${dir === '/' ? '' : dir}/node_modules`);
    if (dir === '/') return paths;
  }
}

// The library module behind a require name, or undefined: 'events' and
// 'node:events' are node:events; 'rtjs:NAME' a public rtjs module.
function builtinName(request) {
  if (request.startsWith('node:')) return request;
  if (request.startsWith('rtjs:')) return request.startsWith('rtjs:internal/') || request === 'rtjs:native' ? undefined : request;
  if (!request.startsWith('.') && !request.startsWith('/') && native.hasLibraryModule(`node:${request}`)) return `node:${request}`;
  return undefined;
}

function resolveFilename(request, parent) {
  if (typeof request !== 'string' || request === '') {
    const err = new TypeError(`The "id" argument must be a non-empty string. Received ${typeof request === 'string' ? "''" : typeof request}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  const builtin = builtinName(request);
  if (builtin) {
    if (!native.hasLibraryModule(builtin)) {
      const err = new Error(`No such built-in module: ${request}`);
      err.code = 'ERR_UNKNOWN_BUILTIN_MODULE';
      throw err;
    }
    return builtin;
  }
  if (request.startsWith('rtjs:')) throw notFound(request, parent);
  let found;
  if (request === '.' || request === '..' || request.startsWith('./') || request.startsWith('../') || request.startsWith('/')) {
    const path = join(parent ? parent.path : '/', request);
    found = tryFile(path) || tryDirectory(path);
  } else {
    found = resolvePackage(request, parent);
  }
  if (!found) throw notFound(request, parent);
  return found;
}

function requireBuiltin(name) {
  if (!builtins.has(name)) {
    const ns = native.importSync(name);
    // A module's default export is what Node's require gives (EventEmitter,
    // util's object); a module without one gives its namespace.
    builtins.set(name, 'default' in ns ? ns.default : ns);
  }
  return builtins.get(name);
}

export class Module {
  constructor(id = '', parent) {
    this.id = id;
    this.filename = id;
    this.path = dirname(id);
    this.exports = {};
    this.parent = parent;
    this.loaded = false;
    this.children = [];
    this.paths = nodeModulePaths(this.path);
    if (parent) parent.children.push(this);
  }

  require(id) {
    return requireFrom(this, id);
  }
}

function requireFrom(parent, request) {
  const filename = resolveFilename(request, parent);
  if (!filename.startsWith('/')) return requireBuiltin(filename);
  return loadFile(filename, parent, false);
}

function makeRequire(module) {
  function require(id) {
    return requireFrom(module, id);
  }
  function resolve(request) {
    const filename = resolveFilename(request, module);
    return filename.startsWith('/') ? filename : request;   // a builtin as asked: 'util', 'node:util'
  }
  resolve.paths = (request) => (builtinName(request) ? null : nodeModulePaths(module.path));
  require.resolve = resolve;
  require.main = mainModule;
  require.cache = cache;
  return require;
}

function loadFile(filename, parent, isMain) {
  const cached = cache[filename];
  if (cached) {
    if (parent && !parent.children.includes(cached)) parent.children.push(cached);
    return cached.exports;        // during a cycle: the exports so far, as Node
  }
  const format = native.moduleFormat(filename);
  if (format === 'module') {
    const err = new Error(`require() of ES Module ${filename}${parent ? ` from ${parent.filename}` : ''} not supported.\n` +
      'Instead change the require to a dynamic import(), which is available in all CommonJS modules.');
    err.code = 'ERR_REQUIRE_ESM';
    throw err;
  }
  const module = new Module(filename, parent);
  if (isMain) mainModule = module;
  cache[filename] = module;
  let ok = false;
  try {
    const text = native.readFile(filename);
    if (text === undefined) throw notFound(filename, parent);
    if (format === 'json') {
      try {
        module.exports = JSON.parse(stripBOM(text));
      } catch (err) {
        err.message = `${filename}: ${err.message}`;
        throw err;
      }
    } else {
      const fn = native.compileCommonJS(stripBOM(text), filename);
      fn.call(module.exports, module.exports, makeRequire(module), module, filename, module.path);
    }
    ok = true;
  } finally {
    if (!ok) {
      delete cache[filename];
      if (parent) parent.children.splice(parent.children.indexOf(module), 1);
    }
  }
  module.loaded = true;
  return module.exports;
}

// For kernel/js/modules.c: CommonJS file PATH as an ES module sees it,
// [[name, value], ...]: "default" is module.exports, and each own
// enumerable key of it is a named export. Evaluated on the first call
// (PATH is the app's entry when isMain); the same list on the next calls.
export function importEntries(path, isMain) {
  let entries = importEntriesOf.get(path);
  if (entries) return entries;
  const exports = loadFile(path, undefined, isMain);
  entries = [['default', exports]];
  if (exports !== null && (typeof exports === 'object' || typeof exports === 'function'))
    for (const key of Object.keys(exports))
      if (key !== 'default') entries.push([key, exports[key]]);
  importEntriesOf.set(path, entries);
  return entries;
}

// node:module's createRequire: a require that resolves from FILENAME (a
// bundle path or a file: URL, such as import.meta.url).
export function createRequire(filename) {
  const path = String(filename).startsWith('file://') ? String(filename).slice(7) : String(filename);
  if (!path.startsWith('/')) {
    const err = new TypeError(`The argument 'filename' must be a file URL object, file URL string, or absolute path string. Received ${JSON.stringify(filename)}`);
    err.code = 'ERR_INVALID_ARG_VALUE';
    throw err;
  }
  const module = new Module(path.endsWith('/') ? `${path}index.js` : path);
  module.loaded = true;
  return makeRequire(module);
}
