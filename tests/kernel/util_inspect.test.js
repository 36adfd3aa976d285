// Tests for lib/util.js, the `util` module: inspect(), format(),
// formatWithOptions(), isDeepStrictEqual(), types and the helpers.
//
// Every expected value is a literal: the output of the same case run through
// Node.js 20's util, checked by hand. Where rtjs differs from Node by design
// the case says so and shows what Node prints.
//
// Prints one line per case: "PASS util_inspect: <name>" or
// "FAIL util_inspect: <name>: <reason>".
import util, {
  callbackify,
  deprecate,
  format,
  formatWithOptions,
  inherits,
  inspect,
  isDeepStrictEqual,
  promisify,
  types,
} from 'util';

import { literalSuite, captureWarnings } from './harness.js';

const { test, run } = literalSuite('util_inspect');


// Primitives
test("string at top level is quoted", () => inspect('hello'),
  "'hello'");
test("string with a single quote uses double quotes", () => inspect("it's"),
  "\"it's\"");
test("string with both quotes uses backticks", () => inspect('it\'s "x"'),
  "`it's \"x\"`");
test("string with all three quotes escapes single quotes", () => inspect('it\'s "x" `y`'),
  "'it\\'s \"x\" `y`'");
test("control characters are escaped", () => inspect('a\nb\t\x00\x1b\x7f\\'),
  "'a\\nb\\t\\x00\\x1B\\x7F\\\\'");
test("lone surrogate is escaped", () => inspect('a\ud800b'),
  "'a\\ud800b'");
test("long multi-line string in an object is split", () =>
  inspect({ text: 'line one is here\nline two is here\nline three is quite a bit longer than the others\n' }),
  "{\n  text: 'line one is here\\n' +\n    'line two is here\\n' +\n    'line three is quite a bit longer than the others\\n'\n}");
test("numbers", () => inspect([1, 0, NaN, Infinity, -Infinity, 1.5, 1e21, 1e-7, 0.1 + 0.2]),
  "[\n  1,\n  0,\n  NaN,\n  Infinity,\n  -Infinity,\n  1.5,\n  1e+21,\n  1e-7,\n  0.30000000000000004\n]");
test("negative zero", () => inspect(-0),
  "-0");
test("negative zero in an array", () => inspect([-0, 0]),
  "[ -0, 0 ]");
test("bigint", () => inspect(1n),
  "1n");
test("bigints in an array", () => inspect([123n, -5n]),
  "[ 123n, -5n ]");
test("symbols", () => inspect([Symbol('foo'), Symbol(), Symbol.iterator, Symbol.for('x')]),
  "[ Symbol(foo), Symbol(), Symbol(Symbol.iterator), Symbol(x) ]");
test("top-level symbol", () => inspect(Symbol('a')),
  "Symbol(a)");
test("undefined, null and booleans", () => inspect([undefined, null, true, false]),
  "[ undefined, null, true, false ]");
test("top-level undefined", () => inspect(undefined),
  "undefined");
test("top-level null", () => inspect(null),
  "null");
test("nested string is quoted", () => inspect({ s: 'x' }),
  "{ s: 'x' }");

// Arrays
test("empty array", () => inspect([]),
  "[]");
test("short array", () => inspect([1, 2, 3]),
  "[ 1, 2, 3 ]");
test("array with a hole", () => inspect([1, , 3]),
  "[ 1, <1 empty item>, 3 ]");
test("array of only holes", () => inspect(new Array(5)),
  "[ <5 empty items> ]");
test("array with leading and trailing holes", () => inspect([, 'a', , ,]),
  "[ <1 empty item>, 'a', <2 empty items> ]");
test("array over 100 items", () => inspect(Array.from({ length: 101 }, (_, i) => i)),
  "[\n   0,  1,  2,  3,  4,  5,  6,  7,  8,  9, 10, 11,\n  12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,\n  24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35,\n  36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47,\n  48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59,\n  60, 61, 62, 63, 64, 65, 66, 67, 68, 69, 70, 71,\n  72, 73, 74, 75, 76, 77, 78, 79, 80, 81, 82, 83,\n  84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,\n  96, 97, 98, 99,\n  ... 1 more item\n]");
test("array of 7 numbers is grouped", () => inspect([1, 2, 3, 4, 5, 6, 7]),
  "[\n  1, 2, 3, 4,\n  5, 6, 7\n]");
test("array of 30 numbers is grouped in columns", () => inspect(Array.from({ length: 30 }, (_, i) => i * 3)),
  "[\n   0,  3,  6,  9, 12, 15, 18, 21, 24,\n  27, 30, 33, 36, 39, 42, 45, 48, 51,\n  54, 57, 60, 63, 66, 69, 72, 75, 78,\n  81, 84, 87\n]");
test("numbers of different widths are right-aligned", () =>
  inspect([1, 10, 100, 1000, 10000, 100000, 1000000, 1, 22, 333]),
  "[\n        1,     10,\n      100,   1000,\n    10000, 100000,\n  1000000,      1,\n       22,    333\n]");
test("array of letters is grouped and left-aligned", () => inspect('abcdefghijklmnopqrstuvwxyz'.split('')),
  "[\n  'a', 'b', 'c', 'd', 'e', 'f',\n  'g', 'h', 'i', 'j', 'k', 'l',\n  'm', 'n', 'o', 'p', 'q', 'r',\n  's', 't', 'u', 'v', 'w', 'x',\n  'y', 'z'\n]");
test("array of long strings is one per line", () =>
  inspect(['a string that is rather long', 'another string that is long', 'x', 'y', 'z', 'w', 'v']),
  "[\n  'a string that is rather long',\n  'another string that is long',\n  'x',\n  'y',\n  'z',\n  'w',\n  'v'\n]");
test("array with an extra property", () => {
    const arr = [1, 2];
    arr.foo = 'bar';
    return inspect(arr);
  },
  "[ 1, 2, foo: 'bar' ]");
test("array with a symbol property", () => {
    const arr = [1];
    arr[Symbol('s')] = 2;
    return inspect(arr);
  },
  "[ 1, [Symbol(s)]: 2 ]");
test("nested arrays beyond depth 2", () => inspect([[1, [2, [3, [4]]]]]),
  "[ [ 1, [ 2, [Array] ] ] ]");
test("array of objects breaks lines", () =>
  inspect([{ name: 'alpha', value: 1 }, { name: 'beta', value: 2 }, { name: 'gamma', value: 3 }]),
  "[\n  { name: 'alpha', value: 1 },\n  { name: 'beta', value: 2 },\n  { name: 'gamma', value: 3 }\n]");
test("grouped array nested in an object", () => inspect({ data: Array.from({ length: 30 }, (_, i) => i) }),
  "{\n  data: [\n     0,  1,  2,  3,  4,  5,  6,  7,  8,\n     9, 10, 11, 12, 13, 14, 15, 16, 17,\n    18, 19, 20, 21, 22, 23, 24, 25, 26,\n    27, 28, 29\n  ]\n}");
test("array of wide characters is grouped by display width", () =>
  inspect(['一二三', '四五六', '七八九', 'a', 'b', 'c', 'd']),
  "[ '一二三', '四五六', '七八九', 'a', 'b', 'c', 'd' ]");
test("array of mixed numbers and strings is left-aligned", () =>
  inspect(Array.from({ length: 12 }, (_, i) => (i % 2 ? 'a' : 1000))),
  "[\n  1000, 'a', 1000, 'a',\n  1000, 'a', 1000, 'a',\n  1000, 'a', 1000, 'a'\n]");
test("array subclass", () => {
    class MyArr extends Array {}
    return inspect(MyArr.from([1, 2]));
  },
  "MyArr(2) [ 1, 2 ]");

// Objects
test("empty object", () => inspect({}),
  "{}");
test("keys that need quotes", () => inspect({ a: 1, 'b-c': 2 }),
  "{ a: 1, 'b-c': 2 }");
test("key kinds", () => inspect({ 'a b': 1, 1: 2, _x: 3, $y: 4, 'é': 5, '': 6 }),
  "{ '1': 2, 'a b': 1, _x: 3, '$y': 4, 'é': 5, '': 6 }");
test("nested beyond depth 2", () => inspect({ a: { b: { c: { d: 1 } } } }),
  "{ a: { b: { c: [Object] } } }");
test("arrays nested beyond depth 2", () => inspect({ a: [[[[1]]]] }),
  "{ a: [ [ [Array] ] ] }");
test("object over 80 columns breaks lines", () =>
  inspect({ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddddddddd' }),
  "{\n  alpha: 'aaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbb',\n  gamma: 'cccccccccccc',\n  delta: 'dddddddddddd'\n}");
test("nested objects break only where needed", () =>
  inspect({ id: 1, user: { name: 'someone', email: 'someone@example.com', roles: ['admin', 'user'] }, ok: true }),
  "{\n  id: 1,\n  user: {\n    name: 'someone',\n    email: 'someone@example.com',\n    roles: [ 'admin', 'user' ]\n  },\n  ok: true\n}");
test("compact 3 joins only the 3 innermost levels", () =>
  inspect({ a: 1, b: { c: { d: { e: { f: 1 } } } } }, { depth: Infinity }),
  "{\n  a: 1,\n  b: {\n    c: { d: { e: { f: 1 } } }\n  }\n}");
test("__proto__ own key", () => inspect(JSON.parse('{"__proto__": 1}')),
  "{ ['__proto__']: 1 }");
test("null-prototype object", () => inspect(Object.create(null)),
  "[Object: null prototype] {}");
test("null-prototype object with properties", () => inspect(Object.assign(Object.create(null), { a: 1 })),
  "[Object: null prototype] { a: 1 }");
test("object whose prototype has a null prototype", () => inspect(Object.create(Object.create(null))),
  "Object <[Object: null prototype] {}> {}");
test("class instance", () => {
    class Foo { constructor() { this.x = 1; } }
    return inspect(new Foo());
  },
  "Foo { x: 1 }");
test("empty class instance", () => {
    class Foo {}
    return inspect(new Foo());
  },
  "Foo {}");
test("subclass instance", () => {
    class Foo { constructor() { this.x = 1; } }
    class Bar extends Foo { constructor() { super(); this.y = 2; } }
    return inspect([new Bar()]);
  },
  "[ Bar { x: 1, y: 2 } ]");
test("class instance with a toStringTag", () => {
    class Foo {
      constructor() { this.x = 1; }
      get [Symbol.toStringTag]() { return 'bar'; }
    }
    return inspect(new Foo());
  },
  "Foo [bar] { x: 1 }");
test("plain object with a non-enumerable toStringTag", () =>
  inspect(Object.defineProperty({}, Symbol.toStringTag, { value: 'Tag' })),
  "Object [Tag] {}");
test("arguments object", () => inspect((function () { return arguments; })(1, 'a')),
  "[Arguments] { '0': 1, '1': 'a' }");
test("null-prototype array, map, set and typed array", () => inspect([
    Object.setPrototypeOf([1, 2], null),
    Object.setPrototypeOf(new Map([[1, 2]]), null),
    Object.setPrototypeOf(new Set([1]), null),
    Object.setPrototypeOf(new Uint8Array(2), null),
  ]),
  "[\n  [Array(2): null prototype] [ 1, 2 ],\n  [Map(1): null prototype] { 1 => 2 },\n  [Set(1): null prototype] { 1 },\n  [Uint8Array(2): null prototype] [ 0, 0 ]\n]");
test("null-prototype regexp, date and function", () => inspect([
    Object.setPrototypeOf(/x/g, null),
    Object.setPrototypeOf(new Date(0), null),
    Object.setPrototypeOf(function f() {}, null),
  ]),
  "[\n  [RegExp: null prototype] /x/g,\n  [Date: null prototype] 1970-01-01T00:00:00.000Z,\n  [Function (null prototype): f]\n]");
test("Map and typed array subclasses", () => {
    class Registry extends Map {}
    class Bytes extends Uint8Array {}
    return inspect([new Registry([[1, 2]]), new Bytes(2)]);
  },
  "[ Registry(1) [Map] { 1 => 2 }, Bytes(2) [Uint8Array] [ 0, 0 ] ]");
test("built-in prototypes", () => inspect([Object.prototype, Array.prototype, Map.prototype, Error.prototype]),
  "[ [Object: null prototype] {}, Object(0) [], Object [Map] {}, {} ]");
test("a constructor property that is not a function", () => inspect({ constructor: 'x' }),
  "{ constructor: 'x' }");

// Functions
test("named function", () => inspect(function foo() {}),
  "[Function: foo]");
test("anonymous function", () => inspect(function () {}),
  "[Function (anonymous)]");
test("arrow function takes the variable name", () => {
    const arrow = () => {};
    return inspect(arrow);
  },
  "[Function: arrow]");
test("class", () => inspect(class X {}),
  "[class X]");
test("anonymous class", () => inspect(class {}),
  "[class (anonymous)]");
test("derived class", () => {
    class X {}
    class Y extends X {}
    return inspect(Y);
  },
  "[class Y extends X]");
test("class with a static property", () => {
    class S {}
    S.x = 1;
    return inspect(S);
  },
  "[class S] { x: 1 }");
test("async function", () => inspect(async function f() {}),
  "[AsyncFunction: f]");
test("generator function", () => inspect(function* g() {}),
  "[GeneratorFunction: g]");
test("async generator function", () => inspect(async function* ag() {}),
  "[AsyncGeneratorFunction: ag]");
test("bound function", () => inspect(function foo() {}.bind(null)),
  "[Function: bound foo]");
test("function with properties", () => inspect(Object.assign(function foo() {}, { a: 1 })),
  "[Function: foo] { a: 1 }");
test("functions nested in an object", () => inspect({ f() {}, g: () => {}, h: class {} }),
  "{ f: [Function: f], g: [Function: g], h: [class h] }");
test("built-in functions", () => inspect([Map, Math.max, Object]),
  "[ [Function: Map], [Function: max], [Function: Object] ]");

// Errors
test("error with a stack", () => {
    const e = new Error('boom');
    e.stack = 'Error: boom\n    at foo (file.js:1:1)\n    at bar (file.js:2:2)';
    return inspect(e);
  },
  "Error: boom\n    at foo (file.js:1:1)\n    at bar (file.js:2:2)");
test("error without a stack", () => {
    const e = new Error('boom');
    e.stack = undefined;
    return inspect(e);
  },
  "[Error: boom]");
test("error with an extra property", () => {
    const e = new Error('boom');
    e.stack = 'Error: boom\n    at foo (file.js:1:1)';
    e.code = 'X';
    return inspect(e);
  },
  "Error: boom\n    at foo (file.js:1:1) {\n  code: 'X'\n}");
test("stackless error with an extra property", () => {
    const e = new Error('boom');
    e.stack = undefined;
    e.code = 'X';
    return inspect(e);
  },
  "[Error: boom] { code: 'X' }");
test("TypeError without a stack", () => {
    const e = new TypeError('bad');
    e.stack = undefined;
    return inspect(e);
  },
  "[TypeError: bad]");
test("error subclass without its own name", () => {
    class MyError extends Error {}
    const e = new MyError('x');
    e.stack = undefined;
    return inspect(e);
  },
  "[MyError: x]");
test("error with a custom name", () => {
    const e = new Error('msg');
    e.name = 'Custom';
    e.stack = undefined;
    return inspect(e);
  },
  "[Custom: msg]");
test("error without a message", () => {
    const e = new Error();
    e.stack = undefined;
    return inspect(e);
  },
  "[Error]");
test("error with a cause", () => {
    const inner = new Error('inner');
    inner.stack = undefined;
    const outer = new Error('outer', { cause: inner });
    outer.stack = undefined;
    return inspect(outer);
  },
  "[Error: outer] { [cause]: [Error: inner] }");
test("AggregateError lists its errors", () => {
    const inner = new Error('a');
    inner.stack = undefined;
    const e = new AggregateError([inner], 'multi');
    e.stack = undefined;
    return inspect(e);
  },
  "[AggregateError: multi] { [errors]: [ [Error: a] ] }");
test("error nested in an object is indented", () => {
    const e = new Error('boom');
    e.stack = 'Error: boom\n    at foo (file.js:1:1)';
    return inspect({ err: e });
  },
  "{\n  err: Error: boom\n      at foo (file.js:1:1)\n}");
test("frames shared with the cause are folded", () => {
    const inner = new Error('inner');
    inner.stack = 'Error: inner\n    at a (f.js:1)\n    at b (f.js:2)\n    at c (f.js:3)\n' +
      '    at d (f.js:4)\n    at e (f.js:5)';
    const outer = new Error('outer', { cause: inner });
    outer.stack = 'Error: outer\n    at z (f.js:9)\n    at b (f.js:2)\n    at c (f.js:3)\n' +
      '    at d (f.js:4)\n    at e (f.js:5)';
    return inspect(outer);
  },
  "Error: outer\n    at z (f.js:9)\n    at b (f.js:2)\n    ... 2 lines matching cause stack trace ...\n    at e (f.js:5) {\n  [cause]: Error: inner\n      at a (f.js:1)\n      at b (f.js:2)\n      at c (f.js:3)\n      at d (f.js:4)\n      at e (f.js:5)\n}");
test("stack that does not look like a stack", () => {
    const e = new Error('x');
    e.stack = 'weird stack';
    return inspect(e);
  },
  "[weird stack]");
test("error with a null prototype", () => {
    const e = Object.setPrototypeOf(new Error('x'), null);
    e.stack = undefined;
    return inspect(e);
  },
  "[[Error: null prototype]: x]");
test("engine-made stack gets the Name: message line", () => {
    const lines = inspect(new RangeError('out')).split('\n');
    return [lines[0], lines[1].startsWith('    at ')];
  },
  ["RangeError: out",true]);

// Dates and regular expressions
test("date", () => inspect(new Date(0)),
  "1970-01-01T00:00:00.000Z");
test("invalid date", () => inspect(new Date(NaN)),
  "Invalid Date");
test("date with a property", () => inspect(Object.assign(new Date(0), { a: 1 })),
  "1970-01-01T00:00:00.000Z { a: 1 }");
test("regexp", () => inspect(/ab+c/gi),
  "/ab+c/gi");
test("regexp with a slash", () => inspect(new RegExp('a/b')),
  "/a\\/b/");
test("regexp with a property", () => inspect(Object.assign(/x/, { a: 1 })),
  "/x/ { a: 1 }");

// Collections
test("map", () => inspect(new Map([['a', 1], ['b', { x: 1 }]])),
  "Map(2) { 'a' => 1, 'b' => { x: 1 } }");
test("empty map", () => inspect(new Map()),
  "Map(0) {}");
test("map with object keys", () => inspect(new Map([[{ k: 1 }, [1, 2]]])),
  "Map(1) { { k: 1 } => [ 1, 2 ] }");
test("map nested beyond depth 2", () => inspect({ a: { b: { c: new Map([[1, 2]]) } } }),
  "{ a: { b: { c: [Map] } } }");
test("set", () => inspect(new Set([1, 'two', [3]])),
  "Set(3) { 1, 'two', [ 3 ] }");
test("empty set", () => inspect(new Set()),
  "Set(0) {}");
test("set with a property", () => inspect(Object.assign(new Set([1]), { extra: true })),
  "Set(1) { 1, extra: true }");
// Differs from Node by design: reading a live iterator's entries would consume them
// Node 20 gives: "[Map Entries] { [ 'a', 1 ] }"
test("map iterator", () => inspect(new Map([['a', 1]]).entries()),
  "[Map Iterator] { <items unknown> }");
// Differs from Node by design: reading a live iterator's entries would consume them
// Node 20 gives: "[Set Iterator] { 1 }"
test("set iterator", () => inspect(new Set([1]).values()),
  "[Set Iterator] { <items unknown> }");
test("weakmap", () => inspect(new WeakMap([[{}, 1]])),
  "WeakMap { <items unknown> }");
test("weakset", () => inspect(new WeakSet([{}])),
  "WeakSet { <items unknown> }");

// Binary data
test("Uint8Array", () => inspect(new Uint8Array([1, 2, 3])),
  "Uint8Array(3) [ 1, 2, 3 ]");
test("Float64Array", () => inspect(new Float64Array([0.5, -0, NaN])),
  "Float64Array(3) [ 0.5, -0, NaN ]");
test("BigInt64Array", () => inspect(new BigInt64Array([1n, -2n])),
  "BigInt64Array(2) [ 1n, -2n ]");
test("empty typed array", () => inspect(new Uint8Array(0)),
  "Uint8Array(0) []");
test("long typed array is grouped", () => inspect(new Uint8Array(30).map((_, i) => i * 7)),
  "Uint8Array(30) [\n    0,   7,  14,  21,  28,  35,  42,  49,\n   56,  63,  70,  77,  84,  91,  98, 105,\n  112, 119, 126, 133, 140, 147, 154, 161,\n  168, 175, 182, 189, 196, 203\n]");
test("ArrayBuffer", () => inspect(new Uint8Array([1, 2]).buffer),
  "ArrayBuffer { [Uint8Contents]: <01 02>, byteLength: 2 }");
test("empty ArrayBuffer", () => inspect(new ArrayBuffer(0)),
  "ArrayBuffer { [Uint8Contents]: <>, byteLength: 0 }");
test("ArrayBuffer over 100 bytes", () => inspect(new ArrayBuffer(103)),
  "ArrayBuffer {\n  [Uint8Contents]: <00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 ... 3 more bytes>,\n  byteLength: 103\n}");
test("SharedArrayBuffer", () => inspect(new SharedArrayBuffer(2)),
  "SharedArrayBuffer { [Uint8Contents]: <00 00>, byteLength: 2 }");
test("DataView", () => inspect(new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2)),
  "DataView {\n  byteLength: 2,\n  byteOffset: 1,\n  buffer: ArrayBuffer { [Uint8Contents]: <01 02 03 04>, byteLength: 4 }\n}");

// Promises and proxies
// Differs from Node by design: ECMAScript cannot read a promise's state synchronously
// Node 20 gives: "Promise { 1 }"
test("fulfilled promise", () => inspect(Promise.resolve(1)),
  "Promise { <unknown> }");
// Differs from Node by design: ECMAScript cannot read a promise's state synchronously
// Node 20 gives: "Promise { <pending> }"
test("pending promise", () => inspect(new Promise(() => {})),
  "Promise { <unknown> }");
// Differs from Node by design: ECMAScript cannot read a promise's state synchronously
// Node 20 gives: "Promise { <rejected> 3 }"
test("rejected promise", () => {
    // The handler goes on before the rejection: some hosts (qjs) abort on
    // a rejection that has no handler at the time it happens.
    let reject;
    const p = new Promise((_, r) => { reject = r; });
    p.catch(() => {});
    reject(3);
    return inspect(p);
  },
  "Promise { <unknown> }");
// Differs from Node by design: ECMAScript cannot read a promise's state synchronously
// Node 20 gives: "MyPromise [Promise] { 1 }"
test("promise subclass", () => {
    class MyPromise extends Promise {}
    return inspect(MyPromise.resolve(1));
  },
  "MyPromise [Promise] { <unknown> }");
test("proxy of an object shows the target", () => inspect(new Proxy({ a: 1 }, {})),
  "{ a: 1 }");
test("proxy of an array shows the target", () => inspect(new Proxy([1, 2], {})),
  "[ 1, 2 ]");
test("revoked proxy", () => {
    const { proxy, revoke } = Proxy.revocable({}, {});
    revoke();
    return inspect({ p: proxy });
  },
  "{ p: <Revoked Proxy> }");

// Circular references
test("object referring to itself", () => {
    const o = {};
    o.self = o;
    return inspect(o);
  },
  "<ref *1> { self: [Circular *1] }");
test("two circular targets", () => {
    const a = { name: 'a' };
    const b = { name: 'b', a };
    a.b = b;
    a.list = [a, b];
    return inspect(a);
  },
  "<ref *1> {\n  name: 'a',\n  b: { name: 'b', a: [Circular *1] },\n  list: [ [Circular *1], { name: 'b', a: [Circular *1] } ]\n}");
test("circular array", () => {
    const arr = [1];
    arr.push(arr);
    return inspect(arr);
  },
  "<ref *1> [ 1, [Circular *1] ]");
test("repeated but not circular", () => {
    const shared = { s: 1 };
    return inspect({ x: shared, y: shared });
  },
  "{ x: { s: 1 }, y: { s: 1 } }");

// Accessors and symbol keys
test("getters and setters", () =>
  inspect({ get a() { return 1; }, set b(v) {}, get c() { return 1; }, set c(v) {} }),
  "{ a: [Getter], b: [Setter], c: [Getter/Setter] }");
test("getters option evaluates getters", () =>
  inspect({ get a() { return 1; }, get o() { return { x: 1 }; }, get n() { return null; } }, { getters: true }),
  "{ a: [Getter: 1], o: [Getter] { x: 1 }, n: [Getter: null] }");
test("throwing getter with getters option", () =>
  inspect({ get a() { throw new Error('nope'); } }, { getters: true }),
  "{ a: [Getter: <Inspection threw (nope)>] }");
test("symbol keys", () => inspect({ [Symbol('foo')]: 1, b: 2 }),
  "{ b: 2, [Symbol(foo)]: 1 }");
test("non-enumerable symbol key is hidden", () =>
  inspect(Object.defineProperty({ a: 1 }, Symbol('h'), { value: 2 })),
  "{ a: 1 }");

// Boxed primitives
test("Number object", () => inspect(new Number(3)),
  "[Number: 3]");
test("Number object -0", () => inspect(new Number(-0)),
  "[Number: -0]");
test("String object", () => inspect(new String('ab')),
  "[String: 'ab']");
test("String object with a property", () => inspect(Object.assign(new String('ab'), { x: 1 })),
  "[String: 'ab'] { x: 1 }");
test("Boolean object", () => inspect(new Boolean(true)),
  "[Boolean: true]");
test("BigInt object", () => inspect(Object(1n)),
  "[BigInt: 1n]");
test("Symbol object", () => inspect(Object(Symbol('a'))),
  "[Symbol: Symbol(a)]");

// Options
test("depth 0", () => inspect({ a: { b: 1 }, c: [1] }, { depth: 0 }),
  "{ a: [Object], c: [Array] }");
test("depth null shows everything", () => inspect({ a: { b: { c: { d: { e: 1 } } } } }, { depth: null }),
  "{\n  a: {\n    b: { c: { d: { e: 1 } } }\n  }\n}");
test("depth Infinity shows everything", () => inspect([[[[[1]]]]], { depth: Infinity }),
  "[\n  [\n    [ [ [ 1 ] ] ]\n  ]\n]");
test("legacy arguments (showHidden, depth)", () => inspect({ a: { b: 1 } }, false, 0),
  "{ a: [Object] }");
test("colors", () => inspect({
    n: 1, s: 'x', b: true, u: undefined, nl: null, sym: Symbol('s'),
    d: new Date(0), r: /x/, big: 1n, f: function f() {}, arr: [1, , 2],
  }, { colors: true }),
  "{\n  n: \u001b[33m1\u001b[39m,\n  s: \u001b[32m'x'\u001b[39m,\n  b: \u001b[33mtrue\u001b[39m,\n  u: \u001b[90mundefined\u001b[39m,\n  nl: \u001b[1mnull\u001b[22m,\n  sym: \u001b[32mSymbol(s)\u001b[39m,\n  d: \u001b[35m1970-01-01T00:00:00.000Z\u001b[39m,\n  r: \u001b[31m/x/\u001b[39m,\n  big: \u001b[33m1n\u001b[39m,\n  f: \u001b[36m[Function: f]\u001b[39m,\n  arr: [ \u001b[33m1\u001b[39m, \u001b[90m<1 empty item>\u001b[39m, \u001b[33m2\u001b[39m ]\n}");
test("colors on a grouped array", () => inspect(Array.from({ length: 8 }, (_, i) => i * 100), { colors: true }),
  "[\n    \u001b[33m0\u001b[39m, \u001b[33m100\u001b[39m, \u001b[33m200\u001b[39m, \u001b[33m300\u001b[39m,\n  \u001b[33m400\u001b[39m, \u001b[33m500\u001b[39m, \u001b[33m600\u001b[39m, \u001b[33m700\u001b[39m\n]");
test("colors on a circular reference", () => {
    const o = {};
    o.o = o;
    return inspect(o, { colors: true });
  },
  "\u001b[36m<ref *1>\u001b[39m { o: \u001b[36m[Circular *1]\u001b[39m }");
test("showHidden shows array length", () => inspect([1], { showHidden: true }),
  "[ 1, [length]: 1 ]");
test("showHidden shows non-enumerable properties", () =>
  inspect(Object.defineProperty({ a: 1 }, 'hidden', { value: 2 }), { showHidden: true }),
  "{ a: 1, [hidden]: 2 }");
test("showHidden on a typed array", () => inspect(new Uint8Array([1, 2]), { showHidden: true }),
  "Uint8Array(2) [\n  1,\n  2,\n  [BYTES_PER_ELEMENT]: 1,\n  [length]: 2,\n  [byteLength]: 2,\n  [byteOffset]: 0,\n  [buffer]: ArrayBuffer { byteLength: 2 }\n]");
test("showHidden shows user prototype properties", () => {
    class Foo {}
    Foo.prototype.shared = 1;
    return inspect(new Foo(), { showHidden: true });
  },
  "Foo { shared: 1 }");
test("breakLength Infinity keeps one line", () =>
  inspect({ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddddddddd' },
          { breakLength: Infinity }),
  "{ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: 'dddddddddddd' }");
test("breakLength 20", () => inspect({ a: 1, b: 'two', c: [3] }, { breakLength: 20 }),
  "{\n  a: 1,\n  b: 'two',\n  c: [ 3 ]\n}");
test("compact false", () => inspect({ a: 1, b: { c: [1] } }, { compact: false }),
  "{\n  a: 1,\n  b: {\n    c: [\n      1\n    ]\n  }\n}");
test("compact true", () => inspect({ a: 1, b: { c: [1] } }, { compact: true }),
  "{ a: 1, b: { c: [ 1 ] } }");
test("compact true breaking lines", () =>
  inspect({ alpha: 'aaaaaaaaaaaa', beta: 'bbbbbbbbbbbb', gamma: 'cccccccccccc', delta: { e: 'dddddddddddd' } },
          { compact: true }),
  "{ alpha: 'aaaaaaaaaaaa',\n  beta: 'bbbbbbbbbbbb',\n  gamma: 'cccccccccccc',\n  delta: { e: 'dddddddddddd' } }");
test("compact 1", () => inspect({ a: 1, b: { c: 2 } }, { compact: 1 }),
  "{\n  a: 1,\n  b: { c: 2 }\n}");
test("sorted", () => inspect({ c: 1, a: 2, b: 3 }, { sorted: true }),
  "{ a: 2, b: 3, c: 1 }");
test("sorted with a comparator", () =>
  inspect({ c: 1, a: 2, b: 3 }, { sorted: (x, y) => (x < y ? 1 : x > y ? -1 : 0) }),
  "{ c: 1, b: 3, a: 2 }");
test("sorted sorts extra array keys only", () => {
    const arr = [3, 1];
    arr.z = 1;
    arr.y = 2;
    return inspect(arr, { sorted: true });
  },
  "[ 3, 1, y: 2, z: 1 ]");
test("maxArrayLength on an array", () => inspect([1, 2, 3, 4], { maxArrayLength: 2 }),
  "[ 1, 2, ... 2 more items ]");
test("maxArrayLength 0", () => inspect([1, 2], { maxArrayLength: 0 }),
  "[ ... 2 more items ]");
test("maxArrayLength on a set and a map", () =>
  inspect([new Set([1, 2, 3]), new Map([[1, 1], [2, 2], [3, 3]])], { maxArrayLength: 1 }),
  "[ Set(3) { 1, ... 2 more items }, ... 1 more item ]");
test("maxArrayLength on a typed array", () => inspect(new Uint8Array(5), { maxArrayLength: 3 }),
  "Uint8Array(5) [ 0, 0, 0, ... 2 more items ]");
test("maxArrayLength on holes", () => inspect([1, , , 4, 5, 6], { maxArrayLength: 3 }),
  "[ 1, <2 empty items>, 4, ... 2 more items ]");
test("maxStringLength", () => inspect('abcdefgh', { maxStringLength: 5 }),
  "'abcde'... 3 more characters");
test("numericSeparator", () => inspect([1234567, 1234.5678, -12345n, 123], { numericSeparator: true }),
  "[ 1_234_567, 1_234.567_8, -12_345n, 123 ]");
test("customInspect false", () =>
  inspect({ [inspect.custom]() { return 'custom'; }, a: 1 }, { customInspect: false }),
  "{\n  a: 1,\n  [Symbol(nodejs.util.inspect.custom)]: [Function: [nodejs.util.inspect.custom]]\n}");
test("defaultOptions", () => JSON.stringify(inspect.defaultOptions),
  "{\"showHidden\":false,\"depth\":2,\"colors\":false,\"customInspect\":true,\"showProxy\":false,\"maxArrayLength\":100,\"maxStringLength\":10000,\"breakLength\":80,\"compact\":3,\"sorted\":false,\"getters\":false,\"numericSeparator\":false}");

// Custom inspection
test("inspect.custom is the registry symbol", () => inspect.custom === Symbol.for('nodejs.util.inspect.custom'),
  true);
test("custom inspector returning a string", () => inspect({ [inspect.custom]() { return 'CUSTOM'; } }),
  "CUSTOM");
test("nested custom inspector", () => inspect({ a: { [inspect.custom]() { return 'CUSTOM'; } } }),
  "{ a: CUSTOM }");
test("custom inspector returning an object", () => inspect({ [inspect.custom]() { return { x: 1 }; } }),
  "{ x: 1 }");
test("custom inspector gets depth and options", () =>
  inspect({ a: { [inspect.custom](depth, options, fn) {
    return `depth=${depth} breakLength=${options.breakLength} same=${fn === inspect}`;
  } } }),
  "{ a: depth=1 breakLength=80 same=true }");
test("multi-line custom output is indented", () =>
  inspect({ a: { b: { [inspect.custom]() { return 'line1\nline2'; } } } }),
  "{\n  a: {\n    b: line1\n    line2\n  }\n}");
test("custom inspector on a class", () => {
    class Temp {
      constructor(c) { this.c = c; }
      [inspect.custom]() { return `Temp<${this.c}C>`; }
    }
    return inspect([new Temp(20), new Temp(25)]);
  },
  "[ Temp<20C>, Temp<25C> ]");

// format
test("format %s with a string prints it raw", () => format('%s', 'str'),
  "str");
test("format %s with primitives", () =>
  format('%s %s %s %s %s %s', 42, -0, 1n, Symbol('s'), null, undefined),
  "42 -0 1n Symbol(s) null undefined");
test("format %s with an object uses depth 0", () => format('%s', { a: { b: 1 }, c: 'x' }),
  "{ a: [Object], c: 'x' }");
test("format %s with an array", () => format('%s', [1, [2, [3]]]),
  "[ 1, [Array] ]");
test("format %s with a user toString", () => format('%s', { toString() { return 'custom!'; } }),
  "custom!");
test("format %s with a class instance with toString", () => {
    class Pt { toString() { return 'Pt(1)'; } }
    return format('%s', new Pt());
  },
  "Pt(1)");
test("format %s with an error", () => {
    const e = new Error('e');
    e.stack = undefined;
    return format('%s', e);
  },
  "[Error: e]");
test("format %s with a date", () => format('%s', new Date(0)),
  "1970-01-01T00:00:00.000Z");
test("format %s with a function, a class, a map and a null-prototype object", () =>
  format('%s | %s | %s | %s', function foo() {}, class Q {}, new Map([[1, 2]]), Object.create(null)),
  "function foo() {} | class Q {} | Map(1) { 1 => 2 } | [Object: null prototype] {}");
test("format %d", () => format('%d %d %d %d %d', '42', 1.5, '0x10', {}, 10n),
  "42 1.5 16 NaN 10n");
test("format %d with a symbol", () => format('%d', Symbol('x')),
  "NaN");
test("format %i", () => format('%i %i %i', '42.9', 1n, 'x'),
  "42 1n NaN");
test("format %f", () => format('%f %f', '1.5abc', Symbol('x')),
  "1.5 NaN");
test("format %j", () => format('%j', { a: [1], s: 'x' }),
  "{\"a\":[1],\"s\":\"x\"}");
test("format %j circular", () => {
    const o = {};
    o.o = o;
    return format('%j', o);
  },
  "[Circular]");
test("format %o", () => format('%o', { a: 1 }),
  "{ a: 1 }");
test("format %o on an array shows length", () => format('%o', [1, 2]),
  "[ 1, 2, [length]: 2 ]");
test("format %O", () => format('%O', { a: { b: { c: { d: 1 } } } }),
  "{ a: { b: { c: [Object] } } }");
test("format %c drops its argument", () => format('%cred%s', 'color: red', '!'),
  "red!");
test("format %% with arguments", () => format('%% %s', 'x'),
  "% x");
test("format lone string is returned unchanged", () => format('100%%'),
  "100%%");
test("format placeholder without argument", () => format('%s'),
  "%s");
test("format more placeholders than arguments", () => format('%s %s', 'a'),
  "a %s");
test("format extra arguments are appended", () => format('a', 'b', 1, { c: 2 }),
  "a b 1 { c: 2 }");
test("format with a non-string first argument", () => format(1, 'x', [2]),
  "1 x [ 2 ]");
test("format unknown placeholder", () => format('%x', 1),
  "%x 1");
test("format extra args after placeholders", () => format('%s:', 'a', 'b', { c: 1 }),
  "a: b { c: 1 }");
test("format with no arguments", () => format(),
  "");
test("format trailing percent", () => format('50%', 1),
  "50% 1");
test("formatWithOptions colors", () => formatWithOptions({ colors: true }, '%O and', 1, 'two', [3]),
  "\u001b[33m1\u001b[39m and two [ \u001b[33m3\u001b[39m ]");
test("formatWithOptions depth", () => formatWithOptions({ depth: 0 }, { a: { b: 1 } }),
  "{ a: [Object] }");
test("formatWithOptions numericSeparator", () =>
  formatWithOptions({ numericSeparator: true }, '%d %i %f %s', 1234567, 7654321, 1234.5, 98765),
  "1_234_567 7_654_321 1_234.5 98_765");
test("formatWithOptions rejects a non-object", () => {
    try {
      formatWithOptions(1, 'x');
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "TypeError ERR_INVALID_ARG_TYPE: The \"inspectOptions\" argument must be of type object. Received type number (1)");

// isDeepStrictEqual
test("isDeepStrictEqual: primitives", () => [
    isDeepStrictEqual(1, 1), isDeepStrictEqual(1, '1'), isDeepStrictEqual(NaN, NaN),
    isDeepStrictEqual(0, -0), isDeepStrictEqual('a', 'a'), isDeepStrictEqual(null, undefined),
  ],
  [true,false,true,false,true,false]);
test("isDeepStrictEqual: objects and arrays", () => [
    isDeepStrictEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 }), isDeepStrictEqual({ a: 1 }, { a: '1' }),
    isDeepStrictEqual([1, 2], [2, 1]), isDeepStrictEqual([1, , 3], [1, undefined, 3]),
    isDeepStrictEqual({}, Object.create(null)), isDeepStrictEqual([1], { 0: 1, length: 1 }),
    isDeepStrictEqual({ a: undefined }, {}), isDeepStrictEqual([1, 2], [1, 2, 3]),
  ],
  [true,false,false,false,false,false,false,false]);
test("isDeepStrictEqual: class instances", () => {
    class A { constructor() { this.x = 1; } }
    class B { constructor() { this.x = 1; } }
    return [isDeepStrictEqual(new A(), new A()), isDeepStrictEqual(new A(), new B()),
            isDeepStrictEqual(new A(), { x: 1 })];
  },
  [true,false,false]);
test("isDeepStrictEqual: dates, regexps and errors", () => [
    isDeepStrictEqual(new Date(0), new Date(0)), isDeepStrictEqual(new Date(0), new Date(1)),
    isDeepStrictEqual(/a/g, /a/g), isDeepStrictEqual(/a/g, /a/i),
    isDeepStrictEqual(new Error('a'), new Error('a')), isDeepStrictEqual(new Error('a'), new Error('b')),
    isDeepStrictEqual(new Error('a'), new TypeError('a')),
  ],
  [true,false,true,false,true,false,false]);
test("isDeepStrictEqual: maps and sets", () => [
    isDeepStrictEqual(new Map([[1, { a: 1 }]]), new Map([[1, { a: 1 }]])),
    isDeepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]])),
    isDeepStrictEqual(new Map([[{ k: 1 }, 'v']]), new Map([[{ k: 1 }, 'v']])),
    isDeepStrictEqual(new Set([{ a: 1 }, 2]), new Set([2, { a: 1 }])),
    isDeepStrictEqual(new Set([1]), new Set(['1'])),
    isDeepStrictEqual(new Set([1, 2]), new Set([1])),
  ],
  [true,false,true,true,false,false]);
test("isDeepStrictEqual: boxed primitives, typed arrays and buffers", () => [
    isDeepStrictEqual(new Number(1), new Number(1)), isDeepStrictEqual(new Number(1), new Number(2)),
    isDeepStrictEqual(new String('a'), 'a'),
    isDeepStrictEqual(new Uint8Array([1, 2]), new Uint8Array([1, 2])),
    isDeepStrictEqual(new Uint8Array([1]), new Int8Array([1])),
    isDeepStrictEqual(new Float64Array([0]), new Float64Array([-0])),
    isDeepStrictEqual(new Uint8Array([1]).buffer, new Uint8Array([1]).buffer),
  ],
  [true,false,false,true,false,false,true]);
test("isDeepStrictEqual: symbol keys and circular structures", () => {
    const a = { x: 1 };
    a.self = a;
    const b = { x: 1 };
    b.self = b;
    const c = { x: 2 };
    c.self = c;
    return [isDeepStrictEqual({ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 1 }),
            isDeepStrictEqual({ [Symbol.for('s')]: 1 }, { [Symbol.for('s')]: 2 }),
            isDeepStrictEqual(a, b), isDeepStrictEqual(a, c)];
  },
  [true,false,true,false]);

// types
test("types on matching values", () => [
    types.isPromise(Promise.resolve()), types.isDate(new Date()), types.isRegExp(/x/),
    types.isMap(new Map()), types.isSet(new Set()), types.isWeakMap(new WeakMap()),
    types.isWeakSet(new WeakSet()), types.isTypedArray(new Uint8Array(1)),
    types.isUint8Array(new Uint8Array(1)), types.isFloat64Array(new Float64Array(1)),
    types.isBigInt64Array(new BigInt64Array(1)), types.isArrayBuffer(new ArrayBuffer(1)),
    types.isAnyArrayBuffer(new SharedArrayBuffer(1)), types.isSharedArrayBuffer(new SharedArrayBuffer(1)),
    types.isDataView(new DataView(new ArrayBuffer(1))), types.isArrayBufferView(new DataView(new ArrayBuffer(1))),
    types.isNativeError(new TypeError('x')), types.isAsyncFunction(async () => {}),
    types.isGeneratorFunction(function* () {}), types.isGeneratorObject((function* () {})()),
    types.isBoxedPrimitive(new String('')), types.isNumberObject(new Number(1)),
    types.isStringObject(new String('')), types.isBooleanObject(new Boolean(false)),
    types.isBigIntObject(Object(1n)), types.isSymbolObject(Object(Symbol())),
    types.isArgumentsObject((function () { return arguments; })()),
    types.isMapIterator(new Map().keys()), types.isSetIterator(new Set().values()),
  ],
  [true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true,true]);
test("types on look-alikes", () => [
    types.isPromise({ then() {} }), types.isPromise(Object.create(Promise.prototype)),
    types.isDate({ getTime() {} }), types.isRegExp(RegExp.prototype), types.isMap(new WeakMap()),
    types.isSet([]), types.isTypedArray(new DataView(new ArrayBuffer(1))),
    types.isUint8Array(new Int8Array(1)), types.isArrayBuffer(new SharedArrayBuffer(1)),
    types.isNativeError({ name: 'Error', message: 'x' }), types.isNativeError(Object.create(Error.prototype)),
    types.isAsyncFunction(function () {}), types.isGeneratorFunction(() => {}),
    types.isBoxedPrimitive(1), types.isNumberObject(1), types.isArgumentsObject([]),
    types.isMapIterator(new Set().values()), types.isDate(Date.prototype),
  ],
  [false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false,false]);

// Helpers
test("default export holds the named exports", () => [
    util.inspect === inspect, util.format === format, util.formatWithOptions === formatWithOptions,
    util.isDeepStrictEqual === isDeepStrictEqual, util.types === types, util.inherits === inherits,
    util.promisify === promisify, util.deprecate === deprecate, util.callbackify === callbackify,
  ],
  [true,true,true,true,true,true,true,true,true]);
test("TextEncoder and TextDecoder come from globalThis", () =>
  [util.TextEncoder === globalThis.TextEncoder, util.TextDecoder === globalThis.TextDecoder],
  [true,true]);
test("inherits", () => {
    function Animal(name) { this.name = name; }
    Animal.prototype.speak = function () { return `${this.name} speaks`; };
    function Dog(name) { Animal.call(this, name); }
    inherits(Dog, Animal);
    const d = new Dog('rex');
    return [Dog.super_ === Animal, d instanceof Animal, d.speak(), inspect(d)];
  },
  [true,true,"rex speaks","Dog { name: 'rex' }"]);
test("inherits rejects a missing superCtor", () => {
    try {
      inherits(function () {}, null);
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "TypeError ERR_INVALID_ARG_TYPE: The \"superCtor\" argument must be of type function. Received null");
test("promisify resolves", () => {
    const double = (x, cb) => cb(null, x * 2);
    return promisify(double)(21);
  },
  42);
test("promisify rejects", async () => {
    // The callback runs later, as real callbacks do (and so the promise
    // has a handler by the time it rejects).
    const fail = (cb) => Promise.resolve().then(() => cb(new Error('failed')));
    try {
      await promisify(fail)();
      return 'resolved';
    } catch (err) {
      return err.message;
    }
  },
  "failed");
test("promisify keeps this", () => {
    const obj = { v: 7, get(cb) { cb(null, this.v); } };
    obj.getAsync = promisify(obj.get);
    return obj.getAsync();
  },
  7);
test("promisify.custom", () => {
    function legacy() {}
    const custom = () => Promise.resolve('custom');
    legacy[promisify.custom] = custom;
    return [promisify(legacy) === custom, promisify.custom === Symbol.for('nodejs.util.promisify.custom')];
  },
  [true,true]);
test("promisify rejects a non-function", () => {
    try {
      promisify(1);
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "TypeError ERR_INVALID_ARG_TYPE: The \"original\" argument must be of type function. Received type number (1)");
test("callbackify", () => new Promise((resolve) => {
    const cbified = callbackify(async (x) => x + 1);
    cbified(1, (err, value) => resolve([err, value, cbified.name, cbified.length]));
  }),
  [null,2,"Callbackified",2]);
test("callbackify with a falsy rejection", () => new Promise((resolve) => {
    const rejectsLater = async () => {
      await null;
      throw null;
    };
    callbackify(rejectsLater)((err) => resolve([err.message, err.code, err.reason]));
  }),
  ["Promise was rejected with falsy value","ERR_FALSY_VALUE_REJECTION",null]);
test("deprecate warns once", () => {
    const fn = deprecate((a) => a * 2, 'fn() is old');
    let results;
    const warnings = captureWarnings(() => {
      results = [fn(1), fn(2)];
    });
    return [results, warnings];
  },
  [[2,4],["DeprecationWarning: fn() is old"]]);
test("deprecate warns once per code", () => {
    const f1 = deprecate(() => 1, 'f1 is old', 'DEP_RTJS_TEST');
    const f2 = deprecate(() => 2, 'f2 is old', 'DEP_RTJS_TEST');
    const warnings = captureWarnings(() => {
      f1();
      f2();
    });
    return warnings;
  },
  ["[DEP_RTJS_TEST] DeprecationWarning: f1 is old"]);
test("deprecate keeps constructors working", () => {
    class Old { constructor(v) { this.v = v; } }
    const Dep = deprecate(Old, 'Old is old');
    let made;
    captureWarnings(() => {
      made = new Dep(3);
    });
    return [made instanceof Old, made.v];
  },
  [true,3]);

run();
