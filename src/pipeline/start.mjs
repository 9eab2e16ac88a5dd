/**
 * `npm start`: runs src/pipeline/main.ts (or the TypeScript entry given as first
 * argument, e.g. a benchmark; flags such as --verbose go to the entry) as compiled JavaScript, compiling first what
 * changed (src/pipeline/build.mjs). Running through tsx instead costs about a
 * second of start-up: its hooks see every one of the ~700 modules Pact,
 * mocha and Fastify load (docs/performance.md).
 */
import Module, { enableCompileCache } from 'node:module';
import { resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { compiledPath, ensureBuilt, ensurePackagesBuilt } from './build.mjs';

const root = process.cwd();
// V8's code cache on disk (Node >= 22.1): the ~700 modules of Pact, mocha and Fastify load
// 15-20 % faster from the second run on; the variable passes it on to the verifier process.
process.env.NODE_COMPILE_CACHE = resolve(root, 'node_modules', '.cache', 'node-compile-cache');
enableCompileCache(process.env.NODE_COMPILE_CACHE);
// An entry, if given, comes first; what follows (or a first argument that is a flag) is its own.
const given = process.argv[2]?.startsWith('-') === false ? process.argv.splice(2, 1)[0] : undefined;
const entry = resolve(root, given ?? 'src/pipeline/main.ts');

// The workspace packages first: the pipeline loads them by name, from their dist/.
await ensurePackagesBuilt(root);
await ensureBuilt(root);
// The consumer stage hands mocha the .ts test files by name: load their compiled twins.
Module._extensions['.ts'] = (module, filename) => {
  module.exports = Module.createRequire(filename)(compiledPath(root, filename));
};
await import(pathToFileURL(compiledPath(root, entry)).href);
