// Timers: setTimeout/setInterval on one binary heap ordered by due time.
// The kernel holds a single wake-up for this isolate (native.armTimer); we
// arm it for the earliest timer and run one due timer per wake-up, so that
// the kernel runs promise jobs between timer callbacks, as Node does.
// setImmediate callbacks wait in a queue of their own and run first, one
// per wake-up, with no delay: the kernel's event loop takes the isolate's
// pending I/O callbacks before each (Node's check phase after its poll).
import native from 'rtjs:native';

const TIMEOUT_MAX = 2 ** 31 - 1;
const heap = [];          // Timeout objects, heap[i].when <= children
let nextId = 1;
let seq = 0;
let refed = 0;

function less(a, b) {
  return a.when < b.when || (a.when === b.when && a.seq < b.seq);
}

function swap(i, j) {
  const t = heap[i];
  heap[i] = heap[j];
  heap[j] = t;
  heap[i].index = i;
  heap[j].index = j;
}

function up(i) {
  while (i > 0) {
    const p = (i - 1) >> 1;
    if (!less(heap[i], heap[p])) break;
    swap(i, p);
    i = p;
  }
}

function down(i) {
  for (;;) {
    const l = 2 * i + 1, r = l + 1;
    let m = i;
    if (l < heap.length && less(heap[l], heap[m])) m = l;
    if (r < heap.length && less(heap[r], heap[m])) m = r;
    if (m === i) return;
    swap(i, m);
    i = m;
  }
}

function insert(t) {
  t.seq = seq++;
  t.index = heap.length;
  heap.push(t);
  up(t.index);
  if (t.refed) refed++;
}

function remove(t) {
  const i = t.index;
  if (i < 0) return;
  const last = heap.pop();
  if (last !== t) {
    heap[i] = last;
    last.index = i;
    up(i);
    down(last.index);
  }
  t.index = -1;
  if (t.refed) refed--;
}

const immediates = [];    // Immediate objects, oldest first; cleared ones are skipped
let immediatesRefed = 0;

function rearm() {
  if (immediates.length) native.armTimer(0, immediatesRefed > 0 || refed > 0);
  else if (heap.length === 0) native.armTimer(-1, false);
  else native.armTimer(heap[0].when, refed > 0);
}

function onWake() {
  if (immediates.length) {
    const im = immediates.shift();
    rearm();
    if (!im._queued) return;
    im._queued = false;
    if (im.refed) immediatesRefed--;
    rearm();
    im._callback(...im._args);
    return;
  }
  const now = native.now();
  const t = heap[0];
  if (t === undefined || t.when > now) {
    rearm();
    return;
  }
  remove(t);
  if (t.repeat !== null) {
    t.when = now + t.repeat;
    insert(t);
  }
  rearm();
  t.callback(...t.args);
}

native.setTimerHandler(onWake);

function delayOf(ms) {
  ms = Number(ms);
  return ms >= 1 && ms <= TIMEOUT_MAX ? ms : 1;
}

export class Timeout {
  constructor(callback, delay, args, repeat) {
    this.id = nextId++;
    this.callback = callback;
    this.args = args;
    this.delay = delay;
    this.repeat = repeat ? delay : null;
    this.when = native.now() + delay;
    this.refed = true;
    this.index = -1;
    this.seq = 0;
  }
  ref() {
    if (!this.refed) {
      this.refed = true;
      if (this.index >= 0) { refed++; rearm(); }
    }
    return this;
  }
  unref() {
    if (this.refed) {
      this.refed = false;
      if (this.index >= 0) { refed--; rearm(); }
    }
    return this;
  }
  hasRef() { return this.refed; }
  refresh() {
    if (this.index >= 0) {
      remove(this);
      this.when = native.now() + this.delay;
      insert(this);
      rearm();
    }
    return this;
  }
  close() { clear(this); return this; }
  [Symbol.toPrimitive]() { return this.id; }
}

const byId = new Map();

function schedule(callback, ms, args, repeat) {
  if (typeof callback !== 'function') {
    const err = new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const t = new Timeout(callback, delayOf(ms), args, repeat);
  insert(t);
  byId.set(t.id, t);
  rearm();
  return t;
}

function clear(t) {
  if (typeof t === 'number' || typeof t === 'string') t = byId.get(Number(t));
  if (!(t instanceof Timeout)) return;
  byId.delete(t.id);
  remove(t);
  rearm();
}

export function setTimeout(callback, ms, ...args) {
  const t = schedule(callback, ms, args, false);
  const cb = t.callback;
  t.callback = (...a) => { byId.delete(t.id); cb(...a); };
  return t;
}

export function setInterval(callback, ms, ...args) {
  return schedule(callback, ms, args, true);
}

export class Immediate {
  constructor(callback, args) {
    this._callback = callback;
    this._args = args;
    this._queued = true;
    this.refed = true;
  }
  ref() {
    if (!this.refed) {
      this.refed = true;
      if (this._queued) { immediatesRefed++; rearm(); }
    }
    return this;
  }
  unref() {
    if (this.refed) {
      this.refed = false;
      if (this._queued) { immediatesRefed--; rearm(); }
    }
    return this;
  }
  hasRef() { return this.refed; }
}

export function setImmediate(callback, ...args) {
  if (typeof callback !== 'function') {
    const err = new TypeError(`The "callback" argument must be of type function. Received ${typeof callback}`);
    err.code = 'ERR_INVALID_ARG_TYPE';
    throw err;
  }
  const im = new Immediate(callback, args);
  immediates.push(im);
  immediatesRefed++;
  rearm();
  return im;
}

export function clearImmediate(im) {
  if (!(im instanceof Immediate) || !im._queued) return;
  im._queued = false;             // left in the queue, skipped when its turn comes
  if (im.refed) immediatesRefed--;
  rearm();
}

export const clearTimeout = clear;
export const clearInterval = clear;
