// node:module: createRequire, for an ES module that wants require (as
// `const require = createRequire(import.meta.url)`), and the Module class.
import { createRequire, Module } from 'rtjs:internal/cjs';

export { createRequire, Module };
export default { createRequire, Module };
