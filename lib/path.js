// node:path, POSIX flavour: an app's files live in a tar bundle with '/'
// paths, and process.cwd() is '/'. `path.posix` is this module; there is
// no `path.win32`.

function assertPath(value, name = 'path') {
  if (typeof value !== 'string') {
    const err = new TypeError(`The "${name}" argument must be of type string. Received ${value === null ? 'null' : typeof value}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
}

// The segments of a path with '.' dropped and '..' applied; a '..' that
// would climb above the root is dropped (absolute) or kept (relative).
function squash(path, absolute) {
  const out = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (out.length && out[out.length - 1] !== '..') out.pop();
      else if (!absolute) out.push('..');
    } else {
      out.push(part);
    }
  }
  return out.join('/');
}

export const sep = '/';
export const delimiter = ':';

export function normalize(path) {
  assertPath(path);
  if (path === '') return '.';
  const absolute = path[0] === '/';
  const trailing = path[path.length - 1] === '/';
  let out = squash(path, absolute);
  if (out === '' && !absolute) out = '.';
  if (out !== '' && trailing) out += '/';
  return absolute ? `/${out}` : out;
}

export function isAbsolute(path) {
  assertPath(path);
  return path.length > 0 && path[0] === '/';
}

export function join(...parts) {
  const kept = [];
  for (const p of parts) {
    assertPath(p);
    if (p !== '') kept.push(p);
  }
  return kept.length ? normalize(kept.join('/')) : '.';
}

// From the right until a path is absolute; the working directory is '/'.
export function resolve(...parts) {
  let path = '';
  for (let i = parts.length - 1; i >= 0 && path[0] !== '/'; i--) {
    assertPath(parts[i], `paths[${i}]`);
    if (parts[i] !== '') path = path === '' ? parts[i] : `${parts[i]}/${path}`;
  }
  return `/${squash(path, true)}`;
}

export function relative(from, to) {
  assertPath(from, 'from');
  assertPath(to, 'to');
  const a = resolve(from).split('/').filter(Boolean);
  const b = resolve(to).split('/').filter(Boolean);
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return [...Array(a.length - i).fill('..'), ...b.slice(i)].join('/');
}

// The end of the path without trailing slashes, as an index range.
function lastSegment(path) {
  let end = path.length;
  while (end > 1 && path[end - 1] === '/') end--;
  const start = path.lastIndexOf('/', end - 1) + 1;
  return [start, end];
}

// Up to the slash before the last segment, as Node: 'a//b' -> 'a/'.
export function dirname(path) {
  assertPath(path);
  if (path === '') return '.';
  const [start] = lastSegment(path);
  if (start === 0) return path[0] === '/' ? '/' : '.';
  return start === 1 ? '/' : path.slice(0, start - 1);
}

export function basename(path, suffix) {
  assertPath(path);
  if (suffix !== undefined) assertPath(suffix, 'suffix');
  const [start, end] = lastSegment(path);
  const base = path[0] === '/' && end === 1 ? '' : path.slice(start, end);
  if (suffix === undefined || !base.endsWith(suffix)) return base;
  // All of it is the suffix: Node gives '' only when the path is that name alone.
  if (suffix === base) return path === base ? '' : base;
  return base.slice(0, base.length - suffix.length);
}

// From the last '.' of the last segment, unless that '.' begins it ('.profile', '..').
export function extname(path) {
  assertPath(path);
  const base = basename(path);
  const dot = base.lastIndexOf('.');
  return dot <= 0 || base === '..' ? '' : base.slice(dot);
}

export function parse(path) {
  assertPath(path);
  const root = path[0] === '/' ? '/' : '';
  const base = basename(path);
  const ext = extname(path);
  const [start] = lastSegment(path);
  let dir = root;
  if (start > 0) dir = start === 1 ? '/' : path.slice(0, start - 1);
  return { root, dir, base, ext, name: ext ? base.slice(0, base.length - ext.length) : base };
}

export function format(parts) {
  if (parts === null || typeof parts !== 'object') {
    const err = new TypeError(`The "pathObject" argument must be of type object. Received ${parts === null ? 'null' : typeof parts}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const dir = parts.dir || parts.root || '';
  let base = parts.base || '';
  if (!base) {
    const ext = parts.ext || '';
    base = `${parts.name || ''}${ext && ext[0] !== '.' ? '.' : ''}${ext}`;
  }
  if (!dir) return base;
  return dir === parts.root ? `${dir}${base}` : `${dir}/${base}`;
}

export function toNamespacedPath(path) {
  return path;
}

const path = {
  sep, delimiter, normalize, isAbsolute, join, resolve, relative, dirname, basename, extname, parse, format,
  toNamespacedPath,
};
path.posix = path;
export const posix = path;
export default path;
