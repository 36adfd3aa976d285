// util: the Node.js-compatible `util` module of rtjs.
//
// Holds inspect() and format() (whose output follows Node.js 20's
// util.inspect defaults and layout rules), isDeepStrictEqual(), the `types`
// predicates, inherits(), promisify(), callbackify() and deprecate().
//
// Everything here is plain ECMAScript: QuickJS gives us no engine hooks, so
// type checks are done with brand-checking built-in methods (a built-in
// getter such as Map.prototype.size throws on anything that is not really a
// Map), and a few things Node reads from V8 directly cannot be known at all
// (a promise's state, whether an object is a Proxy, the contents of weak
// collections and of live iterators). Where that changes the output, the
// function doing it says so.

// Built-ins are captured once, so a program that replaces them later
// (Array.prototype.push, Map.prototype.size, ...) cannot break inspect().
const ObjectPrototype = Object.prototype;
const FunctionPrototype = Function.prototype;
const uncurryThis = (fn) => FunctionPrototype.call.bind(fn);
const getterOf = (proto, key) =>
  Object.getOwnPropertyDescriptor(proto, key).get;

const hasOwnProperty = uncurryThis(ObjectPrototype.hasOwnProperty);
const propertyIsEnumerable = uncurryThis(ObjectPrototype.propertyIsEnumerable);
const objectToString = uncurryThis(ObjectPrototype.toString);
const isPrototypeOf = uncurryThis(ObjectPrototype.isPrototypeOf);
const functionToString = uncurryThis(FunctionPrototype.toString);
const functionHasInstance = uncurryThis(FunctionPrototype[Symbol.hasInstance]);
const errorToString = uncurryThis(Error.prototype.toString);
const dateGetTime = uncurryThis(Date.prototype.getTime);
const dateToISOString = uncurryThis(Date.prototype.toISOString);
const dateToString = uncurryThis(Date.prototype.toString);
const regExpToString = uncurryThis(RegExp.prototype.toString);
const regExpSource = uncurryThis(getterOf(RegExp.prototype, 'source'));
const regExpFlags = uncurryThis(getterOf(RegExp.prototype, 'flags'));
const mapSize = uncurryThis(getterOf(Map.prototype, 'size'));
const mapEntries = uncurryThis(Map.prototype.entries);
const mapGet = uncurryThis(Map.prototype.get);
const mapHas = uncurryThis(Map.prototype.has);
const setSize = uncurryThis(getterOf(Set.prototype, 'size'));
const setValues = uncurryThis(Set.prototype.values);
const setHas = uncurryThis(Set.prototype.has);
const weakMapHas = uncurryThis(WeakMap.prototype.has);
const weakSetHas = uncurryThis(WeakSet.prototype.has);
const numberValueOf = uncurryThis(Number.prototype.valueOf);
const stringValueOf = uncurryThis(String.prototype.valueOf);
const booleanValueOf = uncurryThis(Boolean.prototype.valueOf);
const bigIntValueOf = uncurryThis(BigInt.prototype.valueOf);
const symbolValueOf = uncurryThis(Symbol.prototype.valueOf);
const symbolToString = uncurryThis(Symbol.prototype.toString);
const arrayBufferByteLength =
  uncurryThis(getterOf(ArrayBuffer.prototype, 'byteLength'));
const sharedArrayBufferByteLength = typeof SharedArrayBuffer === 'function' ?
  uncurryThis(getterOf(SharedArrayBuffer.prototype, 'byteLength')) :
  undefined;
// DataView's byteLength throws on a detached buffer; its buffer getter does
// not, which makes it the better brand check.
const dataViewBuffer = uncurryThis(getterOf(DataView.prototype, 'buffer'));
const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
const typedArrayTag =
  uncurryThis(getterOf(TypedArrayPrototype, Symbol.toStringTag));
const typedArrayLength = uncurryThis(getterOf(TypedArrayPrototype, 'length'));
const promiseResolve = Promise.resolve;
const promiseThen = Promise.prototype.then;
const PromisePrototype = Promise.prototype;

const AsyncFunctionPrototype = Object.getPrototypeOf(async function() {});
const GeneratorFunctionPrototype = Object.getPrototypeOf(function*() {});
const AsyncGeneratorFunctionPrototype =
  Object.getPrototypeOf(async function*() {});
const GeneratorPrototype = GeneratorFunctionPrototype.prototype;
const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries());
const SetIteratorPrototype = Object.getPrototypeOf(new Set().values());

function isObjectLike(value) {
  return value !== null && typeof value === 'object';
}

// Runs a brand-checking built-in on `value`; it throws a TypeError exactly
// when `value` lacks the internal slot we are asking about.
function passesBrandCheck(check, value) {
  try {
    check(value);
    return true;
  } catch {
    return false;
  }
}

function noop() {}

// ---------------------------------------------------------------------------
// util.types

function isDate(value) {
  return isObjectLike(value) && passesBrandCheck(dateGetTime, value);
}

function isRegExp(value) {
  // The `source` getter answers for RegExp.prototype itself (with '(?:)')
  // although it is an ordinary object.
  return isObjectLike(value) && value !== RegExp.prototype &&
    passesBrandCheck(regExpSource, value);
}

function isMap(value) {
  return isObjectLike(value) && passesBrandCheck(mapSize, value);
}

function isSet(value) {
  return isObjectLike(value) && passesBrandCheck(setSize, value);
}

function isWeakMap(value) {
  return isObjectLike(value) &&
    passesBrandCheck((v) => weakMapHas(v, ObjectPrototype), value);
}

function isWeakSet(value) {
  return isObjectLike(value) &&
    passesBrandCheck((v) => weakSetHas(v, ObjectPrototype), value);
}

function isMapIterator(value) {
  return isObjectLike(value) &&
    Object.getPrototypeOf(value) === MapIteratorPrototype;
}

function isSetIterator(value) {
  return isObjectLike(value) &&
    Object.getPrototypeOf(value) === SetIteratorPrototype;
}

function isGeneratorObject(value) {
  return isObjectLike(value) && isPrototypeOf(GeneratorPrototype, value);
}

function isArrayBuffer(value) {
  return isObjectLike(value) &&
    passesBrandCheck(arrayBufferByteLength, value);
}

function isSharedArrayBuffer(value) {
  return sharedArrayBufferByteLength !== undefined && isObjectLike(value) &&
    passesBrandCheck(sharedArrayBufferByteLength, value);
}

function isAnyArrayBuffer(value) {
  return isArrayBuffer(value) || isSharedArrayBuffer(value);
}

function isDataView(value) {
  return isObjectLike(value) && passesBrandCheck(dataViewBuffer, value);
}

function isTypedArray(value) {
  // The %TypedArray%.prototype[@@toStringTag] getter returns undefined,
  // instead of throwing, for anything that is not a typed array.
  return isObjectLike(value) && typedArrayTag(value) !== undefined;
}

function isArrayBufferView(value) {
  return isTypedArray(value) || isDataView(value);
}

function typedArrayCheck(name) {
  return (value) => isObjectLike(value) && typedArrayTag(value) === name;
}

const isUint8Array = typedArrayCheck('Uint8Array');
const isUint8ClampedArray = typedArrayCheck('Uint8ClampedArray');
const isUint16Array = typedArrayCheck('Uint16Array');
const isUint32Array = typedArrayCheck('Uint32Array');
const isInt8Array = typedArrayCheck('Int8Array');
const isInt16Array = typedArrayCheck('Int16Array');
const isInt32Array = typedArrayCheck('Int32Array');
const isFloat32Array = typedArrayCheck('Float32Array');
const isFloat64Array = typedArrayCheck('Float64Array');
const isBigInt64Array = typedArrayCheck('BigInt64Array');
const isBigUint64Array = typedArrayCheck('BigUint64Array');

function isNumberObject(value) {
  return isObjectLike(value) && passesBrandCheck(numberValueOf, value);
}

function isStringObject(value) {
  return isObjectLike(value) && passesBrandCheck(stringValueOf, value);
}

function isBooleanObject(value) {
  return isObjectLike(value) && passesBrandCheck(booleanValueOf, value);
}

function isBigIntObject(value) {
  return isObjectLike(value) && passesBrandCheck(bigIntValueOf, value);
}

function isSymbolObject(value) {
  return isObjectLike(value) && passesBrandCheck(symbolValueOf, value);
}

function isBoxedPrimitive(value) {
  return isNumberObject(value) || isStringObject(value) ||
    isBooleanObject(value) || isBigIntObject(value) || isSymbolObject(value);
}

function isNativeError(value) {
  // Object.prototype.toString reports 'Error' for objects carrying the
  // [[ErrorData]] slot, which is as close to V8's check as ECMAScript gets.
  return isObjectLike(value) && objectToString(value) === '[object Error]';
}

function isArgumentsObject(value) {
  return isObjectLike(value) && objectToString(value) === '[object Arguments]';
}

function isModuleNamespaceObject(value) {
  return isObjectLike(value) && Object.getPrototypeOf(value) === null &&
    !Object.isExtensible(value) && objectToString(value) === '[object Module]';
}

function isAsyncFunction(value) {
  if (typeof value !== 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === AsyncFunctionPrototype ||
    proto === AsyncGeneratorFunctionPrototype;
}

function isGeneratorFunction(value) {
  if (typeof value !== 'function') return false;
  const proto = Object.getPrototypeOf(value);
  return proto === GeneratorFunctionPrototype ||
    proto === AsyncGeneratorFunctionPrototype;
}

function isPromise(value) {
  // ECMAScript has no side-effect free brand check for promises: `then`
  // would subscribe to the promise (and mark a rejection as handled).
  // Promise.resolve(C, x) however hands `x` back untouched exactly when `x`
  // is a real promise whose `constructor` is C, so ask it with C taken from
  // the value itself, but only when that is Promise or one of its subclasses
  // (otherwise it would run an arbitrary constructor).
  if (!isObjectLike(value) || !isPrototypeOf(PromisePrototype, value)) {
    return false;
  }
  try {
    const C = value.constructor;
    if (C !== Promise &&
        (typeof C !== 'function' ||
         !isPrototypeOf(PromisePrototype, C.prototype))) {
      return false;
    }
    const wrapped = Reflect.apply(promiseResolve, C, [value]);
    if (wrapped === value) return true;
    // `value` only looked like a promise; the wrapper we just made will
    // reject when it calls the borrowed `then`: keep that quiet.
    Reflect.apply(promiseThen, wrapped, [undefined, noop]);
  } catch {
    // Continue regardless of error: a throwing getter means "not a promise".
  }
  return false;
}

// Proxies are transparent to ECMAScript code, so this cannot be answered.
function isProxy() {
  return false;
}

function isError(value) {
  if (isNativeError(value)) return true;
  try {
    return value instanceof Error;
  } catch {
    return false;
  }
}

export const types = {
  isAnyArrayBuffer,
  isArgumentsObject,
  isArrayBuffer,
  isArrayBufferView,
  isAsyncFunction,
  isBigInt64Array,
  isBigIntObject,
  isBigUint64Array,
  isBooleanObject,
  isBoxedPrimitive,
  isDataView,
  isDate,
  isFloat32Array,
  isFloat64Array,
  isGeneratorFunction,
  isGeneratorObject,
  isInt16Array,
  isInt32Array,
  isInt8Array,
  isMap,
  isMapIterator,
  isModuleNamespaceObject,
  isNativeError,
  isNumberObject,
  isPromise,
  isProxy,
  isRegExp,
  isSet,
  isSetIterator,
  isSharedArrayBuffer,
  isStringObject,
  isSymbolObject,
  isTypedArray,
  isUint16Array,
  isUint32Array,
  isUint8Array,
  isUint8ClampedArray,
  isWeakMap,
  isWeakSet,
};

// ---------------------------------------------------------------------------
// Errors thrown by argument validation, shaped like Node's internal errors.

function describeReceived(value) {
  if (value == null) return ` Received ${value}`;
  if (typeof value === 'function') {
    return ` Received function ${value.name}`;
  }
  if (typeof value === 'object') {
    if (value.constructor && value.constructor.name) {
      return ` Received an instance of ${value.constructor.name}`;
    }
    return ` Received ${inspect(value, { depth: -1 })}`;
  }
  let shown = inspect(value, { colors: false });
  if (shown.length > 28) shown = `${shown.slice(0, 25)}...`;
  return ` Received type ${typeof value} (${shown})`;
}

function invalidArgType(name, expected, actual) {
  const err = new TypeError(
    `The "${name}" argument must be of type ${expected}.` +
    describeReceived(actual));
  err.code = 'ERR_INVALID_ARG_TYPE';
  return err;
}

function validateFunction(value, name) {
  if (typeof value !== 'function') {
    throw invalidArgType(name, 'function', value);
  }
}

function validateObject(value, name) {
  if (value === null || typeof value !== 'object') {
    throw invalidArgType(name, 'object', value);
  }
}

// ---------------------------------------------------------------------------
// inspect()

const inspectCustom = Symbol.for('nodejs.util.inspect.custom');

const inspectDefaultOptions = Object.seal({
  showHidden: false,
  depth: 2,
  colors: false,
  customInspect: true,
  showProxy: false,
  maxArrayLength: 100,
  maxStringLength: 10000,
  breakLength: 80,
  compact: 3,
  sorted: false,
  getters: false,
  numericSeparator: false,
});

// Layout kinds of a list of formatted entries.
const kObjectType = 0;
const kArrayType = 1;
const kArrayExtrasType = 2;

// Strings shorter than this are never split across lines.
const kMinLineLength = 16;

// Characters that need escaping in a quoted string: C0/C1 controls, the
// quote (only when single quotes are used), the backslash and lone
// surrogates.
const strEscapeSequences =
  /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strEscapeSequencesGlobal = new RegExp(strEscapeSequences.source, 'g');
const strEscapeSequencesNoQuote =
  /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const strEscapeSequencesNoQuoteGlobal =
  new RegExp(strEscapeSequencesNoQuote.source, 'g');

const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
const numberRegExp = /^(0|[1-9][0-9]*)$/;
const classRegExp = /^(\s+[^(]*?)\s*{/;
const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;

// Escape text for every code unit below 0xa0 (empty when none is needed).
const meta = [];
for (let i = 0; i < 0xa0; i++) {
  meta.push(i < 0x20 || i >= 0x7f ?
    `\\x${i.toString(16).toUpperCase().padStart(2, '0')}` : '');
}
meta[0x08] = '\\b';
meta[0x09] = '\\t';
meta[0x0a] = '\\n';
meta[0x0c] = '\\f';
meta[0x0d] = '\\r';
meta[0x27] = "\\'";
meta[0x5c] = '\\\\';

// ANSI escape sequences (after chalk/ansi-regex), to measure coloured text.
const ansi = new RegExp(
  '[\\u001B\\u009B][[\\]()#;?]*' +
  '(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*' +
  '|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?' +
  '(?:\\u0007|\\u001B\\u005C|\\u009C))' +
  '|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?' +
  '[\\dA-PR-TZcf-nq-uy=><~]))', 'g');

// Names of the global constructors, as seen when this module loads: their
// prototypes end the search for user-defined prototype properties.
const builtInObjects = new Set(
  ecmaGlobals.filter((name) => /^[A-Z][a-zA-Z0-9]+$/.test(name)));

// Tampering with Object.prototype.constructor must not rename plain objects.
const wellKnownPrototypes = new Map([
  [ObjectPrototype, { name: 'Object', constructor: Object }],
  [FunctionPrototype, { name: 'Function', constructor: Function }],
]);

function getUserOptions(ctx) {
  return {
    stylize: ctx.stylize,
    showHidden: ctx.showHidden,
    depth: ctx.depth,
    colors: ctx.colors,
    customInspect: ctx.customInspect,
    showProxy: ctx.showProxy,
    maxArrayLength: ctx.maxArrayLength,
    maxStringLength: ctx.maxStringLength,
    breakLength: ctx.breakLength,
    compact: ctx.compact,
    sorted: ctx.sorted,
    getters: ctx.getters,
    numericSeparator: ctx.numericSeparator,
    ...ctx.userOptions,
  };
}

/**
 * Returns a string representation of `value` meant for debugging, laid out
 * the way Node.js does it.
 * Legacy signature: inspect(value, showHidden, depth, colors).
 */
export function inspect(value, opts) {
  const ctx = {
    budget: {},
    indentationLvl: 0,
    seen: [],
    currentDepth: 0,
    stylize: stylizeNoColor,
    showHidden: inspectDefaultOptions.showHidden,
    depth: inspectDefaultOptions.depth,
    colors: inspectDefaultOptions.colors,
    customInspect: inspectDefaultOptions.customInspect,
    showProxy: inspectDefaultOptions.showProxy,
    maxArrayLength: inspectDefaultOptions.maxArrayLength,
    maxStringLength: inspectDefaultOptions.maxStringLength,
    breakLength: inspectDefaultOptions.breakLength,
    compact: inspectDefaultOptions.compact,
    sorted: inspectDefaultOptions.sorted,
    getters: inspectDefaultOptions.getters,
    numericSeparator: inspectDefaultOptions.numericSeparator,
  };
  if (arguments.length > 1) {
    if (arguments.length > 2) {
      if (arguments[2] !== undefined) ctx.depth = arguments[2];
      if (arguments.length > 3 && arguments[3] !== undefined) {
        ctx.colors = arguments[3];
      }
    }
    if (typeof opts === 'boolean') {
      ctx.showHidden = opts;
    } else if (opts) {
      for (const key of Object.keys(opts)) {
        if (hasOwnProperty(inspectDefaultOptions, key) || key === 'stylize') {
          ctx[key] = opts[key];
        } else if (ctx.userOptions === undefined) {
          // Unknown options are handed on to custom inspect functions.
          ctx.userOptions = opts;
        }
      }
    }
  }
  if (ctx.colors) ctx.stylize = stylizeWithColor;
  if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
  if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
  return formatValue(ctx, value, 0);
}
inspect.custom = inspectCustom;

Object.defineProperty(inspect, 'defaultOptions', {
  get() {
    return inspectDefaultOptions;
  },
  set(options) {
    validateObject(options, 'options');
    return Object.assign(inspectDefaultOptions, options);
  },
});

// SGR codes: [set, reset].
inspect.colors = Object.assign(Object.create(null), {
  reset: [0, 0],
  bold: [1, 22],
  dim: [2, 22],
  italic: [3, 23],
  underline: [4, 24],
  blink: [5, 25],
  inverse: [7, 27],
  hidden: [8, 28],
  strikethrough: [9, 29],
  doubleunderline: [21, 24],
  black: [30, 39],
  red: [31, 39],
  green: [32, 39],
  yellow: [33, 39],
  blue: [34, 39],
  magenta: [35, 39],
  cyan: [36, 39],
  white: [37, 39],
  bgBlack: [40, 49],
  bgRed: [41, 49],
  bgGreen: [42, 49],
  bgYellow: [43, 49],
  bgBlue: [44, 49],
  bgMagenta: [45, 49],
  bgCyan: [46, 49],
  bgWhite: [47, 49],
  framed: [51, 54],
  overlined: [53, 55],
  gray: [90, 39],
  redBright: [91, 39],
  greenBright: [92, 39],
  yellowBright: [93, 39],
  blueBright: [94, 39],
  magentaBright: [95, 39],
  cyanBright: [96, 39],
  whiteBright: [97, 39],
  bgGray: [100, 49],
  bgRedBright: [101, 49],
  bgGreenBright: [102, 49],
  bgYellowBright: [103, 49],
  bgBlueBright: [104, 49],
  bgMagentaBright: [105, 49],
  bgCyanBright: [106, 49],
  bgWhiteBright: [107, 49],
});

for (const [alias, target] of [
  ['grey', 'gray'], ['blackBright', 'gray'], ['bgGrey', 'bgGray'],
  ['bgBlackBright', 'bgGray'], ['faint', 'dim'],
  ['crossedout', 'strikethrough'], ['strikeThrough', 'strikethrough'],
  ['crossedOut', 'strikethrough'], ['conceal', 'hidden'],
  ['swapColors', 'inverse'], ['swapcolors', 'inverse'],
  ['doubleUnderline', 'doubleunderline'],
]) {
  Object.defineProperty(inspect.colors, alias, {
    get() { return this[target]; },
    set(value) { this[target] = value; },
    configurable: true,
    enumerable: false,
  });
}

// Which colour each kind of token gets. Not blue: unreadable on some
// terminals. Property names ('name') are deliberately left unstyled.
inspect.styles = Object.assign(Object.create(null), {
  special: 'cyan',
  number: 'yellow',
  bigint: 'yellow',
  boolean: 'yellow',
  undefined: 'grey',
  null: 'bold',
  string: 'green',
  symbol: 'green',
  date: 'magenta',
  regexp: 'red',
  module: 'underline',
});

function stylizeWithColor(str, styleType) {
  const style = inspect.styles[styleType];
  if (style !== undefined) {
    const color = inspect.colors[style];
    if (color !== undefined) {
      return `\u001b[${color[0]}m${str}\u001b[${color[1]}m`;
    }
  }
  return str;
}

function stylizeNoColor(str) {
  return str;
}

function removeColors(str) {
  return String(str).replace(ansi, '');
}

export function stripVTControlCharacters(str) {
  if (typeof str !== 'string') throw invalidArgType('str', 'string', str);
  return str.replace(ansi, '');
}

function escapeFn(char) {
  const code = char.charCodeAt(0);
  return code < meta.length ? meta[code] : `\\u${code.toString(16)}`;
}

// Quotes a string the way Node does: single quotes unless the text holds
// some, then double quotes, then backticks; escapes control characters.
function strEscape(str) {
  let escapeTest = strEscapeSequences;
  let escapeReplace = strEscapeSequencesGlobal;
  let quote = "'";

  if (str.includes("'")) {
    if (!str.includes('"')) {
      quote = '"';
    } else if (!str.includes('`') && !str.includes('${')) {
      quote = '`';
    }
    if (quote !== "'") {
      escapeTest = strEscapeSequencesNoQuote;
      escapeReplace = strEscapeSequencesNoQuoteGlobal;
    }
  }
  if (!escapeTest.test(str)) return `${quote}${str}${quote}`;
  return `${quote}${str.replace(escapeReplace, escapeFn)}${quote}`;
}

function isInstanceof(object, proto) {
  try {
    return object instanceof proto;
  } catch {
    return false;
  }
}

// What V8 calls the object's class name; used when the prototype chain
// names no constructor at all.
function getInternalClassName(value) {
  if (typeof value === 'function') return 'Function';
  if (Array.isArray(value)) return 'Array';
  if (isTypedArray(value)) return typedArrayTag(value);
  if (isMap(value)) return 'Map';
  if (isSet(value)) return 'Set';
  if (isWeakMap(value)) return 'WeakMap';
  if (isWeakSet(value)) return 'WeakSet';
  if (isDate(value)) return 'Date';
  if (isRegExp(value)) return 'RegExp';
  if (isNativeError(value)) return 'Error';
  if (isArrayBuffer(value)) return 'ArrayBuffer';
  if (isSharedArrayBuffer(value)) return 'SharedArrayBuffer';
  if (isDataView(value)) return 'DataView';
  if (isNumberObject(value)) return 'Number';
  if (isStringObject(value)) return 'String';
  if (isBooleanObject(value)) return 'Boolean';
  if (isBigIntObject(value)) return 'BigInt';
  if (isSymbolObject(value)) return 'Symbol';
  return 'Object';
}

// Returns the name of the nearest constructor on the prototype chain that
// `obj` is really an instance of, null for a null-prototype object, or a
// description of the first prototype when no constructor can be found.
// With `protoProps`, user-defined prototype properties are collected too.
function getConstructorName(obj, ctx, recurseTimes, protoProps) {
  let firstProto;
  const tmp = obj;
  while (obj) {
    const known = wellKnownPrototypes.get(obj);
    if (known !== undefined && functionHasInstance(known.constructor, tmp)) {
      if (protoProps !== undefined && firstProto !== obj) {
        addPrototypeProperties(
          ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
      }
      return known.name;
    }
    const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
    if (descriptor !== undefined &&
        typeof descriptor.value === 'function' &&
        descriptor.value.name !== '' &&
        isInstanceof(tmp, descriptor.value)) {
      if (protoProps !== undefined &&
          (firstProto !== obj || !builtInObjects.has(descriptor.value.name))) {
        addPrototypeProperties(
          ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
      }
      return String(descriptor.value.name);
    }
    obj = Object.getPrototypeOf(obj);
    if (firstProto === undefined) firstProto = obj;
  }

  if (firstProto === null) return null;

  const res = getInternalClassName(tmp);
  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    return `${res} <Complex prototype>`;
  }
  const protoConstr =
    getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps);
  if (protoConstr === null) {
    return `${res} <${inspect(firstProto, {
      ...ctx,
      customInspect: false,
      depth: -1,
    })}>`;
  }
  return `${res} <${protoConstr}>`;
}

// With showHidden, properties that user code put on the prototypes (up to
// three levels, stopping at built-in prototypes) are listed after the own
// properties; functions are skipped since they are the methods.
function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
  let depth = 0;
  let keys;
  let keySet;
  do {
    if (depth !== 0 || main === obj) {
      obj = Object.getPrototypeOf(obj);
      if (obj === null) return;
      const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
      if (descriptor !== undefined &&
          typeof descriptor.value === 'function' &&
          builtInObjects.has(descriptor.value.name)) {
        return;
      }
    }

    if (depth === 0) {
      keySet = new Set();
    } else {
      for (const key of keys) keySet.add(key);
    }
    keys = Reflect.ownKeys(obj);
    ctx.seen.push(main);
    for (const key of keys) {
      // Skip `constructor` and anything shadowed by a nearer layer.
      if (key === 'constructor' || hasOwnProperty(main, key) ||
          (depth !== 0 && keySet.has(key))) {
        continue;
      }
      const desc = Object.getOwnPropertyDescriptor(obj, key);
      if (typeof desc.value === 'function') continue;
      const value = formatProperty(
        ctx, obj, recurseTimes, key, kObjectType, desc, main);
      // Faint, to set them apart from own properties.
      output.push(ctx.colors ? `\u001b[2m${value}\u001b[22m` : value);
    }
    ctx.seen.pop();
  } while (++depth !== 3);
}

function getPrefix(constructor, tag, fallback, size = '') {
  if (constructor === null) {
    if (tag !== '' && fallback !== tag) {
      return `[${fallback}${size}: null prototype] [${tag}] `;
    }
    return `[${fallback}${size}: null prototype] `;
  }
  if (tag !== '' && constructor !== tag) {
    return `${constructor}${size} [${tag}] `;
  }
  return `${constructor}${size} `;
}

// Own keys to show: enumerable ones (all of them with showHidden), strings
// first, then symbols.
function getKeys(value, showHidden) {
  let keys;
  const symbols = Object.getOwnPropertySymbols(value);
  if (showHidden) {
    keys = Object.getOwnPropertyNames(value);
    if (symbols.length !== 0) keys.push(...symbols);
  } else {
    try {
      keys = Object.keys(value);
    } catch {
      // A namespace object of a module still being evaluated throws on
      // its uninitialized bindings.
      keys = Object.getOwnPropertyNames(value);
    }
    for (const symbol of symbols) {
      if (propertyIsEnumerable(value, symbol)) keys.push(symbol);
    }
  }
  return keys;
}

function isArrayIndexKey(key) {
  return typeof key === 'string' && numberRegExp.test(key) &&
    Number(key) < 2 ** 32 - 1;
}

// Keys of an array or typed array that are not element indices.
// ECMAScript has no way to list them without listing every index too (V8
// lets Node skip those), but the indices always come first in ascending
// order, so only the tail of the list needs looking at.
function getOwnNonIndexProperties(value, showHidden) {
  const keys = Reflect.ownKeys(value);
  let first = keys.length;
  while (first > 0 && !isArrayIndexKey(keys[first - 1])) first--;
  const result = [];
  for (let i = first; i < keys.length; i++) {
    const key = keys[i];
    if (showHidden || propertyIsEnumerable(value, key)) result.push(key);
  }
  return result;
}

function getCtxStyle(value, constructor, tag) {
  let fallback = '';
  if (constructor === null) {
    fallback = getInternalClassName(value);
    if (fallback === tag) fallback = 'Object';
  }
  return getPrefix(constructor, tag, fallback);
}

function isRevokedProxy(value) {
  try {
    Object.getPrototypeOf(value);
    return false;
  } catch {
    return true;
  }
}

function isStackOverflowError(err) {
  // QuickJS reports exhausted stacks as InternalError('stack overflow').
  return isObjectLike(err) && err.name === 'InternalError' &&
    err.message === 'stack overflow';
}

// Note: callers that use formatValue directly have to adjust
// ctx.indentationLvl around the call themselves.
function formatValue(ctx, value, recurseTimes, typedArray) {
  if (typeof value !== 'object' && typeof value !== 'function') {
    return formatPrimitive(ctx.stylize, value, ctx);
  }
  if (value === null) {
    return ctx.stylize('null', 'null');
  }

  // A Proxy cannot be told apart from its target here (V8 lets Node peek
  // past it without running traps; ECMAScript does not), so it is shown as
  // whatever its traps make it look like: its target, for a plain proxy.
  // A revoked proxy throws on every operation, which gives it away.
  if (isRevokedProxy(value)) {
    return ctx.stylize('<Revoked Proxy>', 'special');
  }

  if (ctx.customInspect) {
    const maybeCustom = value[inspectCustom];
    if (typeof maybeCustom === 'function' &&
        // Our own inspect is not a custom inspector.
        maybeCustom !== inspect &&
        // Prototype objects only carry the method for their instances.
        !(value.constructor && value.constructor.prototype === value)) {
      // Custom inspectors get the depth left, not the depth used so far.
      const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
      const ret = FunctionPrototype.call.call(
        maybeCustom, value, depth, getUserOptions(ctx), inspect);
      // Returning `this` means "format me normally".
      if (ret !== value) {
        if (typeof ret !== 'string') {
          return formatValue(ctx, ret, recurseTimes);
        }
        return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
      }
    }
  }

  // `seen` holds the objects being formatted on the current path only, so
  // a linear search beats a Set here.
  if (ctx.seen.includes(value)) {
    let index = 1;
    if (ctx.circular === undefined) {
      ctx.circular = new Map();
      ctx.circular.set(value, index);
    } else {
      index = ctx.circular.get(value);
      if (index === undefined) {
        index = ctx.circular.size + 1;
        ctx.circular.set(value, index);
      }
    }
    return ctx.stylize(`[Circular *${index}]`, 'special');
  }

  return formatRaw(ctx, value, recurseTimes, typedArray);
}

function formatRaw(ctx, value, recurseTimes, typedArray) {
  let keys;
  let protoProps;
  if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) {
    protoProps = [];
  }

  const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
  if (protoProps !== undefined && protoProps.length === 0) {
    protoProps = undefined;
  }

  let tag = value[Symbol.toStringTag];
  // Only show the tag when it is not already listed as a property.
  if (typeof tag !== 'string' ||
      (tag !== '' &&
       (ctx.showHidden ? hasOwnProperty : propertyIsEnumerable)(
         value, Symbol.toStringTag))) {
    tag = '';
  }
  let base = '';
  let formatter = getEmptyFormatArray;
  let braces;
  let noIterator = true;
  let extrasType = kObjectType;

  // Iterable kinds are checked first. A null prototype hides the iterator,
  // so those objects are checked against every kind.
  if (Symbol.iterator in value || constructor === null) {
    noIterator = false;
    if (Array.isArray(value)) {
      // Plain arrays get no prefix, subclasses and tagged arrays do.
      const prefix = (constructor !== 'Array' || tag !== '') ?
        getPrefix(constructor, tag, 'Array', `(${value.length})`) :
        '';
      keys = getOwnNonIndexProperties(value, ctx.showHidden);
      braces = [`${prefix}[`, ']'];
      if (value.length === 0 && keys.length === 0 && protoProps === undefined) {
        return `${braces[0]}]`;
      }
      extrasType = kArrayExtrasType;
      formatter = formatArray;
    } else if (isSet(value)) {
      const size = setSize(value);
      const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = (ctx, _value, recurseTimes) =>
        formatSet(setValues(value), size, ctx, recurseTimes);
      if (size === 0 && keys.length === 0 && protoProps === undefined) {
        return `${prefix}{}`;
      }
      braces = [`${prefix}{`, '}'];
    } else if (isMap(value)) {
      const size = mapSize(value);
      const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
      keys = getKeys(value, ctx.showHidden);
      formatter = (ctx, _value, recurseTimes) =>
        formatMap(mapEntries(value), size, ctx, recurseTimes);
      if (size === 0 && keys.length === 0 && protoProps === undefined) {
        return `${prefix}{}`;
      }
      braces = [`${prefix}{`, '}'];
    } else if (isTypedArray(value)) {
      keys = getOwnNonIndexProperties(value, ctx.showHidden);
      let bound = value;
      let fallback = '';
      if (constructor === null) {
        // Rebuild the array so its elements can be read without a prototype.
        fallback = typedArrayTag(value);
        bound = new globalThis[fallback](value);
      }
      const size = typedArrayLength(value);
      const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
      braces = [`${prefix}[`, ']'];
      if (size === 0 && keys.length === 0 && !ctx.showHidden) {
        return `${braces[0]}]`;
      }
      formatter = (ctx, _value, recurseTimes) =>
        formatTypedArray(bound, size, ctx, recurseTimes);
      extrasType = kArrayExtrasType;
    } else if (isMapIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces('Map', tag);
      formatter = formatIterator;
    } else if (isSetIterator(value)) {
      keys = getKeys(value, ctx.showHidden);
      braces = getIteratorBraces('Set', tag);
      formatter = formatIterator;
    } else {
      noIterator = true;
    }
  }
  if (noIterator) {
    keys = getKeys(value, ctx.showHidden);
    braces = ['{', '}'];
    if (typeof value === 'function') {
      base = getFunctionBase(value, constructor, tag);
      if (keys.length === 0 && protoProps === undefined) {
        return ctx.stylize(base, 'special');
      }
    } else if (constructor === 'Object') {
      if (isArgumentsObject(value)) {
        braces[0] = '[Arguments] {';
      } else if (tag !== '') {
        braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
      }
      if (keys.length === 0 && protoProps === undefined) {
        return `${braces[0]}}`;
      }
    } else if (isRegExp(value)) {
      // Without a prototype the flags getters are gone; a copy made from
      // the internal slots has them back.
      base = regExpToString(constructor !== null ? value : new RegExp(value));
      const prefix = getPrefix(constructor, tag, 'RegExp');
      if (prefix !== 'RegExp ') base = `${prefix}${base}`;
      if ((keys.length === 0 && protoProps === undefined) ||
          (recurseTimes > ctx.depth && ctx.depth !== null)) {
        return ctx.stylize(base, 'regexp');
      }
    } else if (isDate(value)) {
      base = Number.isNaN(dateGetTime(value)) ?
        dateToString(value) :
        dateToISOString(value);
      const prefix = getPrefix(constructor, tag, 'Date');
      if (prefix !== 'Date ') base = `${prefix}${base}`;
      if (keys.length === 0 && protoProps === undefined) {
        return ctx.stylize(base, 'date');
      }
    } else if (isError(value)) {
      base = formatError(value, constructor, tag, ctx, keys);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else if (isAnyArrayBuffer(value)) {
      const arrayType = isArrayBuffer(value) ? 'ArrayBuffer' :
        'SharedArrayBuffer';
      const prefix = getPrefix(constructor, tag, arrayType);
      if (typedArray === undefined) {
        formatter = formatArrayBuffer;
      } else if (keys.length === 0 && protoProps === undefined) {
        // Short form for the .buffer of a typed array shown with showHidden.
        return prefix + `{ byteLength: ${
          formatNumber(ctx.stylize, value.byteLength, false)} }`;
      }
      braces[0] = `${prefix}{`;
      keys.unshift('byteLength');
    } else if (isDataView(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
      // .buffer goes last: unlike the others it is not a primitive.
      keys.unshift('byteLength', 'byteOffset', 'buffer');
    } else if (isPromise(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
      formatter = formatPromise;
    } else if (isWeakSet(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
      formatter = formatWeakCollection;
    } else if (isWeakMap(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
      formatter = formatWeakCollection;
    } else if (isModuleNamespaceObject(value)) {
      braces[0] = `${getPrefix(constructor, tag, 'Module')}{`;
      const namespaceKeys = keys;
      formatter = (ctx, value, recurseTimes) =>
        formatNamespaceObject(namespaceKeys, ctx, value, recurseTimes);
    } else if (isBoxedPrimitive(value)) {
      base = getBoxedBase(value, ctx, keys, constructor, tag);
      if (keys.length === 0 && protoProps === undefined) return base;
    } else {
      if (keys.length === 0 && protoProps === undefined) {
        return `${getCtxStyle(value, constructor, tag)}{}`;
      }
      braces[0] = `${getCtxStyle(value, constructor, tag)}{`;
    }
  }

  if (recurseTimes > ctx.depth && ctx.depth !== null) {
    let constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
    if (constructor !== null) constructorName = `[${constructorName}]`;
    return ctx.stylize(constructorName, 'special');
  }
  recurseTimes += 1;

  ctx.seen.push(value);
  ctx.currentDepth = recurseTimes;
  let output;
  const indentationLvl = ctx.indentationLvl;
  try {
    output = formatter(ctx, value, recurseTimes);
    for (let i = 0; i < keys.length; i++) {
      output.push(
        formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
    }
    if (protoProps !== undefined) output.push(...protoProps);
  } catch (err) {
    if (!isStackOverflowError(err)) throw err;
    const constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
    ctx.seen.pop();
    ctx.indentationLvl = indentationLvl;
    return ctx.stylize(
      `[${constructorName}: Inspection interrupted ` +
        'prematurely. Maximum call stack size exceeded.]',
      'special');
  }
  if (ctx.circular !== undefined) {
    const index = ctx.circular.get(value);
    if (index !== undefined) {
      const reference = ctx.stylize(`<ref *${index}>`, 'special');
      // The marker always goes at the very beginning of the output.
      if (ctx.compact !== true) {
        base = base === '' ? reference : `${reference} ${base}`;
      } else {
        braces[0] = `${reference} ${braces[0]}`;
      }
    }
  }
  ctx.seen.pop();

  if (ctx.sorted) {
    const comparator = ctx.sorted === true ? undefined : ctx.sorted;
    if (extrasType === kObjectType) {
      output.sort(comparator);
    } else if (keys.length > 1) {
      // Only the extra keys of an array are sorted, never its elements.
      const sorted = output.slice(output.length - keys.length).sort(comparator);
      output.splice(output.length - keys.length, keys.length, ...sorted);
    }
  }

  const res = reduceToSingleString(
    ctx, output, base, braces, extrasType, recurseTimes, value);
  // Stop descending once the output gets huge, rather than running out of
  // memory on a giant object graph.
  const budget = ctx.budget[ctx.indentationLvl] || 0;
  const newLength = budget + res.length;
  ctx.budget[ctx.indentationLvl] = newLength;
  if (newLength > 2 ** 27) ctx.depth = -1;
  return res;
}

function getEmptyFormatArray() {
  return [];
}

function getIteratorBraces(type, tag) {
  if (tag !== `${type} Iterator`) {
    if (tag !== '') tag += '] [';
    tag += `${type} Iterator`;
  }
  return [`[${tag}] {`, '}'];
}

// Node previews the entries left in a Map or Set iterator through V8; in
// plain ECMAScript that would consume them, so they stay unknown.
function formatIterator(ctx) {
  return [ctx.stylize('<items unknown>', 'special')];
}

function getBoxedBase(value, ctx, keys, constructor, tag) {
  let fn;
  let type;
  if (isNumberObject(value)) {
    fn = numberValueOf;
    type = 'Number';
  } else if (isStringObject(value)) {
    fn = stringValueOf;
    type = 'String';
    // The character indices are noise next to the quoted string.
    keys.splice(0, value.length);
  } else if (isBooleanObject(value)) {
    fn = booleanValueOf;
    type = 'Boolean';
  } else if (isBigIntObject(value)) {
    fn = bigIntValueOf;
    type = 'BigInt';
  } else {
    fn = symbolValueOf;
    type = 'Symbol';
  }
  let base = `[${type}`;
  if (type !== constructor) {
    base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
  }
  base += `: ${formatPrimitive(stylizeNoColor, fn(value), ctx)}]`;
  if (tag !== '' && tag !== constructor) base += ` [${tag}]`;
  if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
  return ctx.stylize(base, type.toLowerCase());
}

function getClassBase(value, constructor, tag) {
  const hasName = hasOwnProperty(value, 'name');
  const name = (hasName && value.name) || '(anonymous)';
  let base = `class ${name}`;
  if (constructor !== 'Function' && constructor !== null) {
    base += ` [${constructor}]`;
  }
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  if (constructor !== null) {
    const superName = Object.getPrototypeOf(value).name;
    if (superName) base += ` extends ${superName}`;
  } else {
    base += ' extends [null prototype]';
  }
  return `[${base}]`;
}

function getFunctionBase(value, constructor, tag) {
  // Classes are recognised from their source text, like Node does; code
  // compiled without source (qjsc -s) therefore shows classes as functions.
  const source = functionToString(value);
  if (source.startsWith('class') && source.endsWith('}')) {
    const slice = source.slice(5, -1);
    const bracketIndex = slice.indexOf('{');
    if (bracketIndex !== -1 &&
        (!slice.slice(0, bracketIndex).includes('(') ||
         classRegExp.test(slice.replace(stripCommentsRegExp, '')))) {
      return getClassBase(value, constructor, tag);
    }
  }
  let type = 'Function';
  if (isGeneratorFunction(value)) type = `Generator${type}`;
  if (isAsyncFunction(value)) type = `Async${type}`;
  let base = `[${type}`;
  if (constructor === null) base += ' (null prototype)';
  if (value.name === '') {
    base += ' (anonymous)';
  } else {
    base += `: ${value.name}`;
  }
  base += ']';
  if (constructor !== type && constructor !== null) base += ` ${constructor}`;
  if (tag !== '' && constructor !== tag) base += ` [${tag}]`;
  return base;
}

// Finds the longest run (over 3 lines) of `a` that also appears in `b`.
function identicalSequenceRange(a, b) {
  for (let i = 0; i < a.length - 3; i++) {
    const pos = b.indexOf(a[i]);
    if (pos !== -1) {
      const rest = b.length - pos;
      if (rest > 3) {
        let len = 1;
        const maxLen = Math.min(a.length - i, rest);
        while (maxLen > len && a[i + len] === b[pos + len]) len++;
        if (len > 3) return { len, offset: i };
      }
    }
  }
  return { len: 0, offset: 0 };
}

// V8 stacks start with the "Name: message" line; QuickJS stacks hold only
// the "    at ..." frames (plus a trailing newline). Give QuickJS stacks the
// header so the rest of the layout matches Node.
function getStackString(error) {
  if (!error.stack) return errorToString(error);
  let stack = String(error.stack);
  if (stack.startsWith('    at ')) {
    stack = `${errorToString(error)}\n${stack.replace(/\n+$/, '')}`;
  }
  return stack;
}

function getStackFrames(ctx, err, stack) {
  const frames = stack.split('\n');

  let cause;
  try {
    ({ cause } = err);
  } catch {
    // A throwing `cause` getter is ignored.
  }

  // Frames shared with the cause's stack are printed once, with the cause.
  if (cause != null && isError(cause)) {
    const causeStack = getStackString(cause);
    const causeStackStart = causeStack.indexOf('\n    at');
    if (causeStackStart !== -1) {
      const causeFrames = causeStack.slice(causeStackStart + 1).split('\n');
      const { len, offset } = identicalSequenceRange(frames, causeFrames);
      if (len > 0) {
        const skipped = len - 2;
        const msg = `    ... ${skipped} lines matching cause stack trace ...`;
        frames.splice(offset + 1, skipped, ctx.stylize(msg, 'undefined'));
      }
    }
  }
  return frames;
}

// Makes the first line of the stack name the real class when it differs
// from err.name (class FooError extends Error without setting name).
function improveStack(stack, constructor, name, tag) {
  let len = name.length;

  if (constructor === null ||
      (name.endsWith('Error') &&
       stack.startsWith(name) &&
       (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
    let fallback = 'Error';
    if (constructor === null) {
      const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/.exec(stack) ||
        /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
      fallback = (start && start[1]) || '';
      len = fallback.length;
      fallback = fallback || 'Error';
    }
    const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
    if (name !== prefix) {
      if (prefix.includes(name)) {
        if (len === 0) {
          stack = `${prefix}: ${stack}`;
        } else {
          stack = `${prefix}${stack.slice(len)}`;
        }
      } else {
        stack = `${prefix} [${name}]${stack.slice(len)}`;
      }
    }
  }
  return stack;
}

// name/message/stack set as own enumerable properties are already part of
// the stack text; do not print them twice.
function removeDuplicateErrorKeys(ctx, keys, err, stack) {
  if (!ctx.showHidden && keys.length !== 0) {
    for (const name of ['name', 'message', 'stack']) {
      const index = keys.indexOf(name);
      if (index !== -1 && stack.includes(err[name])) keys.splice(index, 1);
    }
  }
}

function formatError(err, constructor, tag, ctx, keys) {
  const name = err.name != null ? String(err.name) : 'Error';
  let stack = getStackString(err);

  removeDuplicateErrorKeys(ctx, keys, err, stack);

  if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) {
    keys.push('cause');
  }
  // The errors of an AggregateError.
  if (Array.isArray(err.errors) &&
      (keys.length === 0 || !keys.includes('errors'))) {
    keys.push('errors');
  }

  stack = improveStack(stack, constructor, name, tag);

  // Search for the frames after the message, which may contain "\n    at".
  let pos = (err.message && stack.indexOf(err.message)) || -1;
  if (pos !== -1) pos += err.message.length;
  const stackStart = stack.indexOf('\n    at', pos);
  if (stackStart === -1) {
    // No frames: wrap in brackets to set it apart from a string.
    stack = `[${stack}]`;
  } else {
    const lines = getStackFrames(ctx, err, stack.slice(stackStart + 1));
    stack = `${stack.slice(0, stackStart)}\n${lines.join('\n')}`;
  }
  // Later lines have to follow the indentation of the first one.
  if (ctx.indentationLvl !== 0) {
    stack = stack.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
  }
  return stack;
}

// Lays out an array with many short entries as a table of columns, aiming
// at a roughly square block of text, like Node.
function groupArrayElements(ctx, output, value) {
  let totalLength = 0;
  let maxLength = 0;
  let outputLength = output.length;
  if (ctx.maxArrayLength < output.length) {
    // The "... more items" entry stays out of the table.
    outputLength--;
  }
  const separatorSpace = 2; // A comma and a space.
  const dataLen = new Array(outputLength);
  for (let i = 0; i < outputLength; i++) {
    const len = getStringWidth(output[i], ctx.colors);
    dataLen[i] = len;
    totalLength += len + separatorSpace;
    if (maxLength < len) maxLength = len;
  }
  const actualMax = maxLength + separatorSpace;
  // Group only if at least three entries fit on a line and no entry is
  // much longer than the rest (it would spread the columns too far).
  if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
      (totalLength / actualMax > 5 || maxLength <= 6)) {
    // Characters are about 2.5 times as high as wide: pick the number of
    // columns that makes the block closest to a square, biased towards
    // more columns for short entries.
    const approxCharHeights = 2.5;
    const averageBias = Math.sqrt(actualMax - totalLength / output.length);
    const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
    const columns = Math.min(
      Math.round(
        Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
      Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
      // Small `compact` values ask for little grouping.
      ctx.compact * 4,
      15,
    );
    if (columns <= 1) return output;

    const tmp = [];
    const maxLineLength = [];
    for (let i = 0; i < columns; i++) {
      let lineMaxLength = 0;
      for (let j = i; j < output.length; j += columns) {
        if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j];
      }
      maxLineLength.push(lineMaxLength + separatorSpace);
    }
    // Numbers are right-aligned, anything else left-aligned.
    let padStart = true;
    if (value !== undefined) {
      for (let i = 0; i < output.length; i++) {
        if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
          padStart = false;
          break;
        }
      }
    }
    for (let i = 0; i < outputLength; i += columns) {
      const max = Math.min(i + columns, outputLength);
      let str = '';
      let j = i;
      for (; j < max - 1; j++) {
        // Colour codes take no room on screen: pad for them too.
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
        const cell = `${output[j]}, `;
        str += padStart ? cell.padStart(padding, ' ') :
          cell.padEnd(padding, ' ');
      }
      if (padStart) {
        const padding = maxLineLength[j - i] + output[j].length - dataLen[j] -
          separatorSpace;
        str += output[j].padStart(padding, ' ');
      } else {
        str += output[j];
      }
      tmp.push(str);
    }
    if (ctx.maxArrayLength < output.length) tmp.push(output[outputLength]);
    output = tmp;
  }
  return output;
}

function addNumericSeparator(integerString) {
  let result = '';
  let i = integerString.length;
  const start = integerString[0] === '-' ? 1 : 0;
  for (; i >= start + 4; i -= 3) {
    result = `_${integerString.slice(i - 3, i)}${result}`;
  }
  return i === integerString.length ?
    integerString :
    `${integerString.slice(0, i)}${result}`;
}

function addNumericSeparatorEnd(integerString) {
  let result = '';
  let i = 0;
  for (; i < integerString.length - 3; i += 3) {
    result += `${integerString.slice(i, i + 3)}_`;
  }
  return i === 0 ? integerString : `${result}${integerString.slice(i)}`;
}

function remainingText(remaining) {
  return `... ${remaining} more item${remaining > 1 ? 's' : ''}`;
}

function formatNumber(fn, number, numericSeparator) {
  if (!numericSeparator) {
    // `${-0}` is '0'.
    if (Object.is(number, -0)) return fn('-0', 'number');
    return fn(`${number}`, 'number');
  }
  const numberString = String(number);
  const integer = Math.trunc(number);
  if (integer === number) {
    if (!Number.isFinite(number) || numberString.includes('e')) {
      return fn(numberString, 'number');
    }
    return fn(addNumericSeparator(numberString), 'number');
  }
  if (Number.isNaN(number)) return fn(numberString, 'number');
  const decimalIndex = numberString.indexOf('.');
  const integerPart = numberString.slice(0, decimalIndex);
  const fractionalPart = numberString.slice(decimalIndex + 1);
  return fn(`${addNumericSeparator(integerPart)}.${
    addNumericSeparatorEnd(fractionalPart)}`, 'number');
}

function formatBigInt(fn, bigint, numericSeparator) {
  const string = String(bigint);
  if (!numericSeparator) return fn(`${string}n`, 'bigint');
  return fn(`${addNumericSeparator(string)}n`, 'bigint');
}

function formatPrimitive(fn, value, ctx) {
  if (typeof value === 'string') {
    let trailer = '';
    if (value.length > ctx.maxStringLength) {
      const remaining = value.length - ctx.maxStringLength;
      value = value.slice(0, ctx.maxStringLength);
      trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
    }
    // Long multi-line strings are printed one line per quoted piece, joined
    // with ' +'. Width is counted in code units (as Node does).
    if (ctx.compact !== true &&
        value.length > kMinLineLength &&
        value.length > ctx.breakLength - ctx.indentationLvl - 4) {
      return value.split(/(?<=\n)/)
        .map((line) => fn(strEscape(line), 'string'))
        .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
    }
    return fn(strEscape(value), 'string') + trailer;
  }
  if (typeof value === 'number') {
    return formatNumber(fn, value, ctx.numericSeparator);
  }
  if (typeof value === 'bigint') {
    return formatBigInt(fn, value, ctx.numericSeparator);
  }
  if (typeof value === 'boolean') return fn(`${value}`, 'boolean');
  if (typeof value === 'undefined') return fn('undefined', 'undefined');
  return fn(symbolToString(value), 'symbol');
}

function formatNamespaceObject(keys, ctx, value, recurseTimes) {
  const output = new Array(keys.length);
  for (let i = 0; i < keys.length; i++) {
    try {
      output[i] = formatProperty(ctx, value, recurseTimes, keys[i],
                                 kObjectType);
    } catch (err) {
      if (!(err instanceof ReferenceError)) throw err;
      // A binding still in its temporal dead zone: format a stand-in
      // property so the layout stays right, then swap in the marker.
      const tmp = { [keys[i]]: '' };
      output[i] = formatProperty(ctx, tmp, recurseTimes, keys[i], kObjectType);
      const pos = output[i].lastIndexOf(' ');
      output[i] = output[i].slice(0, pos + 1) +
        ctx.stylize('<uninitialized>', 'special');
    }
  }
  // The keys are done: keep formatRaw from printing them again.
  keys.length = 0;
  return output;
}

// The array has holes and/or extra keys: walk its keys instead.
function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
  const keys = Object.keys(value);
  let index = i;
  for (; i < keys.length && output.length < maxLength; i++) {
    const key = keys[i];
    const tmp = +key;
    // Arrays can only have up to 2^32 - 1 entries.
    if (tmp > 2 ** 32 - 2) break;
    if (`${index}` !== key) {
      if (!numberRegExp.test(key)) break;
      const emptyItems = tmp - index;
      const ending = emptyItems > 1 ? 's' : '';
      output.push(ctx.stylize(`<${emptyItems} empty item${ending}>`,
                              'undefined'));
      index = tmp;
      if (output.length === maxLength) break;
    }
    output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
    index++;
  }
  const remaining = value.length - index;
  if (output.length !== maxLength) {
    if (remaining > 0) {
      const ending = remaining > 1 ? 's' : '';
      output.push(ctx.stylize(`<${remaining} empty item${ending}>`,
                              'undefined'));
    }
  } else if (remaining > 0) {
    output.push(remainingText(remaining));
  }
  return output;
}

function formatArrayBuffer(ctx, value) {
  let bytes;
  try {
    bytes = new Uint8Array(value);
  } catch {
    return [ctx.stylize('(detached)', 'special')];
  }
  const shown = Math.min(ctx.maxArrayLength, bytes.length);
  const hex = [];
  for (let i = 0; i < shown; i++) {
    hex.push(bytes[i].toString(16).padStart(2, '0'));
  }
  let str = hex.join(' ');
  const remaining = bytes.length - ctx.maxArrayLength;
  if (remaining > 0) {
    str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
  }
  return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
}

function formatArray(ctx, value, recurseTimes) {
  const valLen = value.length;
  const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
  const remaining = valLen - len;
  const output = [];
  for (let i = 0; i < len; i++) {
    if (!hasOwnProperty(value, i)) {
      return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
    }
    output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
  }
  if (remaining > 0) output.push(remainingText(remaining));
  return output;
}

function formatTypedArray(value, length, ctx, recurseTimes) {
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
  const remaining = length - maxLength;
  const output = new Array(maxLength);
  const elementFormatter = length > 0 && typeof value[0] === 'number' ?
    formatNumber :
    formatBigInt;
  for (let i = 0; i < maxLength; ++i) {
    output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
  }
  if (remaining > 0) output[maxLength] = remainingText(remaining);
  if (ctx.showHidden) {
    // All but BYTES_PER_ELEMENT are prototype getters; .buffer goes last.
    ctx.indentationLvl += 2;
    for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength',
                       'byteOffset', 'buffer']) {
      const str = formatValue(ctx, value[key], recurseTimes, true);
      output.push(`[${key}]: ${str}`);
    }
    ctx.indentationLvl -= 2;
  }
  return output;
}

function formatSet(values, size, ctx, recurseTimes) {
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const remaining = size - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const v of values) {
    if (i >= maxLength) break;
    output.push(formatValue(ctx, v, recurseTimes));
    i++;
  }
  if (remaining > 0) output.push(remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

function formatMap(entries, size, ctx, recurseTimes) {
  const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), size);
  const remaining = size - maxLength;
  const output = [];
  ctx.indentationLvl += 2;
  let i = 0;
  for (const { 0: k, 1: v } of entries) {
    if (i >= maxLength) break;
    output.push(`${formatValue(ctx, k, recurseTimes)} => ${
      formatValue(ctx, v, recurseTimes)}`);
    i++;
  }
  if (remaining > 0) output.push(remainingText(remaining));
  ctx.indentationLvl -= 2;
  return output;
}

// Weak collections cannot be enumerated, not even by Node without
// showHidden; here not with it either.
function formatWeakCollection(ctx) {
  return [ctx.stylize('<items unknown>', 'special')];
}

// A promise's state and result are internal slots that ECMAScript offers no
// synchronous way to read, so where Node prints `Promise { 1 }` or
// `Promise { <pending> }` rtjs prints `Promise { <unknown> }`.
function formatPromise(ctx) {
  return [ctx.stylize('<unknown>', 'special')];
}

function formatProperty(ctx, value, recurseTimes, key, type, desc,
                        original = value) {
  let name, str;
  let extra = ' ';
  desc = desc || Object.getOwnPropertyDescriptor(value, key) ||
    { value: value[key], enumerable: true };
  if (desc.value !== undefined) {
    const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
    ctx.indentationLvl += diff;
    str = formatValue(ctx, desc.value, recurseTimes);
    if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
      extra = `\n${' '.repeat(ctx.indentationLvl)}`;
    }
    ctx.indentationLvl -= diff;
  } else if (desc.get !== undefined) {
    const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
    const s = ctx.stylize;
    const sp = 'special';
    if (ctx.getters && (ctx.getters === true ||
          (ctx.getters === 'get' && desc.set === undefined) ||
          (ctx.getters === 'set' && desc.set !== undefined))) {
      try {
        const tmp = FunctionPrototype.call.call(desc.get, original);
        ctx.indentationLvl += 2;
        if (tmp === null) {
          str = `${s(`[${label}:`, sp)} ${s('null', 'null')}${s(']', sp)}`;
        } else if (typeof tmp === 'object') {
          str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
        } else {
          const primitive = formatPrimitive(s, tmp, ctx);
          str = `${s(`[${label}:`, sp)} ${primitive}${s(']', sp)}`;
        }
        ctx.indentationLvl -= 2;
      } catch (err) {
        const message = `<Inspection threw (${err.message})>`;
        str = `${s(`[${label}:`, sp)} ${message}${s(']', sp)}`;
      }
    } else {
      str = ctx.stylize(`[${label}]`, sp);
    }
  } else if (desc.set !== undefined) {
    str = ctx.stylize('[Setter]', 'special');
  } else {
    str = ctx.stylize('undefined', 'undefined');
  }
  if (type === kArrayType) return str;
  if (typeof key === 'symbol') {
    const tmp = symbolToString(key).replace(strEscapeSequencesGlobal, escapeFn);
    name = `[${ctx.stylize(tmp, 'symbol')}]`;
  } else if (key === '__proto__') {
    name = "['__proto__']";
  } else if (desc.enumerable === false) {
    name = `[${String(key).replace(strEscapeSequencesGlobal, escapeFn)}]`;
  } else if (keyStrRegExp.test(key)) {
    name = ctx.stylize(key, 'name');
  } else {
    name = ctx.stylize(strEscape(String(key)), 'string');
  }
  return `${name}:${extra}${str}`;
}

function isBelowBreakLength(ctx, output, start, base) {
  // Entries are separated by at least a comma each, and the caller adds
  // the other fixed costs in `start`. Widths are counted in code units.
  let totalLength = output.length + start;
  if (totalLength + output.length > ctx.breakLength) return false;
  for (let i = 0; i < output.length; i++) {
    totalLength += ctx.colors ? removeColors(output[i]).length :
      output[i].length;
    if (totalLength > ctx.breakLength) return false;
  }
  // A multi-line base (an error's stack) never shares its line.
  return base === '' || !base.includes('\n');
}

function reduceToSingleString(
  ctx, output, base, braces, extrasType, recurseTimes, value) {
  if (ctx.compact !== true) {
    if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
      const entries = output.length;
      if (extrasType === kArrayExtrasType && entries > 6) {
        output = groupArrayElements(ctx, output, value);
      }
      // ctx.currentDepth is the depth of the innermost object formatted
      // last, recurseTimes the depth of this one: only the `compact`
      // innermost levels may be put on a single line, and only if they
      // were not grouped into columns and fit into breakLength.
      if (ctx.currentDepth - recurseTimes < ctx.compact &&
          entries === output.length) {
        // The 10 accounts for the other things that share the line.
        const start = output.length + ctx.indentationLvl +
          braces[0].length + base.length + 10;
        if (isBelowBreakLength(ctx, output, start, base)) {
          const joinedOutput = output.join(', ');
          if (!joinedOutput.includes('\n')) {
            return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput}` +
              ` ${braces[1]}`;
          }
        }
      }
    }
    // One entry per line.
    const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
    return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ${
      output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
  }
  // compact === true: as much as fits on each line, the legacy layout.
  if (isBelowBreakLength(ctx, output, 0, base)) {
    return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ` +
      braces[1];
  }
  const indentation = ' '.repeat(ctx.indentationLvl);
  // A wide opening brace ("Set {") pushes the first entry to its own line
  // so the entries line up.
  const ln = base === '' && braces[0].length === 1 ?
    ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
  return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
}

function isZeroWidthCodePoint(code) {
  return code <= 0x1F || // C0 control codes
    (code >= 0x7F && code <= 0x9F) || // C1 control codes
    (code >= 0x300 && code <= 0x36F) || // Combining diacritical marks
    (code >= 0x200B && code <= 0x200F) || // Modifying invisible characters
    (code >= 0x20D0 && code <= 0x20FF) || // Combining marks for symbols
    (code >= 0xFE00 && code <= 0xFE0F) || // Variation selectors
    (code >= 0xFE20 && code <= 0xFE2F) || // Combining half marks
    (code >= 0xE0100 && code <= 0xE01EF); // Variation selectors supplement
}

// East Asian wide and full-width characters (from EastAsianWidth.txt) take
// two terminal columns.
function isFullWidthCodePoint(code) {
  return code >= 0x1100 && (
    code <= 0x115f ||
    code === 0x2329 ||
    code === 0x232a ||
    (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
    (code >= 0x3250 && code <= 0x4dbf) ||
    (code >= 0x4e00 && code <= 0xa4c6) ||
    (code >= 0xa960 && code <= 0xa97c) ||
    (code >= 0xac00 && code <= 0xd7a3) ||
    (code >= 0xf900 && code <= 0xfaff) ||
    (code >= 0xfe10 && code <= 0xfe19) ||
    (code >= 0xfe30 && code <= 0xfe6b) ||
    (code >= 0xff01 && code <= 0xff60) ||
    (code >= 0xffe0 && code <= 0xffe6) ||
    (code >= 0x1b000 && code <= 0x1b001) ||
    (code >= 0x1f200 && code <= 0x1f251) ||
    (code >= 0x1f300 && code <= 0x1f64f) ||
    (code >= 0x20000 && code <= 0x3fffd)
  );
}

// Columns `str` takes on a terminal.
function getStringWidth(str, removeControlChars = true) {
  let width = 0;
  if (removeControlChars) str = removeColors(str);
  str = str.normalize('NFC');
  for (const char of str) {
    const code = char.codePointAt(0);
    if (isFullWidthCodePoint(code)) {
      width += 2;
    } else if (!isZeroWidthCodePoint(code)) {
      width++;
    }
  }
  return width;
}

// ---------------------------------------------------------------------------
// format()

// Whether String(value) would only give "[object Object]"-like output, in
// which case %s shows the inspected value instead.
function hasBuiltInToString(value) {
  let hasOwnToString = hasOwnProperty;
  let hasOwnToPrimitive = hasOwnProperty;

  // No toString and no Symbol.toPrimitive at all counts as built-in.
  if (typeof value.toString !== 'function') {
    if (typeof value[Symbol.toPrimitive] !== 'function') {
      return true;
    } else if (hasOwnProperty(value, Symbol.toPrimitive)) {
      return false;
    }
    hasOwnToString = returnFalse;
  } else if (hasOwnProperty(value, 'toString')) {
    return false;
  } else if (typeof value[Symbol.toPrimitive] !== 'function') {
    hasOwnToPrimitive = returnFalse;
  } else if (hasOwnProperty(value, Symbol.toPrimitive)) {
    return false;
  }

  // Find the prototype that provides the conversion.
  let pointer = value;
  do {
    pointer = Object.getPrototypeOf(pointer);
  } while (!hasOwnToString(pointer, 'toString') &&
           !hasOwnToPrimitive(pointer, Symbol.toPrimitive));

  const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
  return descriptor !== undefined &&
    typeof descriptor.value === 'function' &&
    builtInObjects.has(descriptor.value.name);
}

function returnFalse() {
  return false;
}

let circularErrorMessage;
function firstErrorLine(error) {
  return String(error.message).split('\n', 1)[0];
}

function tryStringify(arg) {
  try {
    return JSON.stringify(arg);
  } catch (err) {
    // Learn this engine's wording for a circular structure once.
    if (!circularErrorMessage) {
      try {
        const a = {};
        a.a = a;
        JSON.stringify(a);
      } catch (circularError) {
        circularErrorMessage = firstErrorLine(circularError);
      }
    }
    if (err.name === 'TypeError' &&
        firstErrorLine(err) === circularErrorMessage) {
      return '[Circular]';
    }
    throw err;
  }
}

function formatNumberNoColor(number, options) {
  return formatNumber(
    stylizeNoColor, number,
    options?.numericSeparator ?? inspectDefaultOptions.numericSeparator);
}

function formatBigIntNoColor(bigint, options) {
  return formatBigInt(
    stylizeNoColor, bigint,
    options?.numericSeparator ?? inspectDefaultOptions.numericSeparator);
}

/**
 * printf-like formatting: %s %d %i %f %j %o %O %c %%. Arguments left over
 * are appended, separated by spaces: strings as they are, anything else
 * inspected.
 */
export function format(...args) {
  return formatWithOptionsInternal(undefined, args);
}

export function formatWithOptions(inspectOptions, ...args) {
  // Any object but null and functions (arrays are let through, as in Node).
  if (inspectOptions === null || typeof inspectOptions !== 'object') {
    throw invalidArgType('inspectOptions', 'object', inspectOptions);
  }
  return formatWithOptionsInternal(inspectOptions, args);
}

function formatWithOptionsInternal(inspectOptions, args) {
  const first = args[0];
  let a = 0;
  let str = '';
  let join = '';

  if (typeof first === 'string') {
    if (args.length === 1) return first;
    let tempStr;
    let lastPos = 0;

    for (let i = 0; i < first.length - 1; i++) {
      if (first.charCodeAt(i) !== 37) continue; // '%'
      const nextChar = first.charCodeAt(++i);
      if (a + 1 !== args.length) {
        switch (nextChar) {
          case 115: { // 's'
            const tempArg = args[++a];
            if (typeof tempArg === 'number') {
              tempStr = formatNumberNoColor(tempArg, inspectOptions);
            } else if (typeof tempArg === 'bigint') {
              tempStr = formatBigIntNoColor(tempArg, inspectOptions);
            } else if (typeof tempArg !== 'object' || tempArg === null ||
                       !hasBuiltInToString(tempArg)) {
              tempStr = String(tempArg);
            } else {
              tempStr = inspect(tempArg, {
                ...inspectOptions,
                compact: 3,
                colors: false,
                depth: 0,
              });
            }
            break;
          }
          case 106: // 'j'
            tempStr = tryStringify(args[++a]);
            break;
          case 100: { // 'd'
            const tempNum = args[++a];
            if (typeof tempNum === 'bigint') {
              tempStr = formatBigIntNoColor(tempNum, inspectOptions);
            } else if (typeof tempNum === 'symbol') {
              tempStr = 'NaN';
            } else {
              tempStr = formatNumberNoColor(Number(tempNum), inspectOptions);
            }
            break;
          }
          case 79: // 'O'
            tempStr = inspect(args[++a], inspectOptions);
            break;
          case 111: // 'o'
            tempStr = inspect(args[++a], {
              ...inspectOptions,
              showHidden: true,
              showProxy: true,
              depth: 4,
            });
            break;
          case 105: { // 'i'
            const tempInteger = args[++a];
            if (typeof tempInteger === 'bigint') {
              tempStr = formatBigIntNoColor(tempInteger, inspectOptions);
            } else if (typeof tempInteger === 'symbol') {
              tempStr = 'NaN';
            } else {
              tempStr = formatNumberNoColor(
                Number.parseInt(tempInteger), inspectOptions);
            }
            break;
          }
          case 102: { // 'f'
            const tempFloat = args[++a];
            if (typeof tempFloat === 'symbol') {
              tempStr = 'NaN';
            } else {
              tempStr = formatNumberNoColor(
                Number.parseFloat(tempFloat), inspectOptions);
            }
            break;
          }
          case 99: // 'c': CSS has no meaning on a terminal; drop the argument
            a += 1;
            tempStr = '';
            break;
          case 37: // '%'
            str += first.slice(lastPos, i);
            lastPos = i + 1;
            continue;
          default: // Not a placeholder: leave it as it is.
            continue;
        }
        if (lastPos !== i - 1) str += first.slice(lastPos, i - 1);
        str += tempStr;
        lastPos = i + 1;
      } else if (nextChar === 37) {
        str += first.slice(lastPos, i);
        lastPos = i + 1;
      }
    }
    if (lastPos !== 0) {
      a++;
      join = ' ';
      if (lastPos < first.length) str += first.slice(lastPos);
    }
  }

  while (a < args.length) {
    const value = args[a];
    str += join;
    str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
    join = ' ';
    a++;
  }
  return str;
}

// ---------------------------------------------------------------------------
// isDeepStrictEqual()

/**
 * Deep equality with assert.deepStrictEqual's rules: same prototypes, same
 * type tags, primitives compared with Object.is, own enumerable string and
 * symbol keys compared recursively, Map/Set contents compared regardless of
 * order.
 */
export function isDeepStrictEqual(a, b) {
  return innerDeepEqual(a, b, undefined);
}

function innerDeepEqual(val1, val2, memos) {
  if (val1 === val2) {
    return val1 !== 0 || Object.is(val1, val2);
  }
  if (typeof val1 !== 'object') {
    return typeof val1 === 'number' && Number.isNaN(val1) &&
      Number.isNaN(val2);
  }
  if (typeof val2 !== 'object' || val1 === null || val2 === null) {
    return false;
  }
  if (Object.getPrototypeOf(val1) !== Object.getPrototypeOf(val2)) {
    return false;
  }
  return objectsEquivalent(val1, val2, memos);
}

function objectsEquivalent(val1, val2, memos) {
  const tag = objectToString(val1);
  if (tag !== objectToString(val2)) return false;

  if (Array.isArray(val1)) {
    if (!Array.isArray(val2) || val1.length !== val2.length) return false;
    const keys1 = getOwnNonIndexProperties(val1, false);
    const keys2 = getOwnNonIndexProperties(val2, false);
    if (keys1.length !== keys2.length) return false;
    return keysEquivalent(val1, val2, memos, kIsArray, keys1);
  }
  if (tag === '[object Object]' && !isBoxedPrimitive(val1) &&
      !isMap(val1) && !isSet(val1) && !isPromise(val1) &&
      !isWeakMap(val1) && !isWeakSet(val1)) {
    return keysEquivalent(val1, val2, memos, kNoIterator);
  }
  if (isDate(val1)) {
    if (!isDate(val2) || dateGetTime(val1) !== dateGetTime(val2)) return false;
  } else if (isRegExp(val1)) {
    if (!isRegExp(val2) || regExpSource(val1) !== regExpSource(val2) ||
        regExpFlags(val1) !== regExpFlags(val2) ||
        val1.lastIndex !== val2.lastIndex) {
      return false;
    }
  } else if (isNativeError(val1) || val1 instanceof Error) {
    // message and name are usually not enumerable, compare them anyway.
    if ((!isNativeError(val2) && !(val2 instanceof Error)) ||
        val1.message !== val2.message || val1.name !== val2.name) {
      return false;
    }
  } else if (isArrayBufferView(val1)) {
    if (isTypedArray(val1) !== isTypedArray(val2)) return false;
    if (!bytesEqual(viewBytes(val1), viewBytes(val2))) return false;
    const keys1 = getOwnNonIndexProperties(val1, false);
    const keys2 = getOwnNonIndexProperties(val2, false);
    if (keys1.length !== keys2.length) return false;
    return keysEquivalent(val1, val2, memos, kNoIterator, keys1);
  } else if (isSet(val1)) {
    if (!isSet(val2) || setSize(val1) !== setSize(val2)) return false;
    return keysEquivalent(val1, val2, memos, kIsSet);
  } else if (isMap(val1)) {
    if (!isMap(val2) || mapSize(val1) !== mapSize(val2)) return false;
    return keysEquivalent(val1, val2, memos, kIsMap);
  } else if (isAnyArrayBuffer(val1)) {
    if (isArrayBuffer(val1) !== isArrayBuffer(val2) ||
        !isAnyArrayBuffer(val2) ||
        !bytesEqual(new Uint8Array(val1), new Uint8Array(val2))) {
      return false;
    }
  } else if (isBoxedPrimitive(val1)) {
    if (!boxedPrimitivesEqual(val1, val2)) return false;
  } else if (Array.isArray(val2) || isArrayBufferView(val2) ||
             isSet(val2) || isMap(val2) || isDate(val2) || isRegExp(val2) ||
             isAnyArrayBuffer(val2) || isBoxedPrimitive(val2) ||
             isNativeError(val2) || val2 instanceof Error) {
    return false;
  }
  return keysEquivalent(val1, val2, memos, kNoIterator);
}

const kNoIterator = 0;
const kIsArray = 1;
const kIsSet = 2;
const kIsMap = 3;

function viewBytes(view) {
  return new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
}

function bytesEqual(a, b) {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] !== b[i]) return false;
  }
  return true;
}

function boxedPrimitivesEqual(val1, val2) {
  if (isNumberObject(val1)) {
    return isNumberObject(val2) &&
      Object.is(numberValueOf(val1), numberValueOf(val2));
  }
  if (isStringObject(val1)) {
    return isStringObject(val2) && stringValueOf(val1) === stringValueOf(val2);
  }
  if (isBooleanObject(val1)) {
    return isBooleanObject(val2) &&
      booleanValueOf(val1) === booleanValueOf(val2);
  }
  if (isBigIntObject(val1)) {
    return isBigIntObject(val2) && bigIntValueOf(val1) === bigIntValueOf(val2);
  }
  if (isSymbolObject(val1)) {
    return isSymbolObject(val2) && symbolValueOf(val1) === symbolValueOf(val2);
  }
  return false;
}

function ownEnumerableKeys(value) {
  const keys = Object.keys(value);
  for (const symbol of Object.getOwnPropertySymbols(value)) {
    if (propertyIsEnumerable(value, symbol)) keys.push(symbol);
  }
  return keys;
}

function keysEquivalent(val1, val2, memos, iterationType, aKeys) {
  // Own enumerable keys: same set on both sides.
  if (aKeys === undefined) {
    aKeys = ownEnumerableKeys(val1);
    if (aKeys.length !== ownEnumerableKeys(val2).length) return false;
  }
  for (const key of aKeys) {
    if (!propertyIsEnumerable(val2, key)) return false;
  }

  if (aKeys.length === 0 &&
      (iterationType === kNoIterator ||
       (iterationType === kIsArray && val1.length === 0) ||
       setOrMapSize(val1, iterationType) === 0)) {
    return true;
  }

  // Cycles: remember the pairs being compared on the current path; meeting
  // a pair again means it is equal as far as this path can tell.
  if (memos === undefined) {
    memos = { val1: new Map(), val2: new Map(), position: 0 };
  } else {
    const val2MemoA = memos.val1.get(val1);
    if (val2MemoA !== undefined) {
      const val2MemoB = memos.val2.get(val2);
      if (val2MemoB !== undefined) return val2MemoA === val2MemoB;
    }
    memos.position++;
  }
  memos.val1.set(val1, memos.position);
  memos.val2.set(val2, memos.position);

  const areEq = objEquiv(val1, val2, memos, aKeys, iterationType);

  memos.val1.delete(val1);
  memos.val2.delete(val2);
  return areEq;
}

function setOrMapSize(value, iterationType) {
  if (iterationType === kIsSet) return setSize(value);
  if (iterationType === kIsMap) return mapSize(value);
  return -1;
}

function objEquiv(a, b, memos, keys, iterationType) {
  if (iterationType === kIsSet) {
    if (!setEquiv(a, b, memos)) return false;
  } else if (iterationType === kIsMap) {
    if (!mapEquiv(a, b, memos)) return false;
  } else if (iterationType === kIsArray) {
    for (let i = 0; i < a.length; i++) {
      if (hasOwnProperty(a, i)) {
        if (!hasOwnProperty(b, i) ||
            !innerDeepEqual(a[i], b[i], memos)) {
          return false;
        }
      } else if (hasOwnProperty(b, i)) {
        return false;
      } else {
        // Holes: the enumerable keys of both must match from here on.
        const keysA = Object.keys(a);
        for (; i < keysA.length; i++) {
          const key = keysA[i];
          if (!hasOwnProperty(b, key) ||
              !innerDeepEqual(a[key], b[key], memos)) {
            return false;
          }
        }
        if (keysA.length !== Object.keys(b).length) return false;
        return true;
      }
    }
  }
  for (const key of keys) {
    if (!innerDeepEqual(a[key], b[key], memos)) return false;
  }
  return true;
}

function setEquiv(a, b, memos) {
  // Primitives are found by identity; objects need a deep search.
  let set = null;
  for (const val of setValues(a)) {
    if (typeof val === 'object' && val !== null) {
      if (set === null) set = new Set();
      set.add(val);
    } else if (!setHas(b, val)) {
      return false;
    }
  }
  if (set !== null) {
    for (const val of setValues(b)) {
      if (typeof val === 'object' && val !== null) {
        if (!setHasEqualElement(set, val, memos)) return false;
      }
    }
    return set.size === 0;
  }
  return true;
}

function setHasEqualElement(set, val1, memos) {
  for (const val2 of set) {
    if (innerDeepEqual(val1, val2, memos)) {
      set.delete(val2);
      return true;
    }
  }
  return false;
}

function mapEquiv(a, b, memos) {
  let set = null;
  for (const { 0: key, 1: item1 } of mapEntries(a)) {
    if (typeof key === 'object' && key !== null) {
      if (set === null) set = new Set();
      set.add(key);
    } else {
      const item2 = mapGet(b, key);
      if ((item2 === undefined && !mapHas(b, key)) ||
          !innerDeepEqual(item1, item2, memos)) {
        return false;
      }
    }
  }
  if (set !== null) {
    for (const { 0: key, 1: item } of mapEntries(b)) {
      if (typeof key === 'object' && key !== null) {
        if (!mapHasEqualEntry(set, a, key, item, memos)) return false;
      }
    }
    return set.size === 0;
  }
  return true;
}

function mapHasEqualEntry(set, map, key1, item1, memos) {
  for (const key2 of set) {
    if (innerDeepEqual(key1, key2, memos) &&
        innerDeepEqual(item1, mapGet(map, key2), memos)) {
      set.delete(key2);
      return true;
    }
  }
  return false;
}

// ---------------------------------------------------------------------------
// Helpers for classic callback-style code.

/**
 * Makes `ctor` inherit the prototype methods of `superCtor` (the pre-class
 * way). Prefer `class ... extends`.
 */
export function inherits(ctor, superCtor) {
  if (ctor === undefined || ctor === null) {
    throw invalidArgType('ctor', 'function', ctor);
  }
  if (superCtor === undefined || superCtor === null) {
    throw invalidArgType('superCtor', 'function', superCtor);
  }
  if (superCtor.prototype === undefined) {
    throw invalidArgType('superCtor.prototype', 'object', superCtor.prototype);
  }
  Object.defineProperty(ctor, 'super_', {
    value: superCtor,
    writable: true,
    configurable: true,
  });
  Object.setPrototypeOf(ctor.prototype, superCtor.prototype);
}

const kCustomPromisify = Symbol.for('nodejs.util.promisify.custom');

/**
 * Turns a function taking a trailing (err, value) callback into one that
 * returns a promise. A function can supply its own promise version under
 * promisify.custom.
 */
export function promisify(original) {
  validateFunction(original, 'original');
  if (original[kCustomPromisify]) {
    const fn = original[kCustomPromisify];
    validateFunction(fn, 'util.promisify.custom');
    return Object.defineProperty(fn, kCustomPromisify, {
      value: fn, enumerable: false, writable: false, configurable: true,
    });
  }

  function fn(...args) {
    return new Promise((resolve, reject) => {
      args.push((err, ...values) => {
        if (err) return reject(err);
        resolve(values[0]);
      });
      // Inside the executor, so a synchronous throw rejects the promise.
      Reflect.apply(original, this, args);
    });
  }

  Object.setPrototypeOf(fn, Object.getPrototypeOf(original));
  Object.defineProperty(fn, kCustomPromisify, {
    value: fn, enumerable: false, writable: false, configurable: true,
  });
  // Keep name, length and any properties of the original.
  const descriptors = Object.getOwnPropertyDescriptors(original);
  for (const key of Reflect.ownKeys(descriptors)) {
    try {
      Object.defineProperty(fn, key, descriptors[key]);
    } catch {
      // Non-configurable own properties of fn (none in practice) stay.
    }
  }
  return fn;
}
promisify.custom = kCustomPromisify;

/**
 * The reverse of promisify: takes an async function and returns one that
 * takes a trailing (err, value) callback.
 */
export function callbackify(original) {
  validateFunction(original, 'original');

  function callbackified(...args) {
    const maybeCb = args.pop();
    validateFunction(maybeCb, 'last argument');
    const cb = maybeCb.bind(this);
    Reflect.apply(original, this, args).then(
      (ret) => queueCallback(() => cb(null, ret)),
      (rej) => queueCallback(() => cb(callbackifyOnRejected(rej))));
  }

  Object.setPrototypeOf(callbackified, Object.getPrototypeOf(original));
  const descriptors = Object.getOwnPropertyDescriptors(original);
  if (typeof descriptors.length.value === 'number') {
    descriptors.length.value++;
  }
  if (typeof descriptors.name.value === 'string') {
    descriptors.name.value += 'Callbackified';
  }
  for (const key of Reflect.ownKeys(descriptors)) {
    try {
      Object.defineProperty(callbackified, key, descriptors[key]);
    } catch {
      // Continue regardless of error.
    }
  }
  return callbackified;
}

// Callbacks run outside the promise chain, so an exception they throw is
// not turned into a rejection (Node uses process.nextTick for this).
function queueCallback(fn) {
  if (typeof globalThis.queueMicrotask === 'function') {
    globalThis.queueMicrotask(fn);
  } else {
    Promise.resolve().then(fn).then(undefined, (err) => {
      Promise.reject(err);
    });
  }
}

// A falsy rejection reason would read as success: wrap it in an Error.
function callbackifyOnRejected(reason) {
  if (!reason) {
    const err = new Error('Promise was rejected with falsy value');
    err.code = 'ERR_FALSY_VALUE_REJECTION';
    err.reason = reason;
    return err;
  }
  return reason;
}

// Deprecation codes already reported: each is reported once per program.
const codesWarned = new Set();

function emitWarning(text) {
  if (typeof console !== 'undefined' && console !== null &&
      typeof console.warn === 'function') {
    console.warn(text);
  }
}

/**
 * Wraps `fn` so that its first call prints a DeprecationWarning (through
 * console.warn, when there is one). Warnings with the same `code` are
 * printed only once.
 */
export function deprecate(fn, msg, code) {
  validateFunction(fn, 'fn');
  if (code !== undefined && typeof code !== 'string') {
    throw invalidArgType('code', 'string', code);
  }
  let warned = false;
  function deprecated(...args) {
    if (!warned) {
      warned = true;
      if (code === undefined || !codesWarned.has(code)) {
        if (code !== undefined) codesWarned.add(code);
        emitWarning(`${code !== undefined ? `[${code}] ` : ''}` +
                    `DeprecationWarning: ${msg}`);
      }
    }
    if (new.target) return Reflect.construct(fn, args, new.target);
    return Reflect.apply(fn, this, args);
  }
  // The wrapper stands in for `fn`, static members included.
  Object.setPrototypeOf(deprecated, fn);
  if (fn.prototype) deprecated.prototype = fn.prototype;
  return deprecated;
}

export function isArray(value) {
  return Array.isArray(value);
}

// The encoding classes belong to the host; re-exported when it has them.
// The same classes as the globals (installed by rtjs:internal/bootstrap).
import { ecmaGlobals } from 'rtjs:internal/builtins';
import { TextEncoder, TextDecoder } from 'rtjs:internal/encoding';
export { TextEncoder, TextDecoder };

export default {
  callbackify,
  deprecate,
  format,
  formatWithOptions,
  inherits,
  inspect,
  isArray,
  isDeepStrictEqual,
  promisify,
  stripVTControlCharacters,
  TextDecoder,
  TextEncoder,
  types,
};
