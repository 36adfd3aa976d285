// node:timers: the timer functions an app also has as globals, and
// `promises` (node:timers/promises).
import { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate } from 'rtjs:internal/timers';
import * as promises from 'node:timers/promises';

export { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, promises };
export default { setTimeout, clearTimeout, setInterval, clearInterval, setImmediate, clearImmediate, promises };
