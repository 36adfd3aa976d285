// Tests for lib/events.js, the `events` module: EventEmitter and the
// once()/on() helpers.
//
// Every expected value is a literal: the result of the same case run against
// Node.js 20's events module, checked by hand. (Node prints its warnings as
// "(node:PID) Name: message" on stderr; rtjs prints "Name: message" through
// console.warn, which is what these cases capture.)
//
// Prints one line per case: "PASS events: <name>" or
// "FAIL events: <name>: <reason>".
import EventEmitter, {
  EventEmitter as NamedEventEmitter,
  errorMonitor,
  getEventListeners,
  on,
  once,
} from 'events';

import { literalSuite, captureWarnings } from './harness.js';

const { test, run } = literalSuite('events');

// Runs fn after the current job, without needing timers.
function setTimeoutless(fn) {
  Promise.resolve().then(fn);
}


// Exports
test("default and named EventEmitter are the same", () => [
    EventEmitter === NamedEventEmitter, EventEmitter.EventEmitter === EventEmitter,
    EventEmitter.once === once, EventEmitter.on === on, EventEmitter.errorMonitor === errorMonitor,
    typeof EventEmitter.prototype.emit,
  ],
  [true,true,true,true,true,"function"]);

// Adding and emitting
test("on and emit call listeners in order with arguments", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.on('data', (a, b) => calls.push(['first', a, b]));
    ee.on('data', (a, b) => calls.push(['second', a, b]));
    const result = ee.emit('data', 1, 'two');
    return [result, calls];
  },
  [true,[["first",1,"two"],["second",1,"two"]]]);
test("emit without listeners returns false", () => new EventEmitter().emit('nothing'),
  false);
test("listeners are called with the emitter as this", () => {
    const ee = new EventEmitter();
    let self;
    ee.on('x', function () { self = this; });
    ee.emit('x');
    return self === ee;
  },
  true);
test("on, addListener and prependListener return the emitter", () => {
    const ee = new EventEmitter();
    const f = () => {};
    return [ee.on('a', f) === ee, ee.addListener('a', f) === ee, ee.prependListener('a', f) === ee,
            ee.once('a', f) === ee, ee.prependOnceListener('a', f) === ee, ee.off('a', f) === ee,
            ee.removeAllListeners() === ee, ee.setMaxListeners(3) === ee];
  },
  [true,true,true,true,true,true,true,true]);
test("addListener is on", () => EventEmitter.prototype.addListener === EventEmitter.prototype.on,
  true);
test("off is removeListener", () => EventEmitter.prototype.off === EventEmitter.prototype.removeListener,
  true);
test("prependListener puts the listener first", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.on('x', () => calls.push('on'));
    ee.prependListener('x', () => calls.push('prepended'));
    ee.emit('x');
    return calls;
  },
  ["prepended","on"]);
test("symbol event names", () => {
    const ee = new EventEmitter();
    const sym = Symbol('evt');
    let got;
    ee.on(sym, (v) => { got = v; });
    ee.emit(sym, 42);
    return got;
  },
  42);
test("a listener added during emit runs from the next emit on", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.on('x', () => {
      calls.push('a');
      ee.on('x', () => calls.push('late'));
    });
    ee.on('x', () => calls.push('b'));
    ee.emit('x');
    calls.push('|');
    ee.emit('x');
    return calls;
  },
  ["a","b","|","a","b","late"]);
test("a listener removed during emit still runs this time", () => {
    const ee = new EventEmitter();
    const calls = [];
    const b = () => calls.push('b');
    ee.on('x', () => {
      calls.push('a');
      ee.off('x', b);
    });
    ee.on('x', b);
    ee.emit('x');
    ee.emit('x');
    return calls;
  },
  ["a","b","a"]);
test("an exception from a listener propagates and stops the rest", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.on('x', () => { throw new Error('listener failed'); });
    ee.on('x', () => calls.push('second'));
    try {
      ee.emit('x');
    } catch (err) {
      calls.push(err.message);
    }
    return calls;
  },
  ["listener failed"]);
test("a non-function listener is rejected", () => {
    try {
      new EventEmitter().on('x', 1);
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "TypeError ERR_INVALID_ARG_TYPE: The \"listener\" argument must be of type function. Received type number (1)");
test("an object listener is rejected", () => {
    try {
      new EventEmitter().once('x', {});
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "TypeError ERR_INVALID_ARG_TYPE: The \"listener\" argument must be of type function. Received an instance of Object");

// once
test("once listeners fire once", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.once('x', (v) => calls.push(v));
    ee.emit('x', 1);
    ee.emit('x', 2);
    return [calls, ee.listenerCount('x')];
  },
  [[1],0]);
test("prependOnceListener fires first and once", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.on('x', () => calls.push('on'));
    ee.prependOnceListener('x', () => calls.push('once'));
    ee.emit('x');
    ee.emit('x');
    return calls;
  },
  ["once","on","on"]);
test("a once listener can be removed by the original function", () => {
    const ee = new EventEmitter();
    const f = () => {};
    ee.once('x', f);
    ee.removeListener('x', f);
    return ee.listenerCount('x');
  },
  0);
test("a once listener re-emitting does not loop", () => {
    const ee = new EventEmitter();
    let count = 0;
    ee.once('x', () => {
      count++;
      ee.emit('x');
    });
    ee.emit('x');
    return count;
  },
  1);

// Removing
test("removeListener removes the last added instance", () => {
    const ee = new EventEmitter();
    const calls = [];
    const f = () => calls.push('f');
    const g = () => calls.push('g');
    ee.on('x', f);
    ee.on('x', g);
    ee.on('x', f);
    ee.removeListener('x', f);
    ee.emit('x');
    return calls;
  },
  ["f","g"]);
test("removing an unknown listener is a no-op", () => {
    const ee = new EventEmitter();
    ee.on('x', () => {});
    ee.removeListener('x', () => {});
    ee.removeListener('y', () => {});
    return ee.listenerCount('x');
  },
  1);
test("removeAllListeners for one event", () => {
    const ee = new EventEmitter();
    ee.on('a', () => {});
    ee.on('a', () => {});
    ee.on('b', () => {});
    ee.removeAllListeners('a');
    return [ee.listenerCount('a'), ee.listenerCount('b'), ee.eventNames()];
  },
  [0,1,["b"]]);
test("removeAllListeners for all events", () => {
    const ee = new EventEmitter();
    ee.on('a', () => {});
    ee.on('b', () => {});
    ee.removeAllListeners();
    return ee.eventNames();
  },
  []);

// Inspecting listeners
test("listeners unwraps once listeners", () => {
    const ee = new EventEmitter();
    const f = () => {};
    const g = () => {};
    ee.on('x', f);
    ee.once('x', g);
    const list = ee.listeners('x');
    return [list.length, list[0] === f, list[1] === g];
  },
  [2,true,true]);
test("rawListeners keeps the once wrappers", () => {
    const ee = new EventEmitter();
    const g = () => {};
    ee.once('x', g);
    const raw = ee.rawListeners('x');
    const calls = [];
    ee.on('x', () => calls.push('other'));
    raw[0]();
    return [raw.length, raw[0] === g, raw[0].listener === g, ee.listenerCount('x'), calls];
  },
  [1,false,true,1,[]]);
test("listeners returns a copy", () => {
    const ee = new EventEmitter();
    ee.on('x', () => {});
    ee.listeners('x').push(() => {});
    return [ee.listenerCount('x'), ee.listeners('none')];
  },
  [1,[]]);
test("listenerCount", () => {
    const ee = new EventEmitter();
    const f = () => {};
    ee.on('x', f);
    ee.on('x', () => {});
    ee.once('x', f);
    return [ee.listenerCount('x'), ee.listenerCount('x', f), ee.listenerCount('y'),
            EventEmitter.listenerCount(ee, 'x')];
  },
  [3,2,0,3]);
test("eventNames includes symbols", () => {
    const ee = new EventEmitter();
    ee.on('a', () => {});
    ee.on(Symbol('s'), () => {});
    ee.on('b', () => {});
    return ee.eventNames().map(String);
  },
  ["a","b","Symbol(s)"]);
test("getEventListeners", () => {
    const ee = new EventEmitter();
    const f = () => {};
    ee.on('x', f);
    return getEventListeners(ee, 'x')[0] === f;
  },
  true);

// newListener and removeListener events
test("newListener is emitted before adding", () => {
    const ee = new EventEmitter();
    const seen = [];
    const f = () => {};
    ee.on('newListener', (event, listener) => {
      seen.push([event, listener === f, ee.listenerCount(event)]);
    });
    ee.on('x', f);
    ee.on('x', f);
    return seen;
  },
  [["x",true,0],["x",true,1]]);
test("newListener reports once listeners as the original", () => {
    const ee = new EventEmitter();
    let reported;
    const f = () => {};
    ee.on('newListener', (event, listener) => { reported = listener; });
    ee.once('x', f);
    return reported === f;
  },
  true);
test("a newListener listener can prepend", () => {
    const ee = new EventEmitter();
    const calls = [];
    ee.once('newListener', (event) => {
      if (event === 'x') ee.on('x', () => calls.push('B'));
    });
    ee.on('x', () => calls.push('A'));
    ee.emit('x');
    return calls;
  },
  ["B","A"]);
test("removeListener is emitted after removing", () => {
    const ee = new EventEmitter();
    const seen = [];
    const f = () => {};
    const g = () => {};
    ee.on('removeListener', (event, listener) => {
      seen.push([event, listener === f ? 'f' : listener === g ? 'g' : '?', ee.listenerCount(event)]);
    });
    ee.on('x', f);
    ee.on('x', g);
    ee.off('x', f);
    ee.once('y', g);
    ee.emit('y');
    ee.removeAllListeners('x');
    return seen;
  },
  [["x","f",1],["y","g",0],["x","g",0]]);
test("removeAllListeners emits removeListener for each, LIFO", () => {
    const ee = new EventEmitter();
    const seen = [];
    ee.on('a', function a1() {});
    ee.on('a', function a2() {});
    ee.on('b', function b1() {});
    ee.on('removeListener', (event, listener) => seen.push(`${event}:${listener.name}`));
    ee.removeAllListeners();
    return [seen, ee.eventNames()];
  },
  [["a:a2","a:a1","b:b1"],[]]);

// Errors
test("emitting error without a listener throws the error", () => {
    const ee = new EventEmitter();
    const err = new Error('boom');
    try {
      ee.emit('error', err);
      return 'no throw';
    } catch (thrown) {
      return thrown === err;
    }
  },
  true);
test("emitting a non-error without a listener wraps it", () => {
    const ee = new EventEmitter();
    try {
      ee.emit('error', 'x');
      return 'no throw';
    } catch (err) {
      return [err instanceof Error, err.message, err.code, err.context];
    }
  },
  [true,"Unhandled error. ('x')","ERR_UNHANDLED_ERROR","x"]);
test("emitting an object error value shows it inspected", () => {
    try {
      new EventEmitter().emit('error', { a: 1 });
      return 'no throw';
    } catch (err) {
      return [err.message, err.context.a];
    }
  },
  ["Unhandled error. ({ a: 1 })",1]);
test("emitting error without arguments", () => {
    try {
      new EventEmitter().emit('error');
      return 'no throw';
    } catch (err) {
      return [err.message, err.code];
    }
  },
  ["Unhandled error. (undefined)","ERR_UNHANDLED_ERROR"]);
test("emitting error with a listener does not throw", () => {
    const ee = new EventEmitter();
    let got;
    ee.on('error', (err) => { got = err.message; });
    return [ee.emit('error', new Error('handled')), got];
  },
  [true,"handled"]);
test("errorMonitor sees errors before they are thrown", () => {
    const ee = new EventEmitter();
    const seen = [];
    ee.on(errorMonitor, (err) => seen.push(`monitor ${err.message}`));
    try {
      ee.emit('error', new Error('e1'));
    } catch (err) {
      seen.push(`thrown ${err.message}`);
    }
    return seen;
  },
  ["monitor e1","thrown e1"]);

// Listener limits
test("default max listeners is 10", () => [EventEmitter.defaultMaxListeners, new EventEmitter().getMaxListeners()],
  [10,10]);
test("setMaxListeners and getMaxListeners", () => {
    const ee = new EventEmitter();
    ee.setMaxListeners(3);
    return ee.getMaxListeners();
  },
  3);
test("setMaxListeners rejects negative numbers", () => {
    try {
      new EventEmitter().setMaxListeners(-1);
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "RangeError ERR_OUT_OF_RANGE: The value of \"setMaxListeners\" is out of range. It must be >= 0. Received -1");
test("setMaxListeners rejects non-numbers", () => {
    try {
      new EventEmitter().setMaxListeners('5');
      return 'no error';
    } catch (err) {
      return `${err.name} ${err.code}: ${err.message}`;
    }
  },
  "TypeError ERR_INVALID_ARG_TYPE: The \"setMaxListeners\" argument must be of type number. Received type string ('5')");
test("going over the limit warns once", () => {
    const ee = new EventEmitter();
    const warnings = captureWarnings(() => {
      for (let i = 0; i < 12; i++) ee.on('foo', () => {});
    });
    return warnings;
  },
  ["MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 11 foo listeners added to [EventEmitter]. MaxListeners is 10. Use emitter.setMaxListeners() to increase limit"]);
test("the warning names the class and honours setMaxListeners", () => {
    class Server extends EventEmitter {}
    const ee = new Server();
    ee.setMaxListeners(1);
    const warnings = captureWarnings(() => {
      ee.on('conn', () => {});
      ee.on('conn', () => {});
      const sym = Symbol('sym');
      ee.on(sym, () => {});
      ee.on(sym, () => {});
    });
    return warnings;
  },
  ["MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 2 conn listeners added to [Server]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit","MaxListenersExceededWarning: Possible EventEmitter memory leak detected. 2 Symbol(sym) listeners added to [Server]. MaxListeners is 1. Use emitter.setMaxListeners() to increase limit"]);
test("without console.warn the warning is skipped", () => {
    const ee = new EventEmitter();
    const saved = console.warn;
    console.warn = undefined;
    try {
      for (let i = 0; i < 12; i++) ee.on('foo', () => {});
    } finally {
      console.warn = saved;
    }
    return ee.listenerCount('foo');
  },
  12);
test("a limit of 0 means unlimited", () => {
    const ee = new EventEmitter();
    ee.setMaxListeners(0);
    return captureWarnings(() => {
      for (let i = 0; i < 20; i++) ee.on('x', () => {});
    });
  },
  []);

// Subclassing
test("class extends EventEmitter", () => {
    class Job extends EventEmitter {
      run() { this.emit('done', 'ok'); }
    }
    const job = new Job();
    let result;
    job.on('done', (r) => { result = r; });
    job.run();
    return [result, job instanceof EventEmitter];
  },
  ["ok",true]);
test("function-style subclass calling EventEmitter", () => {
    function Legacy() { EventEmitter.call(this); }
    Object.setPrototypeOf(Legacy.prototype, EventEmitter.prototype);
    const l = new Legacy();
    let got;
    l.on('x', (v) => { got = v; });
    l.emit('x', 5);
    return got;
  },
  5);

// Promise helpers
test("once() resolves with the event arguments", () => {
    const ee = new EventEmitter();
    const p = once(ee, 'ready');
    ee.emit('ready', 1, 2);
    return p;
  },
  [1,2]);
test("once() rejects on error and cleans up", async () => {
    const ee = new EventEmitter();
    const p = once(ee, 'ready');
    // Emitted on a later turn, as a real failure would be, so the promise
    // already has its handler when it rejects.
    await null;
    ee.emit('error', new Error('failed'));
    try {
      await p;
      return 'resolved';
    } catch (err) {
      return [err.message, ee.listenerCount('ready'), ee.listenerCount('error')];
    }
  },
  ["failed",0,0]);
test("on() iterates events", async () => {
    const ee = new EventEmitter();
    const seen = [];
    setTimeoutless(() => {
      ee.emit('tick', 1);
      ee.emit('tick', 2, 'b');
      ee.emit('tick', 3);
    });
    for await (const args of on(ee, 'tick')) {
      seen.push(args);
      if (seen.length === 3) break;
    }
    return [seen, ee.listenerCount('tick'), ee.listenerCount('error')];
  },
  [[[1],[2,"b"],[3]],0,0]);
test("on() rejects on error", async () => {
    const ee = new EventEmitter();
    const iterator = on(ee, 'tick');
    ee.emit('tick', 'a');
    const first = await iterator.next();
    const second = iterator.next();
    setTimeoutless(() => ee.emit('error', new Error('stop')));
    try {
      await second;
      return 'resolved';
    } catch (err) {
      return [first, err.message, (await iterator.next()).done];
    }
  },
  [{"value":["a"],"done":false},"stop",true]);
test("captureRejections turns a rejected listener into an error event", () => new Promise((resolve) => {
    const ee = new EventEmitter({ captureRejections: true });
    ee.on('error', (err) => resolve(`error event: ${err.message}`));
    ee.on('job', async () => {
      await null;
      throw new Error('async failure');
    });
    ee.emit('job');
  }),
  "error event: async failure");

run();
