// node:assert/strict: assert in strict mode (equal is strictEqual, deepEqual
// is deepStrictEqual, and so on).
import { strict } from 'node:assert';

export const {
  ok, fail, ifError, match, doesNotMatch, throws, doesNotThrow, rejects, doesNotReject, AssertionError, strictEqual,
  notStrictEqual, deepStrictEqual, notDeepStrictEqual, equal, notEqual, deepEqual, notDeepEqual,
} = strict;
export default strict;
