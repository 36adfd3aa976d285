// node:assert: the assertions Node's test code and many packages use. An
// assertion that fails throws an AssertionError (code ERR_ASSERTION) with
// actual, expected and operator; its message is shorter than Node's (no
// diff of the two values, just both, inspected).
import { inspect, isDeepStrictEqual } from 'node:util';

export class AssertionError extends Error {
  constructor(options = {}) {
    const { message, actual, expected, operator } = options;
    const generated = message === undefined;
    super(generated ? describe(actual, expected, operator) : String(message));
    this.name = 'AssertionError';
    this.code = 'ERR_ASSERTION';
    this.actual = actual;
    this.expected = expected;
    this.operator = operator;
    this.generatedMessage = generated;
  }
}

const show = (v) => inspect(v, { depth: 4, breakLength: Infinity });

const WORDS = {
  '==': 'Expected values to be loosely equal',
  '!=': 'Expected "actual" to be loosely unequal to',
  strictEqual: 'Expected values to be strictly equal',
  notStrictEqual: 'Expected "actual" to be strictly unequal to',
  deepEqual: 'Expected values to be loosely deep-equal',
  notDeepEqual: 'Expected "actual" not to be loosely deep-equal to',
  deepStrictEqual: 'Expected values to be strictly deep-equal',
  notDeepStrictEqual: 'Expected "actual" not to be strictly deep-equal to',
};

function describe(actual, expected, operator) {
  if (operator === 'fail') return 'Failed';
  if (operator === '==' && expected === true) return `The expression evaluated to a falsy value:\n\n  ${show(actual)}\n`;
  const words = WORDS[operator];
  if (!words) return `${show(actual)} ${operator} ${show(expected)}`;
  return `${words}:\n\n${show(actual)}\n\nshould ${operator.startsWith('not') || operator === '!=' ? 'not ' : ''}equal\n\n${show(expected)}\n`;
}

const primitive = (v) => v === null || (typeof v !== 'object' && typeof v !== 'function');

function fail_(actual, expected, message, operator, stackStart) {
  if (message instanceof Error) throw message;
  // As Node 20: a message of one's own, then the two values when they are primitives.
  if (typeof message === 'string' && (operator === 'strictEqual' || operator === 'deepStrictEqual') &&
      primitive(actual) && primitive(expected)) message = `${message}\n\n${show(actual)} !== ${show(expected)}\n`;
  const err = new AssertionError({ message, actual, expected, operator });
  if (Error.captureStackTrace) Error.captureStackTrace(err, stackStart);
  throw err;
}

// Loose deep equality (assert.deepEqual): == for primitives, no prototypes.
function looseEqual(a, b, seen = new Map()) {
  // eslint-disable-next-line eqeqeq
  if (a == b && (a === null || typeof a !== 'object') && (b === null || typeof b !== 'object')) return true;
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (seen.get(a) === b) return true;
  seen.set(a, b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (a instanceof RegExp && b instanceof RegExp) return String(a) === String(b);
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    if (a.byteLength !== b.byteLength) return false;
    const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength), y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
    return x.every((v, i) => v === y[i]);
  }
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !looseEqual(v, b.get(k), seen)) return false;
    return true;
  }
  if (a instanceof Set && b instanceof Set) {
    if (a.size !== b.size) return false;
    for (const v of a) if (!b.has(v) && ![...b].some((w) => looseEqual(v, w, seen))) return false;
    return true;
  }
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a), kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && looseEqual(a[k], b[k], seen));
}

export function ok(value, message) {
  if (!value) fail_(value, true, message, '==', ok);
}

export function equal(actual, expected, message) {
  // eslint-disable-next-line eqeqeq
  if (!(actual == expected || (Number.isNaN(actual) && Number.isNaN(expected)))) fail_(actual, expected, message, '==', equal);
}

export function notEqual(actual, expected, message) {
  // eslint-disable-next-line eqeqeq
  if (actual == expected || (Number.isNaN(actual) && Number.isNaN(expected))) fail_(actual, expected, message, '!=', notEqual);
}

export function strictEqual(actual, expected, message) {
  if (!Object.is(actual, expected)) fail_(actual, expected, message, 'strictEqual', strictEqual);
}

export function notStrictEqual(actual, expected, message) {
  if (Object.is(actual, expected)) fail_(actual, expected, message, 'notStrictEqual', notStrictEqual);
}

export function deepEqual(actual, expected, message) {
  if (!looseEqual(actual, expected)) fail_(actual, expected, message, 'deepEqual', deepEqual);
}

export function notDeepEqual(actual, expected, message) {
  if (looseEqual(actual, expected)) fail_(actual, expected, message, 'notDeepEqual', notDeepEqual);
}

export function deepStrictEqual(actual, expected, message) {
  if (!isDeepStrictEqual(actual, expected)) fail_(actual, expected, message, 'deepStrictEqual', deepStrictEqual);
}

export function notDeepStrictEqual(actual, expected, message) {
  if (isDeepStrictEqual(actual, expected)) fail_(actual, expected, message, 'notDeepStrictEqual', notDeepStrictEqual);
}

export function fail(message = 'Failed') {
  if (message instanceof Error) throw message;
  throw new AssertionError({ message, operator: 'fail' });
}

export function ifError(value) {
  if (value !== null && value !== undefined) {
    if (value instanceof Error) throw value;
    throw new AssertionError({ message: `ifError got unwanted exception: ${show(value)}`, actual: value, expected: null, operator: 'ifError' });
  }
}

export function match(string, regexp, message) {
  if (typeof string !== 'string' || !regexp.test(string))
    fail_(string, regexp, message ?? `The input did not match the regular expression ${regexp}. Input:\n\n${show(string)}\n`, 'match', match);
}

export function doesNotMatch(string, regexp, message) {
  if (typeof string === 'string' && regexp.test(string))
    fail_(string, regexp, message ?? `The input was expected to not match the regular expression ${regexp}. Input:\n\n${show(string)}\n`, 'doesNotMatch', doesNotMatch);
}

// Whether err is what `expected` describes: a class, a RegExp (tried on
// String(err)), a function that returns true, or an object whose own
// properties err must have (deep-strict equal, or matching a RegExp).
function matches(err, expected, message, operator) {
  if (expected === undefined) return;
  if (typeof expected === 'function') {
    if (expected.prototype !== undefined && err instanceof expected) return;
    if (Error.isPrototypeOf(expected) || expected === Error) {
      fail_(err, expected, message ?? `The error is expected to be an instance of "${expected.name}". Received "${err?.constructor?.name}"`, operator, matches);
    }
    if (expected.call({}, err) === true) return;
    fail_(err, expected, message ?? 'The validation function is expected to return "true". Received false', operator, matches);
  }
  if (expected instanceof RegExp) {
    if (expected.test(String(err))) return;
    fail_(err, expected, message ?? `The input did not match the regular expression ${expected}. Input:\n\n${show(String(err))}\n`, operator, matches);
  }
  if (expected !== null && typeof expected === 'object') {
    for (const key of Object.keys(expected)) {
      const want = expected[key], got = err?.[key];
      const same = want instanceof RegExp && typeof got === 'string' ? want.test(got) : isDeepStrictEqual(got, want);
      if (!same) fail_(err, expected, message ?? `Expected values to be strictly deep-equal:\n\n${show(got)}\n\nshould equal\n\n${show(want)}\n(property "${key}")`, operator, matches);
    }
  }
}

function splitArgs(expected, message) {
  return typeof expected === 'string' ? [undefined, expected] : [expected, message];
}

export function throws(fn, expected, message) {
  [expected, message] = splitArgs(expected, message);
  try {
    fn();
  } catch (err) {
    matches(err, expected, message, 'throws');
    return;
  }
  fail_(undefined, expected, message ?? 'Missing expected exception.', 'throws', throws);
}

export function doesNotThrow(fn, expected, message) {
  [expected, message] = splitArgs(expected, message);
  try {
    fn();
  } catch (err) {
    fail_(err, expected, message ?? `Got unwanted exception.\nActual message: "${err?.message}"`, 'doesNotThrow', doesNotThrow);
  }
}

export async function rejects(promiseOrFn, expected, message) {
  [expected, message] = splitArgs(expected, message);
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (err) {
    matches(err, expected, message, 'rejects');
    return;
  }
  fail_(undefined, expected, message ?? 'Missing expected rejection.', 'rejects', rejects);
}

export async function doesNotReject(promiseOrFn, expected, message) {
  [expected, message] = splitArgs(expected, message);
  try {
    await (typeof promiseOrFn === 'function' ? promiseOrFn() : promiseOrFn);
  } catch (err) {
    fail_(err, expected, message ?? `Got unwanted rejection.\nActual message: "${err?.message}"`, 'doesNotReject', doesNotReject);
  }
}

function make(strict) {
  const assert = (value, message) => ok(value, message);
  Object.assign(assert, {
    ok, fail, ifError, match, doesNotMatch, throws, doesNotThrow, rejects, doesNotReject, AssertionError,
    strictEqual, notStrictEqual, deepStrictEqual, notDeepStrictEqual,
    equal: strict ? strictEqual : equal,
    notEqual: strict ? notStrictEqual : notEqual,
    deepEqual: strict ? deepStrictEqual : deepEqual,
    notDeepEqual: strict ? notDeepStrictEqual : notDeepEqual,
  });
  return assert;
}

export const strict = make(true);
strict.strict = strict;
const assert = make(false);
assert.strict = strict;
export default assert;
