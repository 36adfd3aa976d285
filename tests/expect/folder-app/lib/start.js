// A folder app: entry from package.json "main", a relative import with and
// without extension, a package from node_modules, JSON, import.meta.
// args: --env A=1 --env "B=two words \"quoted\""
// expect-exit: 3
// expect-output: hello, folder from greet@1.2.3
// expect-output: helper says 42
// expect-output: meta /lib/start.js
// expect-output: env B=two words "quoted"
import greet, { version } from 'greet';
import { answer } from './helper';
import data from '../data.json';
console.log(`${greet(data.name)} from greet@${version}`);
console.log(`helper says ${answer}`);
console.log(`meta ${import.meta.filename} ${import.meta.url}`);
console.log(`env B=${isolate.env.B}`);
isolate.exit(3);
