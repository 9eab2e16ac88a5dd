/**
 * `npm start`: runs src/pipeline/main.ts (or the TypeScript entry given as
 * argument, e.g. a benchmark) as compiled JavaScript, compiling first what
 * changed (src/pipeline/build.mjs). Running through tsx instead costs about a
 * second of start-up: its hooks see every one of the ~700 modules Pact,
 * mocha and Fastify load (docs/performance.md).
 */
import Module from 'node:module';
import { resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { compiledPath, ensureBuilt, ensurePackagesBuilt } from './build.mjs';

const root = process.cwd();
const entry = resolve(root, process.argv[2] ?? 'src/pipeline/main.ts');
process.argv.splice(2, 1);

// The workspace packages first: the pipeline loads them by name, from their dist/.
await ensurePackagesBuilt(root);
await ensureBuilt(root);
// The consumer stage hands mocha the .ts test files by name: load their compiled twins.
Module._extensions['.ts'] = (module, filename) => {
  module.exports = Module.createRequire(filename)(compiledPath(root, filename));
};
await import(pathToFileURL(compiledPath(root, entry)).href);
