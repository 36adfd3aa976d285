// A tiny test harness for JS tests run inside the kernel: test(name, fn)
// registers a case, run(file) runs them in order (awaiting async ones) and
// prints one line per case, "PASS file: name" or "FAIL file: name: why".
const cases = [];

export function test(name, fn) {
  cases.push({ name, fn });
}

// While cases run, a timer holds the isolate open: a case left waiting on
// something that cannot keep the event loop alive hangs (and the run times
// out) instead of ending the isolate quietly with the rest not run.
function holdOpen() {
  const t = setInterval(() => {}, 1 << 30);
  return () => clearInterval(t);
}

export async function run(file) {
  const release = holdOpen();
  for (const { name, fn } of cases) {
    try {
      await fn();
      console.log(`PASS ${file}: ${name}`);
    } catch (e) {
      const why = e instanceof Error ? `${e.message}${e.stack ? ` @ ${e.stack.split('\n')[0].trim()}` : ''}` : String(e);
      console.log(`FAIL ${file}: ${name}: ${why.replace(/\n/g, ' | ')}`);
    }
  }
  release();
}

function show(v) {
  try { return typeof v === 'string' ? JSON.stringify(v) : String(v); } catch { return '<?>'; }
}

export const assert = {
  ok(cond, msg = 'expected a truthy value') {
    if (!cond) throw new Error(msg);
  },
  equal(actual, expected, msg) {
    if (!Object.is(actual, expected))
      throw new Error(`${msg ? msg + ': ' : ''}got ${show(actual)}, expected ${show(expected)}`);
  },
  deepEqual(actual, expected, msg) {
    const a = JSON.stringify(actual), b = JSON.stringify(expected);
    if (a !== b) throw new Error(`${msg ? msg + ': ' : ''}got ${a}, expected ${b}`);
  },
  throws(fn, check, msg) {
    try { fn(); } catch (e) {
      if (check && !check(e)) throw new Error(`${msg || 'wrong error'}: ${e}`);
      return e;
    }
    throw new Error(msg || 'expected an exception');
  },
};

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// Cases with a literal expected value (tests whose expectations come from
// running the same case in Node): fn returns or resolves to the actual
// value, compared with `expected` exactly for strings, as JSON otherwise.
export function literalSuite(suite) {
  const cases = [];
  const showValue = (v) => (v === undefined ? 'undefined' : JSON.stringify(v));
  return {
    test(name, fn, expected) {
      cases.push({ name, fn, expected });
    },
    async run() {
      const release = holdOpen();
      for (const { name, fn, expected } of cases) {
        let reason;
        try {
          const actual = await fn();
          const same = typeof expected === 'string' ? actual === expected : showValue(actual) === showValue(expected);
          if (!same) reason = `expected ${showValue(expected)}, got ${showValue(actual)}`;
        } catch (err) {
          reason = `threw ${err && err.name}: ${err && err.message}`;
        }
        if (reason === undefined) console.log(`PASS ${suite}: ${name}`);
        else console.log(`FAIL ${suite}: ${name}: ${reason.replace(/\n/g, '\\n')}`);
      }
      release();
    },
  };
}

// What fn printed through console.warn, one string per call.
export function captureWarnings(fn) {
  const saved = console.warn;
  const lines = [];
  console.warn = (...args) => { lines.push(args.join(' ')); };
  try {
    fn();
  } finally {
    console.warn = saved;
  }
  return lines;
}
