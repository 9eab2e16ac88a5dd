/**
 * The compiled JavaScript `npm start` runs: every TypeScript file of the
 * pipeline's source folders, compiled by esbuild (what tsx uses, without
 * loader hooks on every module Node loads afterwards) into a cache folder,
 * again whenever a source is added, removed or newer than the last build.
 * Plain JavaScript: it runs before anything can compile TypeScript.
 */
import {
  existsSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import process from 'node:process';
import { join, relative } from 'node:path';

/** What the pipeline and its benchmarks load: the sources, the consumer tests and their support. */
export const SOURCE_DIRS = ['contracts', 'src', 'test/consumer', 'test/support', 'bench'];
export const BUILD_DIR = join('node_modules', '.cache', 'pipeline-build');
const STAMP = 'build-stamp.json';

const typeScriptFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return typeScriptFiles(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [path] : [];
  });

const readStamp = (outDir) => {
  try {
    return JSON.parse(readFileSync(join(outDir, STAMP), 'utf8'));
  } catch {
    return undefined;
  }
};

/** True when the last build is missing, or a source was added, removed or saved since it ran. */
const stale = (root, files, outDir) => {
  const stamp = readStamp(outDir);
  if (stamp === undefined || stamp.files.join('\n') !== files.join('\n')) return true;
  return files.some((file) => statSync(join(root, file)).mtimeMs > stamp.builtAtMs);
};

/**
 * Compiles `root`'s source folders into `root/outDir` unless the build is
 * current. Resolves to whether it compiled.
 */
export const ensureBuilt = async (
  root,
  { dirs = SOURCE_DIRS, outDir = BUILD_DIR, outbase = '.' } = {},
) => {
  const absoluteOut = join(root, outDir);
  const files = dirs
    .map((dir) => join(root, dir))
    .filter((dir) => existsSync(dir))
    .flatMap(typeScriptFiles)
    .map((file) => relative(root, file))
    .sort();
  if (!stale(root, files, absoluteOut)) return false;
  // Taken before compiling: a source saved during the build is compiled again next time.
  const builtAtMs = Date.now();
  // Loaded only to compile: a current build costs a directory scan, not esbuild.
  const { build } = await import('esbuild');
  // Built aside, then swapped in: another start running meanwhile never reads half a build.
  const fresh = `${absoluteOut}.${process.pid}.tmp`;
  try {
    await build({
      absWorkingDir: root,
      entryPoints: files,
      outdir: fresh,
      outbase,
      format: 'cjs',
      platform: 'node',
      target: 'node20',
      sourcemap: 'inline',
      logLevel: 'error',
    });
    writeFileSync(join(fresh, STAMP), JSON.stringify({ builtAtMs, files }));
    rmSync(absoluteOut, { recursive: true, force: true });
    try {
      renameSync(fresh, absoluteOut);
    } catch (error) {
      // Another start swapped in its build of the same sources between the two calls.
      if (!existsSync(absoluteOut)) throw error;
    }
  } finally {
    // Left over only when the build failed, or another start swapped its own build in first.
    rmSync(fresh, { recursive: true, force: true });
  }
  return true;
};

/** The workspace packages (packages/*), which the project loads by name, as a user would. */
const WORKSPACES_DIR = 'packages';

/**
 * Compiles each workspace package's src/ into its dist/, where its package.json points
 * Node, unless that build is current. Type checking and declarations stay with `tsc`
 * (the package's own `build`, run by `npm pack`); running needs only the JavaScript.
 */
export const ensurePackagesBuilt = async (root) => {
  const packagesDir = join(root, WORKSPACES_DIR);
  const packages = existsSync(packagesDir)
    ? readdirSync(packagesDir).filter((name) => existsSync(join(packagesDir, name, 'src')))
    : [];
  for (const name of packages) {
    const dir = join(WORKSPACES_DIR, name);
    await ensureBuilt(root, {
      dirs: [join(dir, 'src')],
      outDir: join(dir, 'dist'),
      outbase: join(dir, 'src'),
    });
  }
};

/** Where the compiled twin of a source file is. */
export const compiledPath = (root, source, outDir = BUILD_DIR) =>
  join(root, outDir, relative(root, source)).replace(/\.ts$/, '.js');
