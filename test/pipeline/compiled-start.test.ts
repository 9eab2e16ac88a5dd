/**
 * `npm start` runs compiled JavaScript (src/pipeline/start.mjs): it compiles
 * what changed before running, so an edited source is never run stale.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { NOT_ON_CI } from '../support/sockets.js';
import { INTERACTIONS } from '../../contracts/index.js';

const build = () => import('../../src/pipeline/build.mjs');

describe('npm start, compiled', function () {
  this.timeout(60_000);

  describe('the build', () => {
    let root: string;
    const options = { dirs: ['src'], outDir: 'out' };
    const source = () => join(root, 'src', 'value.ts');
    const compiled = () => readFileSync(join(root, 'out', 'src', 'value.js'), 'utf8');
    /** Saves a source a little later than the last build (file times can be coarse). */
    const save = (file: string, text: string) => {
      writeFileSync(file, text);
      const later = Date.now() / 1000 + 2;
      utimesSync(file, later, later);
    };

    beforeEach(() => {
      root = mkdtempSync(join(tmpdir(), 'compiled-start-'));
      mkdirSync(join(root, 'src'));
      writeFileSync(source(), 'export const value: number = 1;\n');
    });

    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('compiles once, then only when a source changes', async () => {
      const { ensureBuilt } = await build();
      assert.equal(await ensureBuilt(root, options), true);
      assert.match(compiled(), /value = 1/);
      assert.equal(await ensureBuilt(root, options), false);
      save(source(), 'export const value: number = 2;\n');
      assert.equal(await ensureBuilt(root, options), true);
      assert.match(compiled(), /value = 2/);
    });

    it('compiles again when a source is added or removed', async () => {
      const { ensureBuilt } = await build();
      await ensureBuilt(root, options);
      const added = join(root, 'src', 'added.ts');
      writeFileSync(added, 'export const added = true;\n');
      assert.equal(await ensureBuilt(root, options), true);
      rmSync(added);
      assert.equal(await ensureBuilt(root, options), true);
    });
  });

  it('compiles each workspace package into the dist/ its package.json names, and only when it changed', async () => {
    const root = mkdtempSync(join(tmpdir(), 'compiled-packages-'));
    try {
      mkdirSync(join(root, 'packages', 'lib', 'src'), { recursive: true });
      writeFileSync(
        join(root, 'packages', 'lib', 'src', 'index.ts'),
        'export const lib: string = "ok";\n',
      );
      const { ensurePackagesBuilt } = await build();
      await ensurePackagesBuilt(root);
      const dist = join(root, 'packages', 'lib', 'dist', 'index.js');
      assert.match(readFileSync(dist, 'utf8'), /lib = "ok"/);
      const firstBuild = readFileSync(
        join(root, 'packages', 'lib', 'dist', 'build-stamp.json'),
        'utf8',
      );
      await ensurePackagesBuilt(root);
      assert.equal(
        readFileSync(join(root, 'packages', 'lib', 'dist', 'build-stamp.json'), 'utf8'),
        firstBuild,
      );
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('runs every stage of the pipeline', () => {
    const run = spawnSync(process.execPath, ['src/pipeline/start.mjs'], {
      encoding: 'utf8',
      env: { ...process.env, PACT_DO_NOT_TRACK: 'true', ...NOT_ON_CI },
    });
    assert.equal(run.status, 0, run.stdout + run.stderr);
    assert.deepEqual(
      run.stdout.split('\n').filter((line) => line.startsWith('ok   ')).length,
      4,
      run.stdout,
    );
    assert.match(
      run.stdout,
      new RegExp(
        `Verified ${INTERACTIONS.length} interactions against http://127\\.0\\.0\\.1:\\d+: ` +
          `${INTERACTIONS.length} passed, 0 failed`,
      ),
    );
  });
});
